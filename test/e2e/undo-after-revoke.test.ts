// An operator's test, whole program against the sandbox IAM over real HTTPS (needs `npm run build`):
// a bare `undo` right after a plain `revoke` must not reach past it and take back an older session's
// grant (docs/ledger.md, "A bare `undo` after a plain revoke").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, sandboxSuite } from '../iam/helpers.js';

const KEEP = 'dcos:mesos:master:framework:role:keepme';
const PRE = 'dcos:mesos:master:framework:role:preexisting';
const TEAM = 'dcos:mesos:master:framework:role:team';

const sb = sandboxSuite('a2g-undo-revoke-', (iam) => {
  iam.addUser('svc', 'svc-pw');
  iam.addGroup('team', []);
});

const flags = () => sb.flags();
const sessionOf = (stderr: string): string => /session (\S+) \(undo/.exec(stderr)?.[1] ?? '';
/** What reached the IAM since `mark` that could change it (logins aside). */
const ledger = () => join(sb.dir, 'state', 'audit2grant', 'ledger.jsonl');
const changesSince = (mark: number) => sb.iam.requests.slice(mark).filter((r) => r.method !== 'GET' && !r.rawPath.endsWith('/auth/login'));

describe('a bare undo after a plain revoke', () => {
  it('sends nothing and names the revoke, the grant that puts it back and the session it passed over; --session still undoes that one', async () => {
    // Held before: granted from another ledger (an administrator's).
    const other = { ...sb.env, XDG_STATE_HOME: join(sb.dir, 'other-state') };
    expect((await run(['grant', '--uid', 'svc', PRE, 'create', ...flags()], other)).code).toBe(0);
    const g = await run(['grant', '--uid', 'svc', KEEP, 'create', ...flags()], sb.env);
    expect(g.code).toBe(0);
    const grantSession = sessionOf(g.stderr);
    const r = await run(['revoke', '--uid', 'svc', PRE, 'create', ...flags()], sb.env);
    expect(r.code).toBe(0);
    const revokeSession = (JSON.parse(readFileSync(ledger(), 'utf8').trim().split('\n').at(-1) ?? '{}') as { session?: string }).session;
    expect(revokeSession).not.toBe(grantSession);
    expect(sb.aces('svc')).toEqual([`${KEEP} create`]);

    const mark = sb.iam.requests.length;
    for (const extra of [[], ['--dry-run'], ['--json']]) {
      const u = await run(['undo', ...extra, ...flags()], sb.env);
      expect(u.code).toBe(1);
      expect(u.stdout).toBe('');
      expect(u.stderr).toContain(`the latest change not yet undone is a revoke of ${PRE} create from svc (session ${revokeSession})`);
      expect(u.stderr).toContain('nothing sent');
      expect(u.stderr).toContain(`\`audit2grant grant --uid svc ${PRE} create\``);
      expect(u.stderr).toContain(`\`audit2grant undo --session ${grantSession}\``);
    }
    expect(changesSince(mark)).toEqual([]);
    expect(sb.aces('svc')).toEqual([`${KEEP} create`]);

    // Named, the earlier session is undone; the revoke is still the latest change, with nothing before it.
    const named = await run(['undo', '--session', grantSession, ...flags()], sb.env);
    expect([named.code, named.stdout]).toEqual([0, `revoked        svc ${KEEP} create\n`]);
    expect(sb.aces('svc')).toEqual([]);
    const again = await run(['undo', ...flags()], sb.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/a revoke of \S+ create from svc .*\n.*no earlier session has changes left to undo/);
  });

  it('what changed nothing does not count, nor an account\'s revoke for undo --gid', async () => {
    const g = await run(['grant', '--gid', 'team', TEAM, 'create', ...flags()], sb.env);
    expect(g.code).toBe(0);
    // Already absent: nothing changed, so the bare undo still takes the grant back.
    const absent = await run(['revoke', '--uid', 'svc', PRE, 'delete', ...flags()], sb.env);
    expect([absent.code, absent.stdout]).toEqual([0, `already absent svc ${PRE} delete  (ERR_USER_NOT_IN_ACL)\n`]);
    // An account's revoke after it: `undo --gid team` is about the group's changes only.
    expect((await run(['grant', '--uid', 'svc', KEEP, 'read', ...flags()], { ...sb.env, XDG_STATE_HOME: join(sb.dir, 'other-state') })).code).toBe(0);
    expect((await run(['revoke', '--uid', 'svc', KEEP, 'read', ...flags()], sb.env)).code).toBe(0);
    expect((await run(['undo', ...flags()], sb.env)).code).toBe(1);
    const u = await run(['undo', '--gid', 'team', ...flags()], sb.env);
    expect([u.code, u.stdout]).toEqual([0, `revoked        group team ${TEAM} create\n`]);
  });
});
