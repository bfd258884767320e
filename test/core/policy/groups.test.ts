// Group pairs (`--gid`): the same table of risk and consents as for an account, a valid gid, the
// `superusers` group refused whatever the consents, and one key per group ACE.
import { describe, expect, it } from 'vitest';
import { acePath, dcosCliLine, httpRequestsFor } from '../../../src/core/plan/index.js';
import { decide, EVERY_CONSENT, NO_CONSENT, pairKey, principalLabel, uniquePairs, validatePair } from '../../../src/core/policy/index.js';

const G = (rid: string, action = 'full', gid = 'ops', uid = '') => ({ uid, rid, action, gid });

describe('group pairs and the policy', () => {
  it('risk decides as for an account', () => {
    expect(decide(G('dcos:mesos:master:framework:role:r', 'create'), NO_CONSENT).verdict).toBe('allow');
    expect(decide(G('dcos:adminrouter:package'), NO_CONSENT).verdict).toBe('refuse');
    expect(decide(G('dcos:adminrouter:package'), { ...NO_CONSENT, yes: true }).verdict).toBe('allow');
    expect(decide(G('dcos:superuser'), { ...NO_CONSENT, yes: true }).verdict).toBe('refuse');
    const d = decide(G('dcos:superuser'), { ...NO_CONSENT, yes: true, allowDangerous: true });
    expect(d.verdict).toBe('allow');
    expect(d.warning).toMatch(/to group ops/);
  });

  it('the gid must be valid; an empty uid is fine for a group pair only', () => {
    expect(validatePair(G('dcos:x'))).toBeNull();
    expect(validatePair({ uid: '', rid: 'dcos:x', action: 'full' })).toMatch(/uid is empty/);
    expect(validatePair(G('dcos:x', 'full', '..'))).toMatch(/^gid "\.\." is only dots/);
    expect(validatePair(G('dcos:x', 'full', 'a/b'))).toMatch(/^gid "a\/b" has characters/);
    expect(validatePair(G('dcos:x', 'full', '-rf'))).toMatch(/^gid .* starts with '-'/);
    expect(decide(G('dcos:x', 'full', 'a b'), EVERY_CONSENT)).toMatchObject({ verdict: 'refuse', rule: 'invalid', final: true });
  });

  it("DC/OS's superusers group is never changed, in any case, grant or revoke", () => {
    for (const gid of ['superusers', 'SuperUsers']) {
      expect(decide(G('dcos:mesos:master:framework:role:r', 'create', gid), EVERY_CONSENT)).toMatchObject({ verdict: 'refuse', rule: 'group', final: true });
      expect(decide(G('dcos:mesos:master:framework:role:r', 'create', gid), { op: 'revoke', mode: 'unattended' }).verdict).toBe('refuse');
    }
  });

  it("a group pair's account is still checked: a native account's denial is not answered through a group", () => {
    expect(decide(G('dcos:adminrouter:ops:mesos', 'full', 'ops', 'dcos_mesos_master'), EVERY_CONSENT)).toMatchObject({ verdict: 'refuse', rule: 'native' });
  });

  it('one key per group ACE, whatever account it answers for; never the same key as an account', () => {
    expect(uniquePairs([G('dcos:x', 'full', 'ops', 'a'), G('dcos:x', 'full', 'ops', 'b'), G('dcos:x', 'read', 'ops', 'a')])).toHaveLength(2);
    expect(pairKey(G('dcos:x', 'full', 'ops'))).not.toBe(pairKey({ uid: 'ops', rid: 'dcos:x', action: 'full' }));
    expect(principalLabel(G('dcos:x'))).toBe('group ops');
    expect(principalLabel({ uid: 'svc' })).toBe('svc');
  });

  it("requests and the dcos command name the group's ACE", () => {
    const p = G('dcos:service:marathon:marathon:services:/dev', 'create');
    expect(acePath(p)).toBe('/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev/groups/ops/create');
    expect(httpRequestsFor(p, 'grant').map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev',
      'PUT /acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev/groups/ops/create',
    ]);
    expect(httpRequestsFor(p, 'revoke')).toEqual([{ method: 'DELETE', path: '/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev/groups/ops/create' }]);
    expect(dcosCliLine(p, 'revoke')).toBe('dcos security org groups revoke ops dcos:service:marathon:marathon:services:/dev create');
  });
});
