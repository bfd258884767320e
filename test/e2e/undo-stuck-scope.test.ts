// The hint of a bare `undo` stuck on a session (docs/ledger.md, "A bare `undo` with nothing it can
// send") names what it looked at, no more: with --gid it repeats the group (the session alone would
// undo the account's changes too), and a dry run with no cluster configured looks only on the
// cluster a real run must connect to. The built CLI (needs `npm run build`) against the sandbox IAM.
import { describe, expect, it } from 'vitest';
import { Ledger, ledgerPath, type LedgerLine } from '../../src/iam/ledger.js';
import { run, sandboxSuite } from '../iam/helpers.js';

const sb = sandboxSuite('a2g-undo-stuck-scope-', (iam) => {
  iam.addUser('svc', 'svc-pw');
  iam.addGroup('team', []);
});

const OLD = 'dcos:mesos:agent:log';
const TEAM = 'dcos:mesos:master:framework:role:team';
const MAYBE = 'dcos:mesos:master:weight';
// The second test's (the sandbox is the suite's: what the first left held stays).
const HERE = 'dcos:mesos:master:quota';
const UNREAD = 'dcos:mesos:master:flags';

/** `rid read` to svc (or, with `gid`, to the group) straight through the IAM API. */
async function hold(rid: string, gid?: string): Promise<void> {
  const at = `${sb.iam.httpUrl}/acs/api/v1/acls/${rid}`;
  const headers = { authorization: `token=${sb.token}`, 'content-type': 'application/json' };
  await fetch(at, { method: 'PUT', headers, body: JSON.stringify({ description: 'made by hand' }) });
  expect((await fetch(`${at}/${gid ? `groups/${gid}` : 'users/svc'}/read`, { method: 'PUT', headers })).status).toBe(204);
}

const line = (kind: 'intent' | 'outcome', id: string, session: string, rid: string, more: Partial<LedgerLine> = {}): LedgerLine => ({
  kind, id, time: new Date().toISOString(), cluster: sb.iam.httpsUrl, session, uid: 'svc', rid, action: 'read', op: 'grant', ...more,
});

/** A grant that went through (read as not held before), whole: its intent and its outcome. */
const granted = (id: string, session: string, rid: string, more: Partial<LedgerLine> = {}): LedgerLine[] => [
  line('intent', id, session, rid, { heldBefore: false, ...more }),
  { ...line('outcome', id, session, rid, more), outcome: 'granted', aclCreated: false },
];

/** What svc was last granted and the group, by hand: an intent alone whose holdings were unread (undo refuses it). */
const stuckLine = (session: string, rid: string, more: Partial<LedgerLine> = {}): LedgerLine => line('intent', 'm1', session, rid, { heldBefore: null, ...more });

describe('a bare undo --gid stuck on a session', () => {
  it('names the earlier session with the group: the hint, run as printed, takes back only the group\'s change', async () => {
    const group = { uid: '', gid: 'team' };
    await hold(OLD);
    await hold(TEAM, 'team');
    await hold(MAYBE, 'team');
    // One earlier session changed both the account and the group.
    new Ledger(ledgerPath(sb.env)).write([
      ...granted('o1', 'S-old', OLD),
      ...granted('t1', 'S-old', TEAM, group),
      stuckLine('S-new', MAYBE, group),
    ]);
    const hint = '  hint: `audit2grant undo --session S-old --gid team` undoes the nearest earlier session with changes left for group team\n';
    for (const extra of [[], ['--dry-run']]) {
      const u = await run(['undo', '--gid', 'team', ...extra, ...sb.flags()], sb.env);
      expect(u.stderr).toContain('nothing can be undone in session S-new, the latest with changes left for group team:');
      expect(u.stderr).toContain(hint);
      expect(u.code).toBe(extra.length > 0 ? 0 : 1);
    }
    const named = /`audit2grant (undo --session \S+ --gid team)`/.exec((await run(['undo', '--gid', 'team', ...sb.flags()], sb.env)).stderr)?.[1] ?? '';
    const p = await run([...named.split(' '), ...sb.flags()], sb.env);
    expect([p.code, p.stdout]).toEqual([0, `revoked        group team ${TEAM} read\n`]);
    expect(sb.aces('svc')).toEqual([`${OLD} read`]);

    const again = await run(['undo', '--gid', 'team', ...sb.flags()], sb.env);
    expect(again.stderr).toContain('  hint: no earlier session has changes left for group team to undo\n');
  });
});

describe('a bare undo --dry-run stuck, with no cluster configured', () => {
  it('names an earlier session of the cluster a real run must connect to, never one recorded elsewhere', async () => {
    await hold(HERE);
    await hold(UNREAD);
    new Ledger(ledgerPath(sb.env)).write([
      ...granted('o1', 'S-here', HERE),
      // Later, on another cluster: what a real run connected here never sees.
      ...granted('e1', 'S-elsewhere', TEAM, { cluster: 'https://other.example.com' }),
      stuckLine('S-new', UNREAD),
    ]);
    const dry = await run(['undo', '--dry-run'], sb.env);
    expect(dry.stderr).toContain(`no cluster configured: a real run must connect to ${sb.iam.httpsUrl}, where session S-new was recorded\n`);
    expect(dry.stderr).toContain('  hint: `audit2grant undo --session S-here` undoes the nearest earlier session with changes left\n');
    expect(dry.code).toBe(0);
    // What a real run connected there says.
    const real = await run(['undo', ...sb.flags()], sb.env);
    expect(real.stderr).toContain('  hint: `audit2grant undo --session S-here` undoes');
    expect(real.code).toBe(1);
  });
});
