import { describe, expect, it } from 'vitest';
import { aclPath, dcosCliLine, encodeRid, grantPath, httpRequestsFor } from '../../../src/core/plan/index.js';
import { shellQuote } from '../../../src/core/text.js';
import { validateAction, validateRid, validateUid } from '../../../src/core/policy/index.js';

describe('validation', () => {
  it.each([
    ['svc-app', null], ['a.b_c@d-e', null], ['x'.repeat(96), null],
    ['', /empty/], ['x'.repeat(97), /at most 96/], ['svc app', /characters/], ['svc/app', /characters/], ['svc;rm', /characters/],
    ['svc\napp', /characters/], ['svc%2F', /characters/], ['ü', /characters/], ['../x', /characters/],
    ['svc\u2011app', /"svc\\u2011app" has characters/], ['svc-\u0430pp', /"svc-\\u0430pp" has characters/],
  ])('uid %j', (uid, want) => {
    const got = validateUid(uid);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
    // The reason names the value in printable ASCII: a look-alike shows as its escape.
    if (got) expect(got).toMatch(/^[\x20-\x7e…]+$/);
  });

  it.each([
    ['dcos:adminrouter:ops:mesos', null], ['dcos:service:marathon:marathon:services:/dev/app', null], ['dcos:cluster:linker:*', null],
    ['', /empty/], ['adminrouter:ops', /start with 'dcos:'/], ['/slave(1)/state', /start with 'dcos:'/],
    ['dcos:x?y', /'\?'/], ['dcos:x#y', /'#'/], ['dcos:x%252Fy', /'%'/], ['dcos:x%2Fy', /'%'/], ['dcos:x\\..\\dcos:superuser', /'\\'/],
    ['dcos:x y', /whitespace/], ['dcos:x\ty', /control/], ['dcos:x\ny', /control/], ['dcos:x\u001b[31m', /control/],
    ['dcos:x\u0000', /control/], ['dcos:x\u0085', /control/], ['dcos:x\u00a0y', /whitespace/], ['dcos:x\u2028', /whitespace/],
    ['dcos:' + 'a'.repeat(3000), /characters long/], ['dcos:secrets:default:/caf\u00e9', /non-ASCII/], ['dcos:x:\u20ac', /non-ASCII/],
    ['dcos:service:marathon:marathon:services:/prod\u2011payments', /"dcos:service:marathon:marathon:services:\/prod\\u2011payments" contains non-ASCII/],
    ['dcos:x:\u{1d5ba}', /"dcos:x:\\u\{1d5ba\}" contains non-ASCII/],
  ])('rid %j', (rid, want) => {
    const got = validateRid(rid);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
    if (got) expect(got).toMatch(/^[\x20-\x7e…]+$/);
  });

  it.each([
    ['full', null], ['create', null], ['read', null], ['update', null], ['delete', null],
    ['FULL', /not one of/], ['GET', /not one of/], ['', /not one of/], ['read ', /not one of/], ['*', /not one of/],
  ])('action %j', (action, want) => {
    const got = validateAction(action);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });
});

describe('paths and requests', () => {
  it.each([
    ['dcos:adminrouter:ops:mesos', 'dcos:adminrouter:ops:mesos'],
    ['dcos:service:marathon:marathon:services:/dev', 'dcos:service:marathon:marathon:services:%252Fdev'],
    ['dcos:service:marathon:marathon:services:/', 'dcos:service:marathon:marathon:services:%252F'],
    ['dcos:mesos:master:framework:role:slave_public/a/b', 'dcos:mesos:master:framework:role:slave_public%252Fa%252Fb'],
    ['dcos:cluster:linker:*', 'dcos:cluster:linker:*'],
  ])('encodeRid(%s)', (rid, want) => {
    expect(encodeRid(rid)).toBe(want);
  });

  it('builds the ACL and ACE paths', () => {
    expect(aclPath('dcos:service:marathon:marathon:services:/dev')).toBe('/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev');
    expect(grantPath('dcos:a/b', 'svc', 'create')).toBe('/acs/api/v1/acls/dcos:a%252Fb/users/svc/create');
  });

  it('grant = PUT ACL with a description, then PUT ACE; revoke = DELETE ACE only', () => {
    const pair = { uid: 'svc', rid: 'dcos:service:marathon:marathon:services:/dev', action: 'create' };
    expect(httpRequestsFor(pair, 'grant')).toEqual([
      { method: 'PUT', path: '/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev', body: '{"description":"Created by audit2grant"}' },
      { method: 'PUT', path: '/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev/users/svc/create' },
    ]);
    const revoke = httpRequestsFor(pair, 'revoke');
    expect(revoke).toEqual([{ method: 'DELETE', path: '/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev/users/svc/create' }]);
    expect(revoke.some((r) => r.method === 'DELETE' && !r.path.includes('/users/'))).toBe(false);
  });

  it('refuses to plan an invalid pair', () => {
    expect(() => httpRequestsFor({ uid: 'svc', rid: 'dcos:x?y', action: 'full' }, 'grant')).toThrow(/invalid grant/);
    expect(() => httpRequestsFor({ uid: 'a b', rid: 'dcos:x', action: 'full' }, 'revoke')).toThrow(/invalid revoke/);
  });

  it.each([
    [{ uid: 'svc', rid: 'dcos:service:marathon:marathon:services:/dev', action: 'create' }, 'grant', 'dcos security org users grant svc dcos:service:marathon:marathon:services:/dev create'],
    [{ uid: 'svc', rid: 'dcos:cluster:linker:*', action: 'read' }, 'revoke', "dcos security org users revoke svc 'dcos:cluster:linker:*' read"],
    [{ uid: 'svc', rid: "dcos:x:it's", action: 'read' }, 'grant', "dcos security org users grant svc 'dcos:x:it'\\''s' read"],
  ] as const)('dcosCliLine %#', (pair, op, want) => {
    expect(dcosCliLine(pair, op)).toBe(want);
  });

  it.each([
    ['plain', 'plain'], ['a:b/c', 'a:b/c'], ['$(x)', "'$(x)'"], ['`x`', "'`x`'"], ["'", "''\\'''"], ['a b', "'a b'"], ['*', "'*'"], ['', "''"],
  ])('shellQuote(%j)', (s, want) => {
    expect(shellQuote(s)).toBe(want);
  });
});
