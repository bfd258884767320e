// The loop's second list (v: held, not used in the window) on a real terminal (tmux, 160x50)
// against the sandbox IAM (needs `npm run build`): the account holds a used grant, an unused one
// and one through a group; the list shows the verdicts and the short window's warning; the unused
// grant is selected, the question names the account and the pair, and the sandbox's ACE is gone
// after `y` (its ACL stays); `u` asks, and after `y` the grant is back.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam } from '../../src/iam/client.js';
import { auditLines, type Check } from '../../src/sandbox/service/index.js';
import { BIN, exitCodeWritten, HAVE_TMUX, isolatedEnv, q, tmuxServer } from '../helpers/tmux.js';
import { cleanEnv, loginToken, run } from '../iam/helpers.js';
import { loopFixture } from '../helpers/loop-iam.js';

const server = tmuxServer('a2g-tui-unused');
const { start, pane, keys, history, until } = server.session('unused');
const UID = 'svc';
const OPS = 'dcos:adminrouter:ops:mesos';
const ROLE = 'dcos:mesos:master:framework:role:svc-role';
const META = 'dcos:adminrouter:ops:metadata';

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-tui-unused', async (i, d) => {
  iam = i;
  dir = d;
  iam.addUser(UID, 'svc-pw');
  iam.addGroup('ops', [UID]);
  // The account's grants, through the IAM API, with a ledger of their own (not the loop's under test).
  const c = await connectIam({ flags: { clusterUrl: iam.httpUrl, token: await loginToken(iam) }, env: cleanEnv(dir), ledgerPath: join(dir, 'setup-ledger.jsonl') });
  const g = await c.grant([{ uid: UID, rid: OPS, action: 'full' }, { uid: UID, rid: ROLE, action: 'create' }, { uid: '', gid: 'ops', rid: META, action: 'full' }], { yes: true });
  expect(g.results.map((r) => r.outcome)).toEqual(['granted', 'granted', 'granted']);
  c.close();
});

const held = () => iam.aces().filter((a) => a.uid === UID).map((a) => `${a.rid} ${a.action}`).sort();

/** Two hours of one master: the account uses its role; another principal's line marks the window's end. */
function logs(now: number): string {
  const at = (t: number, uid: string, c: Check, seq: number) =>
    auditLines({ uid, now: t, host: 'master-1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq }, c, 'allow').join('\n');
  return [
    at(now - 2 * 3600_000, 'other', { checker: 'adminrouter', rid: 'dcos:adminrouter:ops:exhibitor', action: 'full' }, 1),
    at(now - 3600_000, UID, { checker: 'mesos', rid: ROLE, action: 'create' }, 2),
    at(now - 60_000, 'other', { checker: 'mesos', rid: 'dcos:mesos:master:framework:role:x', action: 'create' }, 3),
  ].join('\n') + '\n';
}

describe.skipIf(!HAVE_TMUX)('the held-not-used list in the loop, against the sandbox', () => {
  it('revokes a grant not used in the window after asking, and undo grants it back after asking', async () => {
    const log = join(dir, 'journal.log');
    writeFileSync(log, logs(Date.now()));
    const rc = join(dir, 'rc');
    const env = `${isolatedEnv(dir)} DCOS_PASSWORD=${q(iam.superuser.password)}`;
    start(`cd ${q(dir)} && ${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${UID} --cluster-url ${q(iam.httpUrl)} --login-uid ${iam.superuser.uid} --no-follow; echo $? > ${q(rc)}; sleep 60`, 160, 50);

    await until('the loop', () => pane().includes('v unused'));
    expect(held()).toEqual([`${OPS} full`, `${ROLE} create`]);
    keys('v');
    await until('the verdicts', () => pane().includes('held by svc, not used in the window: 1 of 2 direct grant(s) unused, 1 through groups'));
    const p = pane();
    expect(p).toMatch(/warning: the window read is shorter than 7 d on 1 host: master-1 \(2 h\)/);
    expect(p).toMatch(/›\[ \] unused\s+norm\s+dcos:adminrouter:ops:mesos\s+full\s+not used in the window/);
    expect(p).toMatch(/\[ \] used\s+norm\s+dcos:mesos:master:framework:role:svc-role\s+create\s+last \d{4}-/);
    expect(p).toMatch(/group\s+norm\s+dcos:adminrouter:ops:metadata\s+full\s+held through group ops/);

    keys('Space');
    await until('the selection', () => /›\[x\] selected\s+norm\s+dcos:adminrouter:ops:mesos/.test(pane()));
    keys('g');
    // A frame reaches tmux in more than one write: wait for what is asserted, in the same capture.
    const question = await until('the question', () => {
      const p = pane();
      return p.includes('revoke 1 permission(s) from svc:') && /dcos:adminrouter:ops:mesos full/.test(p) && p;
    });
    expect(question).toMatch(/dcos:adminrouter:ops:mesos full/);
    expect(held()).toEqual([`${OPS} full`, `${ROLE} create`]); // asked first: nothing revoked yet
    keys('y');
    await until('the revoke in the sandbox', () => held().length === 1);
    expect(held()).toEqual([`${ROLE} create`]);
    expect(iam.acls()).toContain(OPS); // the ACL stays
    expect(iam.groupAces().filter((a) => a.gid === 'ops').map((a) => a.rid)).toEqual([META]);
    await until('the result', () => pane().includes('revoke batch 1 done: u grants it back') && /revoked\s+norm\s+dcos:adminrouter:ops:mesos/.test(pane()));

    keys('u');
    await until('the undo question', () => pane().includes('undo revoke batch 1: grant 1 permission(s) back to svc'));
    expect(held()).toEqual([`${ROLE} create`]); // asked first
    keys('y');
    await until('the grant back in the sandbox', () => held().length === 2);
    expect(held()).toEqual([`${OPS} full`, `${ROLE} create`]);
    await until('the undo result', () => pane().includes('undo of revoke batch 1: granted 1 for svc'));

    keys('q');
    await until('the exit', () => exitCodeWritten(rc));
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
    expect(history()).toMatch(/session \S+/);
    // The ledger has the revoke and its undo (recorded as undoing it): `audit2grant undo` finds nothing left.
    const ledger = readFileSync(join(dir, 'xdg', 'audit2grant', 'ledger.jsonl'), 'utf8');
    expect(ledger).toMatch(/"op":"revoke".*"outcome":"revoked"/);
    expect(ledger).toMatch(/"op":"grant".*"undoOf":"\S+"/);
    const un = await run(['undo', '--cluster-url', iam.httpUrl, '--login-uid', iam.superuser.uid], { ...cleanEnv(dir), XDG_STATE_HOME: join(dir, 'xdg'), DCOS_PASSWORD: iam.superuser.password });
    expect(un.stderr).toContain('the ledger has no session with grants left to undo');
    expect(held()).toEqual([`${OPS} full`, `${ROLE} create`]);
  }, 60_000);

  // Review r-loop, finding 1: the v list's `u` goes by the ledger as `undo` does. Granted back by the
  // CLI's undo meanwhile, then removed by hand: `u` must not grant it back again.
  it('u after the CLI granted the revoke back (and it was removed again) sends nothing and says so', async () => {
    const s = server.session('unused-ledger');
    const home = join(dir, 'ledger-home');
    const log = join(dir, 'journal2.log');
    writeFileSync(log, logs(Date.now()));
    const rc = join(dir, 'rc2');
    const env = `${isolatedEnv(home)} DCOS_PASSWORD=${q(iam.superuser.password)}`;
    s.start(`mkdir -p ${q(home)} && cd ${q(home)} && ${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${UID} --cluster-url ${q(iam.httpUrl)} --login-uid ${iam.superuser.uid} --no-follow; echo $? > ${q(rc)}; sleep 60`, 160, 50);
    await s.until('the loop', () => s.pane().includes('v unused'));
    s.keys('v');
    await s.until('the verdicts', () => /›\[ \] unused\s+norm\s+dcos:adminrouter:ops:mesos/.test(s.pane()));
    s.keys('Space');
    await s.until('the selection', () => /›\[x\] selected\s+norm\s+dcos:adminrouter:ops:mesos/.test(s.pane()));
    s.keys('g');
    await s.until('the question', () => s.pane().includes('revoke 1 permission(s) from svc:'));
    s.keys('y');
    await s.until('the result', () => s.pane().includes('revoke batch 1 done: u grants it back'));
    expect(held()).toEqual([`${ROLE} create`]);

    const cliEnv = { ...cleanEnv(dir), HOME: home, XDG_STATE_HOME: join(home, 'xdg'), DCOS_DIR: join(home, 'dcos'), DCOS_PASSWORD: iam.superuser.password };
    const cli = (...args: string[]) => run([...args, '--cluster-url', iam.httpUrl, '--login-uid', iam.superuser.uid], cliEnv);
    const session = /"session":"([^"]+)"/.exec(readFileSync(join(home, 'xdg', 'audit2grant', 'ledger.jsonl'), 'utf8'))?.[1] as string;
    expect((await cli('undo', '--session', session, '--yes')).code).toBe(0);
    expect(held()).toEqual([`${OPS} full`, `${ROLE} create`]);
    expect((await cli('revoke', '--uid', UID, OPS, 'full')).code).toBe(0);
    expect(held()).toEqual([`${ROLE} create`]);

    const before = iam.requests.length;
    s.keys('u');
    await s.until('the undo question', () => s.pane().includes('undo revoke batch 1: grant 1 permission(s) back to svc'));
    s.keys('y');
    await s.until('the undo result', () => s.pane().includes('undo of revoke batch 1: already undone 1 for svc'));
    expect(s.pane()).toMatch(/already undone svc +dcos:adminrouter:ops:mesos full {2}granted back by the undo in session/);
    expect(s.pane()).toContain('undo: nothing sent for 1 pair(s)');
    expect(iam.requests.slice(before).filter((r) => r.method === 'PUT')).toEqual([]);
    expect(held()).toEqual([`${ROLE} create`]);
    s.keys('q');
    await s.until('the exit', () => exitCodeWritten(rc));
    s.kill();
  }, 60_000);
});
