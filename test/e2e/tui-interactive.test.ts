// `audit2grant FILE --uid UID` on a real terminal (tmux) against the sandbox IAM: grant from the
// list, see an appended denial arrive live (file follow), undo, export, quit with the summary.
import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { auditLines, CASSANDRA_STAGES } from '../../src/sandbox/service/index.js';
import { BIN, exitCodeWritten, isolatedEnv, q, tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';
import { rsaPair } from '../iam/helpers.js';
import { nth } from '../helpers/nth.js';
import { loopFixture } from '../helpers/loop-iam.js';

const server = tmuxServer('a2g-tui-i');
const { start, pane, keys, history, until } = server.session('loop');
const UID = 'cassandra-sa';
const [ROLE, RES] = [nth(nth(CASSANDRA_STAGES, 0).checks, 0), nth(nth(CASSANDRA_STAGES, 1).checks, 0)];

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-tui-i', (i, d) => {
  iam = i;
  dir = d;
  iam.addServiceAccount(UID, rsaPair().publicPem);
});

const held = () => iam.aces().filter((a) => a.uid === UID).map((a) => `${a.rid} ${a.action}`);
const line = (c: typeof ROLE, t: number, seq: number) =>
  auditLines({ uid: UID, now: t, host: 'master-1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq }, c, 'deny').join('\n') + '\n';

describe.skipIf(!HAVE_TMUX)('interactive loop on a file, in tmux, against the sandbox', () => {
  it('grants, follows appends, undoes, exports and prints the summary', async () => {
    const log = join(dir, 'journal.log');
    const t = Date.now() - 60_000;
    writeFileSync(log, line(ROLE, t, 1) + line(ROLE, t + 1000, 2));
    const rc = join(dir, 'rc');
    const env = `${isolatedEnv(dir)} DCOS_PASSWORD=${q(iam.superuser.password)}`;
    const cmd = `cd ${q(dir)} && ${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${UID} --cluster-url ${q(iam.httpUrl)} --login-uid ${iam.superuser.uid} --quiet-period 1; echo $? > ${q(rc)}; sleep 60`;
    const t0 = Date.now();
    start(cmd);
    await until('the first finding', () => pane().includes(ROLE.rid));
    const firstMs = Date.now() - t0;
    // The file's last denial is reported once the followed file has been quiet for a moment (~200 ms).
    await until('both denials counted', () => /new\s+normal\s+2× create/.test(pane()));
    expect(pane()).toContain(`as ${iam.superuser.uid}`);

    keys('Space');
    await until('the selection', () => pane().includes('[x]'));
    keys('g');
    await until('the confirmation', () => pane().includes('grant 1 permission(s)'));
    keys('y');
    await until('the grant in the sandbox', () => held().includes(`${ROLE.rid} create`));
    await until('granted on screen', () => /granted\s+normal\s+2× create/.test(pane()) && pane().includes('round 2'));

    // The service retries and gets further: a new denial appended to the file shows up live.
    appendFileSync(log, line(RES, Date.now(), 3));
    await until('the appended denial', () => pane().includes(RES.rid));
    expect(pane()).toMatch(/pending 1/);

    keys('u');
    await until('the undo question', () => pane().includes('undo batch 1: revoke 1 permission(s) from cassandra-sa'));
    keys('y');
    await until('the undo in the sandbox', () => held().length === 0);
    await until('undo results', () => pane().includes('undo:'));

    keys('a');
    await until('selected', () => pane().includes('selected 2 safe'));
    keys('g');
    await until('the confirmation', () => pane().includes('grant 2 permission(s)'));
    keys('y');
    await until('two grants', () => held().length === 2);

    keys('e');
    await until('the export dialog', () => pane().includes('export 2 applied grant(s)'));
    keys('s');
    const exported = await until('the export message', () => /exported 2 grant\(s\) to (\S+\.sh)/.exec(pane())?.[1]);
    const script = readFileSync(exported, 'utf8');
    expect(script).toContain(`dcos security org users grant ${UID} ${ROLE.rid} create`);
    expect(script).toContain(`dcos security org users grant ${UID} ${RES.rid} create`);

    keys('q');
    await until('the exit', () => exitCodeWritten(rc));
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
    const out = history();
    expect(out).toMatch(/round 1 \(.*\):\n\s+denied\s+cassandra-sa dcos:mesos:master:framework:role:cassandra-role create \(2x\)/);
    expect(out).toMatch(/to revoke them: audit2grant undo --session \S+/);
    process.stderr.write(`[tui e2e] interactive: first finding on screen ${firstMs} ms after spawn\n`);
    expect(firstMs).toBeLessThan(5_000);
  }, 60_000);
});
