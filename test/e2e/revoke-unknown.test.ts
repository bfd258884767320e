// An operator's test, whole program against the sandbox IAM over real HTTPS (needs `npm run build`):
// a revoke from an account or group the IAM does not know (a mistyped uid) fails, as a grant to one
// does; a revoke made by undo counts such an account's grant gone (docs/iam-api.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, sandboxSuite } from '../iam/helpers.js';

const KEEP = 'dcos:mesos:master:framework:role:keepme';
const TEAM = 'dcos:mesos:master:framework:role:team';

const sb = sandboxSuite('a2g-revoke-unknown-', (iam) => iam.addUser('svc', 'svc-pw'));

const flags = () => sb.flags();
const ledger = () => join(sb.dir, 'state', 'audit2grant', 'ledger.jsonl');

describe('revoke from an account the IAM does not know', () => {
  it('fails (exit 1) saying so, as a grant to one does; a group too', async () => {
    expect((await run(['grant', '--uid', 'svc', KEEP, 'create', ...flags()], sb.env)).code).toBe(0);
    const r = await run(['revoke', '--uid', 'svc-typo', KEEP, 'create', ...flags()], sb.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`failed         svc-typo ${KEEP} create  (the IAM does not know svc-typo (ERR_UNKNOWN_USER_ID): nothing to revoke; check the uid)\n`);
    expect(r.stderr).toContain('1 failed');
    expect(r.stderr).not.toContain('already absent');
    // The ACL exists (the sandbox answers a missing one first, ERR_UNKNOWN_RESOURCE_ID: already absent).
    expect((await run(['grant', '--uid', 'svc', TEAM, 'create', ...flags()], sb.env)).code).toBe(0);
    const grp = await run(['revoke', '--gid', 'no-such-team', TEAM, 'create', ...flags()], sb.env);
    expect(grp.code).toBe(1);
    expect(grp.stdout).toContain('(the IAM does not know group no-such-team (ERR_UNKNOWN_GROUP_ID): nothing to revoke; check the gid)');
    expect(sb.aces('svc')).toEqual([`${KEEP} create`, `${TEAM} create`]);
  });

  it('undo of a grant to an account deleted since counts it gone (already absent, exit 0)', async () => {
    // delete is not an action the catalog lists for a role: it needs a confirmation (--yes).
    const g = await run(['grant', '--uid', 'svc', KEEP, 'delete', '--yes', ...flags()], sb.env);
    expect(g.code).toBe(0);
    // The account is gone now: the ledger's records name one the IAM does not know.
    writeFileSync(ledger(), readFileSync(ledger(), 'utf8').replaceAll('"uid":"svc"', '"uid":"gone-svc"'));
    const u = await run(['undo', ...flags()], sb.env);
    expect([u.code, u.stdout]).toEqual([0, `already absent gone-svc ${KEEP} delete  (the IAM does not know gone-svc)\n`]);
    // The real grant is untouched (its ledger record was rewritten, not the IAM).
    expect(sb.aces('svc')).toContain(`${KEEP} delete`);
  });
});
