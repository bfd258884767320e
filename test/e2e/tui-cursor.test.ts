// The loop's cursor and typed-ahead keys on a real terminal (tmux) against the sandbox IAM: after
// a grant sorts the granted row apart the cursor is still on its finding; `g` and `y` sent in one
// write ask and grant nothing (the `y` came before the question was drawn); the filter, typed in
// one write with its `/`, moves the cursor to the nearest finding it shows and, cleared, leaves it
// there.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { auditLines, CASSANDRA_STAGES, type Check } from '../../src/sandbox/service/index.js';
import { BIN, exitCodeWritten, HAVE_TMUX, isolatedEnv, q, tmuxServer } from '../helpers/tmux.js';
import { rsaPair } from '../iam/helpers.js';
import { nth } from '../helpers/nth.js';
import { loopFixture } from '../helpers/loop-iam.js';

const server = tmuxServer('a2g-tui-cur');
const { start, pane, keys, until } = server.session('cur');
const UID = 'cassandra-sa';
const check = (stage: number, i: number): Check => nth(nth(CASSANDRA_STAGES, stage).checks, i);
const [ROLE, RES, VOL, TASK] = [check(0, 0), check(1, 0), check(1, 1), check(1, 2)];

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-tui-cur', (i, d) => {
  iam = i;
  dir = d;
  iam.addServiceAccount(UID, rsaPair().publicPem);
});

const held = () => iam.aces().filter((a) => a.uid === UID).map((a) => `${a.rid} ${a.action}`);
const line = (c: Check, seq: number) =>
  auditLines({ uid: UID, now: Date.now() - 60_000 + seq * 1000, host: 'master-1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq }, c, 'deny').join('\n') + '\n';
/** The list row under the cursor (`›`) is `c`'s. */
const cursorOn = (c: Check) => (p: string) => new RegExp(`›\\[.\\].*create\\s+${c.rid.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`).test(p);

describe.skipIf(!HAVE_TMUX)('the cursor and typed-ahead keys, against the sandbox', () => {
  it('keeps the cursor on its finding and takes no answer before the question shows', async () => {
    const log = join(dir, 'journal.log');
    writeFileSync(log, line(ROLE, 1) + line(RES, 2) + line(VOL, 3) + line(TASK, 4));
    const rc = join(dir, 'rc');
    const env = `${isolatedEnv(dir)} DCOS_PASSWORD=${q(iam.superuser.password)}`;
    start(`cd ${q(dir)} && ${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${UID} --cluster-url ${q(iam.httpUrl)} --login-uid ${iam.superuser.uid} --no-follow; echo $? > ${q(rc)}; sleep 60`, 160, 40);

    await until('the four denials', () => [ROLE, RES, VOL, TASK].every((c) => pane().includes(c.rid)) && cursorOn(ROLE)(pane()));
    keys('Space');
    await until('the selection', () => pane().includes('selected 1'));
    keys('Down');
    await until('the cursor on the reservation', () => cursorOn(RES)(pane()));
    keys('g');
    await until('the question', () => pane().includes('grant 1 permission(s) to cassandra-sa'));
    keys('y');
    await until('the grant in the sandbox', () => held().includes(`${ROLE.rid} create`));
    // The granted row sorts last; the cursor stays on the reservation, not on the row now second.
    const after = await until('the granted row last', () => {
      const p = pane();
      return /granted\s+normal\s+1× create\s+dcos:mesos:master:framework:role/.test(p) && p.includes('round 2') && p;
    });
    expect(cursorOn(RES)(after)).toBe(true);
    expect(after).toContain('findings 1/4');

    // Space, `g` and `y` in one write: the question shows, the `y` is not taken.
    keys('-l', ' gy');
    const asked = await until('the question, the y ignored', () => {
      const p = pane();
      return p.includes(`grant 1 permission(s) to ${UID}`) && p.includes('before this screen was shown is ignored') && p;
    });
    expect(asked).toContain(`${RES.rid} create`);
    expect(held()).toEqual([`${ROLE.rid} create`]);
    keys('n');
    await until('cancelled', () => pane().includes('cancelled: nothing granted'));
    expect(held()).toEqual([`${ROLE.rid} create`]);

    // The filter, typed with its `/` in one write: the reservation is hidden, the cursor goes to the
    // nearest finding below it that shows (the volume); Esc clears it and the cursor stays there.
    keys('-l', '/volume');
    await until('the filter', () => pane().includes('filter: volume') && cursorOn(VOL)(pane()));
    keys('Escape');
    const cleared = await until('the filter cleared', () => {
      const p = pane();
      return !p.includes('filter: volume') && p.includes('findings 2/4') && p;
    });
    expect(cursorOn(VOL)(cleared)).toBe(true);

    keys('q');
    await until('the exit', () => exitCodeWritten(rc));
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
  }, 60_000);
});
