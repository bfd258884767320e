// The red team's sequence, whole program (needs `npm run build`): grant, undo, an administrator grants
// the same permission by hand, then `undo --session S` again: S is reported already undone, exit 0,
// and no DELETE reaches the IAM (docs/ledger.md, "What `undo` takes back"). A session the ledger does
// not hold is said so before any cluster is asked for.
import { describe, expect, it } from 'vitest';
import { run, sandboxSuite } from '../iam/helpers.js';

const LOG = 'dcos:mesos:master:log';
const sb = sandboxSuite('a2g-undo-twice-', (iam) => iam.addUser('svc', 'svc-pw'));

describe('undo --session of a session already undone', () => {
  it('says so, sends nothing, and leaves the grant an administrator made since', async () => {
    const g = await run(['grant', '--uid', 'svc', LOG, 'read', ...sb.flags()], sb.env);
    expect(g.code).toBe(0);
    const session = /session (\S+) \(undo with/.exec(g.stderr)?.[1] ?? '';
    expect(session).not.toBe('');
    const u = await run(['undo', '--session', session, ...sb.flags()], sb.env);
    expect([u.code, u.stdout]).toEqual([0, `revoked        svc ${LOG} read\n`]);

    const byHand = await fetch(`${sb.iam.httpUrl}/acs/api/v1/acls/${LOG}/users/svc/read`, { method: 'PUT', headers: { authorization: `token=${sb.token}` }, signal: AbortSignal.timeout(5000) });
    expect(byHand.status).toBe(204);
    const mark = sb.iam.requests.length;

    const plain = await run(['undo', ...sb.flags()], sb.env);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/no session with grants left to undo/);

    const again = await run(['undo', '--session', session, ...sb.flags()], sb.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^already undone svc ${LOG} read {2}\\(revoked by the undo in session \\S+ at \\S+ \\(revoked\\): nothing sent\\)\\n$`));
    expect(again.stderr).toContain('1 already undone');

    const dry = await run(['undo', '--session', session, '--dry-run', '--json'], sb.env);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).results.map((r: { outcome: string }) => r.outcome)).toEqual(['already undone']);
    expect(dry.stderr).toContain(`already undone svc ${LOG} read: revoked by the undo in session`);

    expect(sb.iam.requests.slice(mark).filter((r) => r.method !== 'GET' && !r.rawPath.endsWith('/auth/login'))).toEqual([]);
    expect(sb.aces('svc')).toEqual([`${LOG} read`]);
  });
});

describe('undo --session of a session the ledger does not hold', () => {
  it('says so before asking for a cluster or connecting to one', async () => {
    const none = await run(['undo', '--session', '20260301T100000Z-abcdef'], sb.env);
    expect([none.code, none.stderr]).toEqual([1, 'audit2grant: no session 20260301T100000Z-abcdef in the ledger\n  hint: see `audit2grant history`\n']);
    const mark = sb.iam.requests.length;
    const there = await run(['undo', '--session', '20260301T100000Z-abcdef', ...sb.flags()], sb.env);
    expect([there.code, there.stderr]).toEqual([1, none.stderr]);
    expect(sb.iam.requests.length).toBe(mark); // not even a login
  });
});
