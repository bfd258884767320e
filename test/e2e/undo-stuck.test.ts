// A bare `undo` whose latest session has nothing it can send (every change left is in flight, of
// unknown outcome and maybe held before, or unreadable) says why and names the session before it,
// and a revoke by hand that undo's refusal asked for finishes that undo rather than stopping the next
// bare undo with "grant it back" (docs/ledger.md, "A bare `undo` with nothing it can send"). The built
// CLI (needs `npm run build`) against the sandbox IAM over HTTPS.
import { beforeEach, describe, expect, it } from 'vitest';
import { Ledger, ledgerPath, intentWriter, type LedgerLine } from '../../src/iam/ledger.js';
import { run, sandboxSuite } from '../iam/helpers.js';
import { defined } from '../helpers/nth.js';

const sb = sandboxSuite('a2g-undo-stuck-', (iam) => iam.addUser('svc', 'svc-pw'));

const OLD = 'dcos:mesos:agent:log';
const MAYBE = 'dcos:mesos:master:weight';
const FLIGHT = 'dcos:mesos:master:quota';
const UNREAD = 'dcos:mesos:master:flags';

// One sandbox for the suite: each test starts with svc holding nothing.
beforeEach(async () => {
  for (const a of sb.aces('svc')) {
    const [rid, action] = a.split(' ');
    await fetch(`${sb.iam.httpUrl}/acs/api/v1/acls/${rid}/users/svc/${action}`, { method: 'DELETE', headers: { authorization: `token=${sb.token}` } });
  }
});

/** Grants `rid read` to svc straight through the IAM API: held before any session of ours. */
async function heldBefore(rid: string): Promise<void> {
  const at = `${sb.iam.httpUrl}/acs/api/v1/acls/${rid}`;
  const headers = { authorization: `token=${sb.token}`, 'content-type': 'application/json' };
  await fetch(at, { method: 'PUT', headers, body: JSON.stringify({ description: 'made by hand' }) });
  expect((await fetch(`${at}/users/svc/read`, { method: 'PUT', headers })).status).toBe(204);
}

const line = (kind: 'intent' | 'outcome', id: string, rid: string, more: Partial<LedgerLine> = {}): LedgerLine => ({
  kind, id, time: new Date().toISOString(), cluster: sb.iam.httpsUrl, session: 'S-new', uid: 'svc', rid, action: 'read', op: 'grant', ...more,
});

/** The earlier session: a real grant of OLD; its id. */
async function earlierGrant(): Promise<string> {
  const g = await run(['grant', '--uid', 'svc', OLD, 'read', ...sb.flags()], sb.env);
  expect(g.code).toBe(0);
  return defined(/session (\S+) \(undo/.exec(g.stderr)?.[1], 'the grant session');
}

const deletes = (mark: number) => sb.iam.requests.slice(mark).filter((r) => r.method === 'DELETE').map((r) => r.rawPath);

describe('a bare undo whose latest session has nothing it can send', () => {
  it('says why and names the nearest earlier session with changes left (dry run: the same, exit 0); that hint works, then none is left', async () => {
    const prev = await earlierGrant();
    for (const rid of [MAYBE, FLIGHT, UNREAD]) await heldBefore(rid);
    new Ledger(ledgerPath(sb.env)).write([
      line('intent', 'm1', MAYBE, { heldBefore: null }), // interrupted, what svc held unread
      line('intent', 'f1', FLIGHT, { heldBefore: false, ...intentWriter() }), // this test process runs: in flight
      line('intent', 'u1', UNREAD, { heldBefore: false }),
      { ...line('outcome', 'u1', UNREAD), outcome: 'granted-elsewhere' as never }, // a newer version's word
    ]);
    const why = 'nothing can be undone in session S-new, the latest with changes left: its 3 changes left are 1 still being sent by another run, 1 of unknown outcome and maybe held before it, 1 of unreadable outcome: nothing sent\n';
    const hint = `  hint: \`audit2grant undo --session ${prev}\` undoes the nearest earlier session with changes left\n`;
    const mark = sb.iam.requests.length;
    const u = await run(['undo', ...sb.flags()], sb.env);
    expect(u.stderr).toContain('undo of session S-new:\n');
    expect(u.stdout.split('\n').filter(Boolean).map((l) => l.split(/ +/).slice(0, 3).join(' '))).toEqual([
      `refused svc ${UNREAD}`, `refused svc ${FLIGHT}`, `refused svc ${MAYBE}`,
    ]);
    expect(u.stderr).toContain(`audit2grant: ${why}${hint}`);
    expect(u.code).toBe(1);

    const dry = await run(['undo', '--dry-run', ...sb.flags()], sb.env);
    expect(dry.stderr).toContain(`dry run: ${why}${hint}`);
    expect(dry.code).toBe(0);
    expect(deletes(mark)).toEqual([]);

    // The hint, run as given, undoes the earlier session; then no earlier one is left.
    const named = defined(/`(audit2grant undo --session \S+)`/.exec(u.stderr)?.[1], 'the command in the hint');
    const p = await run([...named.split(' ').slice(1), ...sb.flags()], sb.env);
    expect([p.code, p.stdout]).toEqual([0, `revoked        svc ${OLD} read\n`]);
    for (const extra of [[], ['--dry-run']]) {
      const again = await run(['undo', ...extra, ...sb.flags()], sb.env);
      expect(again.stderr).toContain('nothing can be undone in session S-new');
      expect(again.stderr).toContain('  hint: no earlier session has changes left to undo\n');
      expect(again.code).toBe(extra.length > 0 ? 0 : 1);
    }
    expect(sb.aces('svc')).toEqual([`${FLIGHT} read`, `${UNREAD} read`, `${MAYBE} read`].sort());
  });
});

describe('the revoke by hand that undo\'s refusal named', () => {
  it('finishes that undo: the next bare undo goes on to the session before it, never advising to grant it back', async () => {
    const prev = await earlierGrant();
    await heldBefore(MAYBE);
    new Ledger(ledgerPath(sb.env)).write([line('intent', 'm1', MAYBE, { heldBefore: null })]);
    const u = await run(['undo', ...sb.flags()], sb.env);
    expect(u.code).toBe(1);
    expect(u.stderr).toContain(`audit2grant undo --session ${prev}`);
    // Checked by hand (this test made it: it was held), then revoked as the refusal says.
    const revoke = defined(new RegExp(`\`(audit2grant revoke [^\`]*${MAYBE} read)\``).exec(u.stdout)?.[1], 'the revoke command');
    expect((await run([...revoke.split(' ').slice(1), ...sb.flags()], sb.env)).code).toBe(0);

    const next = await run(['undo', ...sb.flags()], sb.env);
    expect(next.stderr).not.toMatch(/grant it|audit2grant grant/);
    expect(next.stderr).toContain(`undo of session ${prev}:\n`);
    expect([next.code, next.stdout]).toEqual([0, `revoked        svc ${OLD} read\n`]);
    expect(sb.aces('svc')).toEqual([]);
    const last = await run(['undo', ...sb.flags()], sb.env);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('the ledger has no session with grants left to undo');
    expect(last.stderr).not.toMatch(/grant it|audit2grant grant/);
  });
});
