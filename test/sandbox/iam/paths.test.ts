import { describe, expect, test } from 'vitest';
import { aclUrl, iamSegments, iamUnquote, proxyDecode, ridProblem } from '../../../src/sandbox/iam/paths.js';

describe('proxyDecode (Admin Router: decode once, normalise)', () => {
  test.each([
    ['/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev', '/acs/api/v1/acls/dcos:service:marathon:marathon:services:%2Fdev'],
    ['/acs/api/v1/acls/dcos:service:marathon:marathon:services:%2Fdev', '/acs/api/v1/acls/dcos:service:marathon:marathon:services:/dev'],
    ['/acs/api/v1/acls/a%3Ab', '/acs/api/v1/acls/a:b'],
    ['/acs//api/v1///users', '/acs/api/v1/users'],
    ['/acs/api/v1/./users/../acls', '/acs/api/v1/acls'],
    ['/acs/api/v1/acls/', '/acs/api/v1/acls/'],
    ['/acs/api/v1/users?type=service', '/acs/api/v1/users'],
  ])('%s → %s', (raw, path) => {
    const r = proxyDecode(raw);
    expect(r.ok && r.path).toBe(path);
  });

  test.each([['/acs/api/v1/acls/%zz'], ['/acs/api/v1/acls/%2'], ['/acs/api/v1/acls/a%00b'], ['/../etc'], ['acs/api/v1']])('400 for %s', (raw) => {
    expect(proxyDecode(raw)).toEqual({ ok: false, status: 400 });
  });

  test('keeps the query apart', () => {
    const r = proxyDecode('/acs/api/v1/users?type=service');
    expect(r.ok && r.query.get('type')).toBe('service');
  });
});

describe('IAM side', () => {
  test.each([
    ['dcos:service:marathon:marathon:services:%2Fdev', 'dcos:service:marathon:marathon:services:/dev'],
    ['plain', 'plain'],
    ['broken%zz', 'broken%zz'],
    ['%25', '%'],
  ])('unquote %s → %s', (seg, out) => expect(iamUnquote(seg)).toBe(out));

  test.each([
    ['dcos:mesos:master:task:app_id:/dev/app', null],
    ['dcos:adminrouter:service:*', null],
    ['', 'empty resource id'],
    ['a?b', 'resource id contains one of `?#%`'],
    ['a#b', 'resource id contains one of `?#%`'],
    ['a%2Fb', 'resource id contains one of `?#%`'],
    ['a b', 'resource id contains whitespace or a control character'],
    ['a\tb', 'resource id contains whitespace or a control character'],
    ['a\u0001b', 'resource id contains whitespace or a control character'],
  ])('ridProblem(%j) = %j', (rid, why) => expect(ridProblem(rid)).toBe(why));

  test('segments and urls', () => {
    expect(iamSegments('/acs/api/v1/acls/x/users/u/read')).toEqual(['acls', 'x', 'users', 'u', 'read']);
    expect(iamSegments('/acs/api/v2/acls')).toBeNull();
    expect(aclUrl('dcos:service:marathon:marathon:services:/dev/a')).toBe('/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev%252Fa');
  });
});
