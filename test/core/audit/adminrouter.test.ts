import { describe, expect, it } from 'vitest';
import { parseAudit } from '../../../src/core/audit/index.js';
import { parseLine } from '../../../src/core/journal/index.js';
import type { ParsedAudit, Decision, StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 'ar.log', host: null, unit: null, envelope: null, year: 2019 };
const NGX = '2019/03/01 12:00:00 [notice] 1240#0: *55 [lua] ee.lua:57: auditlog(): ';
const HEAD = 'type=audit timestamp=2019-03-01T12:00:00Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full';
const SUFFIX = (uri: string) => `, client: 10.0.0.5, server: master.mesos, request: "GET ${uri} HTTP/1.1", host: "10.0.0.1"`;
const T = Date.UTC(2019, 2, 1, 12);

function ar(rest: string, uri = '/mesos/master/state', uid: string | null = 'cassandra-sa', result = 'deny', reason = 'IAM PQ response'): string {
  return `${NGX}${HEAD} result=${result} reason="${reason}" srcip=10.0.0.5 srcport=41234 request_uri=${uri}${uid ? ` uid=${uid}` : ''}${rest}`;
}

function parse(line: string): ParsedAudit {
  const r = parseLine(line, meta);
  if (r.kind !== 'entry') throw new Error('not an entry');
  return parseAudit(r.entry, meta);
}

const env = (msg: string, ident = 'nginx') => `2019-03-01T12:00:01+0000 m1 ${ident}[1240]: ${msg}`;
const hostile = '/acs/api/v1/users?uid=admin&x=uid=root&y=a,b';
const long = '/service/x?' + 'a'.repeat(1900);

const cases: [string, string, Partial<Decision>][] = [
  ['1.8-1.9 nginx ident', env(ar(SUFFIX('/mesos/master/state'))),
    { type: 'decision', result: 'deny', uid: 'cassandra-sa', truncated: false, object: 'dcos:adminrouter:ops:mesos', action: 'full', rid: 'dcos:adminrouter:ops:mesos', ridAction: 'full', reason: 'IAM PQ response', authorizer: 'adminrouter', component: 'adminrouter', time: T, host: 'm1', conn: '1240#0 *55', derived: null, authCause: null, source: 'ar.log' }],
  ['1.10-1.12 adminrouter.sh ident', env(ar(SUFFIX('/mesos/master/state')), 'adminrouter.sh'), { uid: 'cassandra-sa', component: 'adminrouter', conn: '1240#0 *55' }],
  ['1.13+ HOST nginx: inside the message', env('m1 nginx: ' + ar(SUFFIX('/mesos/master/state'))), { uid: 'cassandra-sa', conn: '1240#0 *55', time: T }],
  ['other lua file and line', env(ar(SUFFIX('/mesos/master/state')).replace('ee.lua:57:', 'auth.lua:123:')), { uid: 'cassandra-sa' }],
  ['a lua file with a path', env(ar(SUFFIX('/mesos/master/state')).replace('ee.lua:57:', '/opt/mesosphere/lib/auth/ee.lua:57:')), { uid: 'cassandra-sa' }],
  ['allow', env(ar(SUFFIX('/x'), '/x', 'bob', 'allow')), { result: 'allow', uid: 'bob' }],
  ['hostile request_uri with uid= and = and &', env(ar(SUFFIX(hostile), hostile, 'bob')), { uid: 'bob', truncated: false }],
  ['hostile request_uri, unauthenticated', env(ar(SUFFIX(hostile), hostile, null, 'deny', 'not authenticated')), { uid: null, truncated: false, reason: 'not authenticated' }],
  ['request_uri ending in a comma', env(ar(SUFFIX('/a,'), '/a,', 'bob')), { uid: 'bob' }],
  ['uid then while …', env(ar(' while reading response header from upstream' + SUFFIX('/x'), '/x', 'bob')), { uid: 'bob', truncated: false }],
  ['no uid then while …', env(ar(' while sending to client' + SUFFIX('/x'), '/x', null, 'deny', 'not authenticated')), { uid: null, truncated: false }],
  ['referrer and upstream fields', env(ar(SUFFIX('/x') + ', referrer: "https://m/"', '/x', 'bob')), { uid: 'bob' }],
  ['HTTP/0.9 style request', env(ar(', client: 10.0.0.5, server: m, request: "GET /x"', '/x', 'bob')), { uid: 'bob' }],
  ['no suffix on a short line (not cut)', env(ar('', '/x', 'bob')), { uid: 'bob', truncated: false }],
  ['not authenticated', env(ar(SUFFIX('/x'), '/x', null, 'deny', 'not authenticated')), { uid: null, truncated: false, authCause: null }],
  ['cut inside request_uri', env(ar('', long, null).slice(0, 2100)), { uid: null, truncated: true }],
  ['cut inside the uid', env(ar('', long, 'cassandra-sa').slice(0, env(ar('', long, 'cassandra-sa')).indexOf(' uid=') + 9)), { uid: null, truncated: true }],
  ['cut inside the suffix', env(ar(SUFFIX(long), long, 'cassandra-sa').slice(0, 2100)), { uid: null, truncated: true }],
  ['cut inside the reason', env(`${NGX}${HEAD} result=deny reason="IAM PQ`), { uid: null, truncated: true }],
  ['bundle envelope, host from meta', `2020-03-15 10:23:45.123456 +0000 UTC ${ar(SUFFIX('/x'), '/x', 'bob')}`, { uid: 'bob', time: T, component: 'adminrouter' }],
  ['cat envelope', ar(SUFFIX('/x'), '/x', 'bob'), { uid: 'bob', time: T, host: null }],
];

describe('Admin Router audit lines', () => {
  it.each(cases)('%s', (_n, line, want) => {
    const ev = parse(line);
    expect(ev).toMatchObject({ type: 'decision', ...want });
    expect((ev as Decision).raw).toBe(line);
  });

  const attacks: [string, string][] = [
    // GET /acs?x uid=cassandra-sa HTTP/1.1: nginx accepts spaces in the URI.
    ['space + uid in the URI', env(ar(SUFFIX('/acs?x uid=cassandra-sa'), '/acs?x uid=cassandra-sa', null, 'deny', 'not authenticated'))],
    ['space + uid before the real uid', env(ar(SUFFIX('/x uid=admin'), '/x uid=admin', 'real'))],
    ['forged suffix inside the URI', (() => {
      const uri = '/acs?x uid=cassandra-sa, client: 1.1.1.1, server: s, request: "GET /acs?x HTTP/1.1", host: "h"';
      return env(ar(SUFFIX(uri), uri, null, 'deny', 'not authenticated'));
    })()],
    ['forged suffix + referrer swallowing the real suffix', (() => {
      const uri = '/acs?x uid=cassandra-sa, client: 1.1.1.1, server: s, request: "GET /acs?x HTTP/1.1", referrer: "';
      return env(ar(SUFFIX(uri) + ', referrer: "r"', uri, null, 'deny', 'not authenticated'));
    })()],
  ];
  it.each(attacks)('crafted URI never yields a uid: %s', (_n, line) => {
    const ev = parse(line);
    if (ev.type === 'decision') expect(ev.uid).toBeNull();
    else expect(ev.why).toMatch(/untrusted/);
  });

  it.each([
    ['no result', env(`${NGX}type=audit timestamp=2019-03-01T12:00:00Z authorizer=adminrouter object=dcos:x action=full reason="r" request_uri=/x uid=a, client: 1`)],
    ['no object', env(`${NGX}type=audit timestamp=2019-03-01T12:00:00Z authorizer=adminrouter action=full result=deny request_uri=/x uid=a`)],
    ['bad result', env(`${NGX}${HEAD} result=maybe reason="r" request_uri=/x uid=a`)],
  ])('malformed: %s', (_n, line) => {
    expect(parse(line)).toMatchObject({ type: 'malformed', source: 'ar.log', raw: line });
  });
});
