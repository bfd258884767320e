// Several accounts in one loop (no --uid), on a real terminal (tmux, 200x60) against the sandbox
// IAM: one batch grants to two accounts (each account's ACLs checked in the sandbox), the question
// names both and marks the inferred (Marathon) pair, and undo asks, naming both, before revoking.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { auditLines, CASSANDRA_STAGES, type Check } from '../../src/sandbox/service/index.js';
import { BIN, exitCodeWritten, HAVE_TMUX, isolatedEnv, q, tmuxServer } from '../helpers/tmux.js';
import { rsaPair } from '../iam/helpers.js';
import { nth } from '../helpers/nth.js';
import { loopFixture } from '../helpers/loop-iam.js';

const server = tmuxServer('a2g-tui-acc');
const { start, pane, keys, history, until } = server.session('acc');
const [CASS, KAFKA] = ['cassandra-sa', 'kafka-sa'];
const check = (stage: number, i: number): Check => nth(nth(CASSANDRA_STAGES, stage).checks, i);
const ROLE = check(0, 0);
const RES: Check = { ...check(1, 0), rid: 'dcos:mesos:master:reservation:role:kafka-role' };
const APP: Check = { ...check(2, 1), rid: 'dcos:service:marathon:marathon:services:/kafka', marathon: { action: 'ViewRunSpec', path: '/kafka' } };

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-tui-acc', (i, d) => {
  iam = i;
  dir = d;
  iam.addServiceAccount(CASS, rsaPair().publicPem);
  iam.addServiceAccount(KAFKA, rsaPair().publicPem);
});

const held = (uid: string) => iam.aces().filter((a) => a.uid === uid).map((a) => `${a.rid} ${a.action}`).sort();
const line = (uid: string, c: Check, seq: number) =>
  auditLines({ uid, now: Date.now() - 60_000 + seq * 1000, host: 'master-1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq }, c, 'deny').join('\n') + '\n';

describe.skipIf(!HAVE_TMUX)('several accounts in one loop, against the sandbox', () => {
  it('grants to two accounts in one batch, names both, and undo asks before revoking from both', async () => {
    const log = join(dir, 'journal.log');
    writeFileSync(log, line(CASS, ROLE, 1) + line(KAFKA, RES, 2) + line(KAFKA, APP, 3));
    const rc = join(dir, 'rc');
    const env = `${isolatedEnv(dir)} DCOS_PASSWORD=${q(iam.superuser.password)}`;
    start(`cd ${q(dir)} && ${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --cluster-url ${q(iam.httpUrl)} --login-uid ${iam.superuser.uid} --no-follow; echo $? > ${q(rc)}; sleep 60`, 200, 60);

    await until('both accounts', () => pane().includes('── cassandra-sa (1 finding)') && pane().includes('── kafka-sa (2 findings)'));
    expect(pane()).toContain('every account (2)');
    expect(pane()).toMatch(/services:\/kafka ~/); // inferred, marked in the list
    keys('a');
    await until('the safe selection', () => pane().includes('selected 2 safe finding(s): g to grant; 1 inferred (~) left to check and select by hand'));
    keys('g');
    // A frame reaches the terminal in more than one write: each check waits for the lines it
    // asserts, not only for a title, and asserts on that same capture.
    const question = await until('the question', () => {
      const p = pane();
      return p.includes('grant 2 permission(s) to 2 accounts: cassandra-sa, kafka-sa:') && p.includes('reservation:role:kafka-role create') && p;
    });
    expect(question).toMatch(/cassandra-sa \(1\):\s*│\n│\s+dcos:mesos:master:framework:role:cassandra-role create/);
    expect(question).toMatch(/kafka-sa \(1\):\s*│\n│\s+dcos:mesos:master:reservation:role:kafka-role create/);
    keys('y');
    await until('both grants in the sandbox', () => held(CASS).length === 1 && held(KAFKA).length === 1);
    expect(held(CASS)).toEqual([`${ROLE.rid} create`]);
    expect(held(KAFKA)).toEqual([`${RES.rid} create`]);
    const result = await until('the batch result naming both', () => {
      const p = pane();
      return p.includes('batch 1: granted 2 for cassandra-sa, kafka-sa') && p.includes('granted 2 ·') && /granted\s+kafka-sa\s+dcos:mesos:master:reservation:role:kafka-role create/.test(p) && p;
    });
    expect(result).toMatch(/granted\s+kafka-sa\s+dcos:mesos:master:reservation:role:kafka-role create/);

    // The inferred pair, by hand: the question says it is inferred.
    keys('/', 'k', 'a', 'f', 'k', 'a', '-', 's', 'a', 'Enter');
    await until('the filter', () => pane().includes('filter: kafka-sa  (1 hidden)'));
    keys('Space', 'g');
    const inferred = await until('the question', () => {
      const p = pane();
      return p.includes('grant 1 permission(s) to kafka-sa:') && p.includes('inferred from ViewRunSpec /kafka') && p;
    });
    expect(inferred).toContain('inferred from ViewRunSpec /kafka');
    keys('n');
    await until('cancelled', () => pane().includes('cancelled: nothing granted'));

    // (No Escape before `u`: in the list it does nothing, and sent together with `u` a terminal
    // reads the two as Alt+u, which the loop rightly ignores.)
    keys('u');
    await until('the undo question', () => pane().includes('undo batch 1: revoke 2 permission(s) from 2 accounts: cassandra-sa, kafka-sa'));
    expect(held(CASS)).toHaveLength(1); // asked first: nothing revoked yet
    keys('y');
    await until('both revoked in the sandbox', () => held(CASS).length === 0 && held(KAFKA).length === 0);
    await until('the undo result naming both', () => pane().includes('undo: revoked 2 for cassandra-sa, kafka-sa'));

    keys('q');
    await until('the exit', () => exitCodeWritten(rc));
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
    const out = history();
    expect(out).toMatch(/granted\s+cassandra-sa dcos:mesos:master:framework:role:cassandra-role create/);
    expect(out).toMatch(/granted\s+kafka-sa dcos:mesos:master:reservation:role:kafka-role create/);
    expect(out).toMatch(/undo\s+kafka-sa dcos:mesos:master:reservation:role:kafka-role create: revoked/);
  }, 60_000);
});
