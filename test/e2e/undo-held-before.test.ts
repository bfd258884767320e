// A grant's intent says what the batch's holdings read found for the pair before it was sent
// (`heldBefore`); an intent left alone (a run killed, an outcome line that could not be written) is
// revoked by `undo` only when it says the pair was not held: otherwise undo sends nothing for it and
// names the revoke to run after a check by hand (docs/ledger.md). The built CLI (needs `npm run
// build`) against the sandbox IAM over HTTPS, and through a proxy that refuses the holdings read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renameSync, rmSync, symlinkSync } from 'node:fs';
import { connectIam } from '../../src/iam/client.js';
import { Ledger, ledgerPath, type LedgerLine } from '../../src/iam/ledger.js';
import { run, sandboxSuite } from '../iam/helpers.js';
import { startIamProxy, type IamProxy } from '../helpers/iam-proxy.js';
import { defined } from '../helpers/nth.js';

const sb = sandboxSuite('a2g-held-before-', (iam) => iam.addUser('svc', 'svc-pw'));

// The holdings read refused (403) while `perms403`: grants are sent with what svc held unknown.
let perms403 = false;
let proxy: IamProxy;
beforeAll(async () => {
  proxy = await startIamProxy(sb.iam.httpUrl, (req, res) => {
    if (!perms403 || !/\/users\/[^/]+\/permissions$/.test(req.url ?? '')) return false;
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'ERR_FORBIDDEN', description: 'forbidden' }));
    return true;
  });
});
afterAll(() => proxy.close());
// One sandbox for the suite: each test starts with svc holding nothing.
beforeEach(async () => {
  perms403 = false;
  for (const a of sb.aces('svc')) {
    const [rid, action] = a.split(' ');
    await fetch(`${sb.iam.httpUrl}/acs/api/v1/acls/${rid}/users/svc/${action}`, { method: 'DELETE', headers: { authorization: `token=${sb.token}` } });
  }
});
const viaProxy = () => ['--cluster-url', proxy.url, '--token', sb.token];

/** Grants `rid read` to svc straight through the IAM API: held before any session of ours. */
async function heldBefore(rid: string): Promise<void> {
  const at = `${sb.iam.httpUrl}/acs/api/v1/acls/${rid}`;
  const headers = { authorization: `token=${sb.token}`, 'content-type': 'application/json' };
  await fetch(at, { method: 'PUT', headers, body: JSON.stringify({ description: 'made by hand' }) });
  expect((await fetch(`${at}/users/svc/read`, { method: 'PUT', headers })).status).toBe(204);
}

const lone = (session: string, id: string, rid: string, held: Partial<LedgerLine>): LedgerLine => ({
  kind: 'intent', id, time: new Date().toISOString(), cluster: sb.iam.httpsUrl, session, uid: 'svc', rid, action: 'read', op: 'grant', ...held,
});

const why = (session: string, rid: string, because: string): string =>
  `not revoked: no outcome is recorded (interrupted, or not written) and svc may have held it before session ${session} sent it (${because}): check \`audit2grant history\` and the IAM, and if this tool granted it: \`audit2grant revoke --uid svc ${rid} read\``;

describe('an intent alone: undo revokes it only when it says the pair was not held before', () => {
  it('false: revoked; null, true, or absent (an older audit2grant): refused with the revoke to run, nothing sent', async () => {
    const rid = { no: 'dcos:mesos:master:log', unread: 'dcos:mesos:master:flags', yes: 'dcos:mesos:master:state', old: 'dcos:mesos:master:quota' };
    for (const r of Object.values(rid)) await heldBefore(r);
    new Ledger(ledgerPath(sb.env)).write([
      lone('S-lone', 'h1', rid.no, { heldBefore: false }),
      lone('S-lone', 'h2', rid.unread, { heldBefore: null }),
      lone('S-lone', 'h3', rid.yes, { heldBefore: true }),
      lone('S-lone', 'h4', rid.old, {}),
    ]);
    const mark = sb.iam.requests.length;
    const u = await run(['undo', '--session', 'S-lone', ...sb.flags()], sb.env);
    expect(u.stdout).toBe(
      `revoked        svc ${rid.no} read  (its grant's answer was never read: if someone granted it since, that grant is gone too: \`audit2grant grant --uid svc ${rid.no} read\` puts it back)\n` +
        `refused        svc ${rid.old} read  (${why('S-lone', rid.old, 'its intent, from an older audit2grant, does not say')})\n` +
        `refused        svc ${rid.yes} read  (${why('S-lone', rid.yes, 'its intent says it held it already')})\n` +
        `refused        svc ${rid.unread} read  (${why('S-lone', rid.unread, 'what it held could not be read before the grant')})\n`,
    );
    expect(u.code).toBe(1); // as other refusals
    expect(sb.iam.requests.slice(mark).filter((r) => r.method === 'DELETE').map((r) => r.rawPath)).toEqual([`/acs/api/v1/acls/${rid.no}/users/svc/read`]);
    expect(sb.aces('svc')).toEqual([`${rid.unread} read`, `${rid.old} read`, `${rid.yes} read`]);

    // The command named is exact: run as given, it revokes the pair.
    const named = defined(new RegExp(`\`(audit2grant revoke [^\`]*${rid.unread} read)\``).exec(u.stdout)?.[1], 'the revoke command');
    const r = await run([...named.split(' ').slice(1), ...sb.flags()], sb.env);
    expect(r.code).toBe(0);
    expect(sb.aces('svc')).toEqual([`${rid.old} read`, `${rid.yes} read`]);
  });

  it('a bare undo stops at the newest session whose grant alone may have been held before, never undoing an older one past it', async () => {
    const OLD = 'dcos:mesos:agent:log';
    const NEW = 'dcos:mesos:master:weight';
    expect((await run(['grant', '--uid', 'svc', OLD, 'read', ...sb.flags()], sb.env)).code).toBe(0);
    await heldBefore(NEW);
    new Ledger(ledgerPath(sb.env)).write([lone('S-new', 'n1', NEW, { heldBefore: null })]);
    const u = await run(['undo', ...sb.flags()], sb.env);
    expect(u.stderr).toContain('undo of session S-new:\n');
    expect(u.stdout).toBe(`refused        svc ${NEW} read  (${why('S-new', NEW, 'what it held could not be read before the grant')})\n`);
    expect(u.code).toBe(1);
    expect(sb.aces('svc')).toEqual([`${OLD} read`, `${NEW} read`]);
  });
});

describe('the loop\'s u on a batch (the same undo, narrowed to its pairs)', () => {
  it('revokes the pair not held before, refuses the one whose holdings were unread, sends nothing for it', async () => {
    const NO = 'dcos:mesos:master:log';
    const UNREAD = 'dcos:mesos:master:flags';
    for (const r of [NO, UNREAD]) await heldBefore(r);
    const client = await connectIam({ flags: { clusterUrl: sb.iam.httpsUrl, caCert: sb.iam.caPath, token: sb.token }, env: sb.env, sessionId: 'S-loop' });
    try {
      client.ledger.write([lone('S-loop', 'l1', NO, { heldBefore: false }), lone('S-loop', 'l2', UNREAD, { heldBefore: null })]);
      const list = [NO, UNREAD].map((rid) => ({ uid: 'svc', rid, action: 'read' }));
      const shown: string[] = []; // what the loop's progress shows, pair by pair, as the batch runs
      const u = await client.undo('S-loop', (r) => shown.push(`${r.outcome} ${r.detail}`), { pairs: { list, op: 'grant' } });
      expect(u.results.map((r) => [r.outcome, r.rid, r.detail])).toEqual([
        ['revoked', NO, `its grant's answer was never read: if someone granted it since, that grant is gone too: \`audit2grant grant --uid svc ${NO} read\` puts it back`],
        ['refused', UNREAD, why('S-loop', UNREAD, 'what it held could not be read before the grant')],
      ]);
      expect(shown).toContain(`revoked ${u.results[0]?.detail ?? ''}`);
      expect(sb.aces('svc')).toEqual([`${UNREAD} read`]);
    } finally {
      client.close();
    }
  });
});

describe('a grant whose outcome could not be written, its holdings unread', () => {
  it('held before the session (the IAM answers already held): undo leaves it in place and says why', async () => {
    const RID = 'dcos:mesos:agent:flags';
    await heldBefore(RID);
    perms403 = true;
    const path = ledgerPath(sb.env);
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    // While the entry's PUT waits, the ledger is swapped for a link: the outcome line cannot be written.
    sb.iam.faults.push({
      kind: 'hold', until, method: 'PUT', path: `${RID}/users/svc/read`,
      onHit: () => {
        renameSync(path, `${path}.away`);
        symlinkSync(`${path}.away`, path);
        release();
      },
    });
    const g = await run(['grant', '--uid', 'svc', RID, 'read', ...viaProxy()], sb.env);
    expect(g.stdout).toMatch(/^already held +svc /);
    expect(g.stderr).toMatch(/could not read what svc holds/);
    expect(g.stderr).toMatch(new RegExp(`the outcome of this grant of svc ${RID} read is not recorded, and what was held before it could not be read: undo will not revoke it`));
    rmSync(path);
    renameSync(`${path}.away`, path);
    const { records } = new Ledger(path).read();
    expect(records).toEqual([expect.objectContaining({ rid: RID, outcome: 'unknown', interrupted: true, heldBefore: null })]);
    expect((await run(['history'], sb.env)).stdout).toContain('interrupted: may be applied, may have been held before');

    perms403 = false;
    const u = await run(['undo', ...viaProxy()], sb.env);
    expect(u.stdout).toMatch(new RegExp(`^refused +svc ${RID} read +\\(not revoked: no outcome is recorded .*\`audit2grant revoke --uid svc ${RID} read\`\\)\\n$`));
    expect(u.code).toBe(1);
    expect(sb.aces('svc')).toEqual([`${RID} read`]); // what svc held before the session is still held
  });
});
