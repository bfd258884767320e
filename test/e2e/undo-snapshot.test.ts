// `undo --session S` reads the ledger once: the check made before connecting and the plan come from
// the same read, so another run appending meanwhile (here, while the login is answered) cannot make
// them disagree (docs/ledger.md, "One read"). The built CLI (needs `npm run build`) against the
// sandbox IAM over HTTPS, logging in with a password so that connecting makes a request to hold.
import { describe, expect, it } from 'vitest';
import { Ledger, ledgerPath, type LedgerLine } from '../../src/iam/ledger.js';
import { run, sandboxSuite } from '../iam/helpers.js';
import { defined } from '../helpers/nth.js';

const sb = sandboxSuite('a2g-undo-snapshot-', (iam) => iam.addUser('svc', 'svc-pw'));

const A = 'dcos:mesos:master:log';
const B = 'dcos:mesos:master:flags';

describe('undo --session reads the ledger once', () => {
  it('a grant of the session appended while it connects is not part of this undo', async () => {
    const g = await run(['grant', '--uid', 'svc', A, 'read', ...sb.flags()], sb.env);
    expect(g.code).toBe(0);
    const session = defined(/session (\S+) \(undo/.exec(g.stderr)?.[1], 'the grant session');
    // B is held, and while the undo logs in, a line saying that session granted it is appended.
    const headers = { authorization: `token=${sb.token}`, 'content-type': 'application/json' };
    await fetch(`${sb.iam.httpUrl}/acs/api/v1/acls/${B}`, { method: 'PUT', headers, body: '{"description":"x"}' });
    expect((await fetch(`${sb.iam.httpUrl}/acs/api/v1/acls/${B}/users/svc/read`, { method: 'PUT', headers })).status).toBe(204);
    const base = { time: new Date().toISOString(), cluster: sb.iam.httpsUrl, session, uid: 'svc', rid: B, action: 'read', op: 'grant' } as const;
    const late: LedgerLine[] = [{ kind: 'intent', id: 'late1', ...base, heldBefore: false }, { kind: 'outcome', id: 'late1', ...base, outcome: 'granted', aclCreated: false }];
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    sb.iam.faults.push({
      kind: 'hold', until, method: 'POST', path: '/auth/login',
      onHit: () => {
        new Ledger(ledgerPath(sb.env)).write(late);
        release();
      },
    });
    const mark = sb.iam.requests.length;
    const u = await run(['undo', '--session', session, '--cluster-url', sb.iam.httpsUrl, '--ca-cert', sb.iam.caPath, '--login-uid', sb.iam.superuser.uid], { ...sb.env, DCOS_PASSWORD: sb.iam.superuser.password });
    expect(sb.iam.requests.slice(mark).some((r) => r.fault === 'hold')).toBe(true);
    expect([u.code, u.stdout]).toEqual([0, `revoked        svc ${A} read\n`]);
    expect(sb.iam.requests.slice(mark).filter((r) => r.method === 'DELETE').map((r) => r.rawPath)).toEqual([`/acs/api/v1/acls/${A}/users/svc/read`]);
    expect(sb.aces('svc')).toEqual([`${B} read`]);
    // The next undo of the session reads it anew: the appended grant is taken back then.
    const again = await run(['undo', '--session', session, ...sb.flags()], sb.env);
    expect(again.stdout).toContain(`revoked        svc ${B} read\n`);
    expect(sb.aces('svc')).toEqual([]);
  });
});
