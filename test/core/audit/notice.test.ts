import { describe, expect, it } from 'vitest';
import { AUDIT_NEEDLE, NOTICE_NEEDLES, connKeyOf, parseNotice } from '../../../src/core/audit/index.js';

const NGX = '2019/03/01 12:00:00 [notice] 1240#0: *55 [lua] auth.lua:100: validate_jwt_or_exit(): ';
const SUF = ', client: 10.0.0.5, server: master.mesos, request: "GET /x HTTP/1.1", host: "m"';
const X = { text: '/x', whole: true };

describe('Admin Router notices', () => {
  it.each([
    ['no token', `${NGX}No auth token in request.${SUF}`, { conn: '1240#0 *55', cause: 'no token' }],
    ['expired', `${NGX}Invalid token. Reason: 'exp' claim expired at Fri, 01 Mar 2019 11:00:00 GMT${SUF}`, { conn: '1240#0 *55', cause: 'expired token' }],
    ['invalid signature', `${NGX}Invalid token. Reason: invalid jwt signature${SUF}`, { conn: '1240#0 *55', cause: 'invalid token' }],
    ['missing uid', `${NGX}Unexpected token payload: missing uid.${SUF}`, { conn: '1240#0 *55', cause: 'missing uid' }],
    ['policyquery', `${NGX}Consult policyquery via \`/internal/acs/api/v1/internal/policyquery?rid=dcos:adminrouter:ops:mesos&uid=cassandra-sa&action=full\`${SUF}`, { conn: '1240#0 *55', uid: 'cassandra-sa', uri: X, rid: 'dcos:adminrouter:ops:mesos', action: 'full' }],
    ['UID from the valid token', `${NGX}UID from the valid DC/OS authentication token: \`cassandra-sa\`${SUF}`, { conn: '1240#0 *55', uid: 'cassandra-sa', uri: X }],
    ['UID from valid JWT (1.8-1.10)', `${NGX}UID from valid JWT: \`bob\`${SUF}`, { conn: '1240#0 *55', uid: 'bob', uri: X }],
    ['1.13+ HOST nginx: prefix', `m1 nginx: ${NGX}No auth token in request.${SUF}`, { conn: '1240#0 *55', cause: 'no token' }],
  ])('%s', (_n, msg, want) => {
    expect(parseNotice(msg)).toEqual(want);
    expect(NOTICE_NEEDLES.some((n) => msg.includes(n))).toBe(true);
  });

  it.each([
    ['unrelated nginx notice', `${NGX}something else${SUF}`],
    ['no nginx prefix', 'No auth token in request.'],
    ['policyquery without uid', `${NGX}Consult policyquery via \`/x?rid=a&action=b\``],
    ['a uid holding a byte that is not UTF-8', `${NGX}UID from the valid DC/OS authentication token: \`svc\\xffa\`${SUF}`],
    ['a policyquery uid holding one', `${NGX}Consult policyquery via \`/x?rid=a&uid=svc\\xff&action=b\`${SUF}`],
    ['a policyquery with a fourth parameter', `${NGX}Consult policyquery via \`/x?rid=a&uid=svc&action=b&x=1\`${SUF}`],
    ['a uid notice without nginx\'s suffix right after it', `${NGX}UID from the valid DC/OS authentication token: \`svc\` and more${SUF}`],
  ])('not a notice: %s', (_n, msg) => {
    expect(parseNotice(msg)).toBeNull();
  });

  it('connKeyOf matches Decision.conn format and needs a connection', () => {
    expect(connKeyOf(`${NGX}type=audit`)).toBe('1240#0 *55');
    expect(connKeyOf('2019/03/01 12:00:00 [error] 7#3: *1024 foo')).toBe('7#3 *1024');
    expect(connKeyOf('2019/03/01 12:00:00 [notice] 7#0: signal process started')).toBeNull();
    expect(AUDIT_NEEDLE).toBe('type=audit');
  });
});
