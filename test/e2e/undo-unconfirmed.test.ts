// `undo` of a grant whose answer was never read (the run killed after its intent, `heldBefore:
// false`) still revokes it, but says that a grant made by someone else since is gone too, with the
// grant that puts it back; --json marks it `grantUnconfirmed` (docs/ledger.md, "An intent alone").
// The built CLI (needs `npm run build`) against the sandbox IAM over HTTPS.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { Ledger, ledgerPath, type LedgerLine } from '../../src/iam/ledger.js';
import { run, sandboxSuite } from '../iam/helpers.js';
import { defined } from '../helpers/nth.js';

const sb = sandboxSuite('a2g-unconfirmed-', (iam) => iam.addUser('svc', 'svc-pw'));

// One sandbox for the suite: each test starts with svc holding nothing.
beforeEach(async () => {
  for (const a of sb.aces('svc')) {
    const [rid, action] = a.split(' ');
    await fetch(`${sb.iam.httpUrl}/acs/api/v1/acls/${rid}/users/svc/${action}`, { method: 'DELETE', headers: { authorization: `token=${sb.token}` } });
  }
});

const LOG = 'dcos:mesos:master:log';
const CAVEAT = `its grant's answer was never read: if someone granted it since, that grant is gone too: \`audit2grant grant --uid svc ${LOG} read\` puts it back`;

/** Grants `rid read` to svc straight through the IAM API, as a colleague would by hand. */
async function byHand(rid: string): Promise<void> {
  const at = `${sb.iam.httpUrl}/acs/api/v1/acls/${rid}`;
  const headers = { authorization: `token=${sb.token}`, 'content-type': 'application/json' };
  await fetch(at, { method: 'PUT', headers, body: JSON.stringify({ description: 'made by hand' }) });
  expect((await fetch(`${at}/users/svc/read`, { method: 'PUT', headers })).status).toBe(204);
}

const lone = (session: string, id: string, rid: string): LedgerLine => ({
  kind: 'intent', id, time: new Date().toISOString(), cluster: sb.iam.httpsUrl, session, uid: 'svc', rid, action: 'read', op: 'grant', heldBefore: false,
});

describe('undo of a grant whose answer was never read', () => {
  it('a grant killed mid-PUT, then granted by hand: undo revokes it and says the hand grant is gone too, with the grant that puts it back', async () => {
    let child: ChildProcess | undefined;
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    // The entry's PUT is held (never run): the run is killed while it waits, its intent alone in the ledger.
    sb.iam.faults.push({ kind: 'hold', until, method: 'PUT', path: `${LOG}/users/svc/read`, onHit: () => child?.kill('SIGKILL') });
    const g = await run(['grant', '--uid', 'svc', LOG, 'read', ...sb.flags()], sb.env, '', (p) => (child = p));
    expect(g.code).toBeNull(); // killed
    release(); // its connection is gone: the held PUT is never applied
    expect(new Ledger(ledgerPath(sb.env)).read().records).toEqual([expect.objectContaining({ rid: LOG, interrupted: true, heldBefore: false })]);
    await byHand(LOG);

    const u = await run(['undo', ...sb.flags()], sb.env);
    expect(u.stdout).toBe(`revoked        svc ${LOG} read  (${CAVEAT})\n`);
    expect(u.code).toBe(0);
    expect(sb.aces('svc')).toEqual([]);
    // The command named is exact: run as given, it puts the hand grant back.
    const named = defined(/`(audit2grant grant [^`]*)`/.exec(u.stdout)?.[1], 'the grant command');
    expect((await run([...named.split(' ').slice(1), ...sb.flags()], sb.env)).code).toBe(0);
    expect(sb.aces('svc')).toEqual([`${LOG} read`]);
  });

  it('--json marks the pair grantUnconfirmed; --dry-run says it would; a confirmed grant and an absent pair are not marked', async () => {
    const FLAGS = 'dcos:mesos:master:flags';
    const STATE = 'dcos:mesos:agent:log';
    expect((await run(['grant', '--uid', 'svc', STATE, 'read', ...sb.flags()], sb.env)).code).toBe(0);
    await byHand(LOG);
    const session = defined(new Ledger(ledgerPath(sb.env)).read().records[0]?.session, 'the grant session');
    // Two grants of the same session whose answers were never read: LOG held now (by hand), FLAGS not.
    new Ledger(ledgerPath(sb.env)).write([lone(session, 'u1', LOG), lone(session, 'u2', FLAGS)]);

    const dry = await run(['undo', '--dry-run', '--json', ...sb.flags()], sb.env);
    const planned = (JSON.parse(dry.stdout) as { results: Array<Record<string, unknown>> }).results;
    expect(planned.map((r) => [r.rid, r.grantUnconfirmed ?? false])).toEqual([[FLAGS, true], [LOG, true], [STATE, false]]);
    expect(planned[1]?.detail).toBe(CAVEAT.replace('that grant is gone too', 'that grant goes too'));

    const u = await run(['undo', '--json', ...sb.flags()], sb.env);
    const results = (JSON.parse(u.stdout) as { results: Array<Record<string, unknown>> }).results;
    expect(results.map((r) => [r.outcome, r.rid, r.grantUnconfirmed ?? false])).toEqual([
      ['already absent', FLAGS, false], // nothing was removed: nobody's grant is gone
      ['revoked', LOG, true],
      ['revoked', STATE, false], // answered granted: the holding was this session's
    ]);
    expect(results[1]?.detail).toBe(CAVEAT);
    expect(u.code).toBe(0);
  });
});
