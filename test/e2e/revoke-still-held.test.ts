// `revoke` from an account says when the account still holds the pair another way: through a group,
// or `full` on the same rid. "revoked" or "already absent" alone read as "no longer held". The whole
// program against the sandbox IAM over real HTTPS (needs `npm run build`).
import { describe, expect, it } from 'vitest';
import { run, sandboxSuite } from '../iam/helpers.js';

const ROLE = 'dcos:mesos:master:framework:role:team';
const LOG = 'dcos:mesos:master:log';
const ALONE = 'dcos:mesos:master:framework:role:alone';

const sb = sandboxSuite('a2g-revoke-held-', (iam) => {
  iam.addUser('svc', 'svc-pw');
  iam.addGroup('team', ['svc']);
});
const flags = () => sb.flags();

describe('revoke from an account that still holds the pair', () => {
  it('through a group: revoked, and a note names the group', async () => {
    // Held directly, then granted to its group too: the IAM keeps both.
    expect(await sb.hold([{ uid: 'svc', rid: ROLE, action: 'create' }, { uid: 'svc', rid: ALONE, action: 'create' }])).toEqual(['granted', 'granted']);
    expect((await run(['grant', '--gid', 'team', ROLE, 'create', '--yes', ...flags()], sb.env)).code).toBe(0);
    const r = await run(['revoke', '--uid', 'svc', ROLE, 'create', ALONE, 'create', ...flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^revoked +svc dcos:mesos:master:framework:role:team create/m);
    expect(r.stderr).toContain(`note: svc still has ${ROLE} create: held through group team; revoke it there for the account to lose it\n`);
    // A pair the account no longer holds at all gets no note.
    expect(r.stderr).not.toContain(ALONE);
  });

  it('by full on the same rid: already absent, and a note says full covers it', async () => {
    expect(await sb.hold([{ uid: 'svc', rid: LOG, action: 'full' }])).toEqual(['granted']);
    const r = await run(['revoke', '--uid', 'svc', LOG, 'read', ...flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^already absent +svc dcos:mesos:master:log read/m);
    expect(r.stderr).toContain(`note: svc still has ${LOG} read: covered by full on the same rid (held directly); revoke it there for the account to lose it\n`);
  });
});
