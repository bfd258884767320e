// A cut Admin Router line takes the uid a notice names only from its own request's notices
// (audit/request-context.ts), through the line scanner and the export scanner, with the real
// parsers. The forged cases are a red-team review's: each named someone else before the change.
import { describe, expect, it } from 'vitest';
import { createChunkScanner } from '../../../src/core/scanner/scanner.js';
import type { AuditEvent, Decision, StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 't', host: null, unit: null, envelope: null, year: 2024 };
const SFX = (uri: string) => `, client: 10.0.4.21, server: master.mesos, request: "GET ${uri} HTTP/1.1", host: "10.0.0.1"`;
const LONG = `/service/app/v1/items?q=${'a'.repeat(3000)}`;

interface Line {
  host?: string;
  conn: number;
  text: string;
}
/** nginx's message for `text` on connection `conn`, cut at its 2048 bytes as nginx cuts it. */
const message = (l: Line): string => `2024/05/14 09:00:19 [notice] 1240#0: *${l.conn} [lua] auth.lua:112: ${l.text}`.slice(0, 2048);
const uidNotice = (conn: number, uid: string, uri: string, host?: string): Line => ({ host, conn, text: `validate_jwt_or_exit(): UID from the valid DC/OS authentication token: \`${uid}\`${SFX(uri)}` });
const pq = (conn: number, query: string, uri: string): Line => ({ conn, text: `do_authz(): Consult policyquery via \`/internal/acs/api/v1/internal/policyquery?${query}\`${SFX(uri)}` });
const noToken = (conn: number, uri: string): Line => ({ conn, text: `validate_jwt_or_exit(): No auth token in request.${SFX(uri)}` });
const record = (conn: number, o: { object?: string; result?: string; reason?: string; uri: string; uid?: string }, host?: string): Line => ({
  host,
  conn,
  text:
    `auditlog(): type=audit timestamp=2024-05-14T09:00:19Z authorizer=adminrouter object=${o.object ?? 'dcos:adminrouter:service:app'} action=full ` +
    `result=${o.result ?? 'deny'} reason="${o.reason ?? 'IAM PQ response'}" srcip=10.0.4.21 srcport=40312 request_uri=${o.uri}${o.uid ? ` uid=${o.uid}` : ''}${SFX(o.uri)}`,
});

function scanLines(lines: Line[]): Decision[] {
  const text = lines.map((l) => `2024-05-14T09:00:19+0000 ${l.host ?? 'master-1'} nginx[1240]: ${message(l)}\n`).join('');
  return scan(Buffer.from(text), 'lines');
}

function scanExport(lines: Line[]): Decision[] {
  const block = (l: Line, i: number) =>
    `__CURSOR=c${i}\n__REALTIME_TIMESTAMP=${1715677159000000 + i}\n_HOSTNAME=${l.host ?? 'master-1'}\n_SYSTEMD_UNIT=dcos-adminrouter.service\nSYSLOG_IDENTIFIER=nginx\nMESSAGE=${message(l)}\n\n`;
  return scan(Buffer.from(lines.map(block).join('')), 'export');
}

function scan(buf: Buffer, framing: 'lines' | 'export'): Decision[] {
  const events: AuditEvent[] = [];
  const s = createChunkScanner(meta, (e) => events.push(e), { framing });
  s.push(buf);
  s.end();
  return events.filter((e): e is Decision => e.type === 'decision');
}

/** The last decision's uid and auth cause, through both framings (they must agree). */
function last(lines: Line[]): { uid: string | null; authCause: string | null; truncated: boolean } {
  const [a, b] = [scanLines(lines).at(-1), scanExport(lines).at(-1)];
  const pick = (d: Decision | undefined) => ({ uid: d?.uid ?? null, authCause: d?.authCause ?? null, truncated: d?.truncated ?? false });
  expect(pick(b)).toEqual(pick(a));
  return pick(a);
}

describe('a cut line takes a uid from its own request only', () => {
  const cut = record(7, { uri: LONG });

  it('recovers the uid from the request\'s own token and policyquery notices', () => {
    expect(last([uidNotice(7, 'svc-app', LONG), cut])).toEqual({ uid: 'svc-app', authCause: null, truncated: true });
    expect(last([uidNotice(7, 'svc-app', LONG), pq(7, 'rid=dcos:adminrouter:service:app&uid=svc-app&action=full', LONG), cut]).uid).toBe('svc-app');
  });

  it('not from an earlier request on the same connection (keep-alive): its audit record ended it', () => {
    const earlier = [uidNotice(7, 'bob', '/mesos/master/state'), record(7, { result: 'allow', uri: '/mesos/master/state', uid: 'bob' })];
    expect(last([...earlier, cut]).uid).toBeNull();
    // Even with the same URI: the record between them says another request came first.
    expect(last([uidNotice(7, 'bob', LONG), record(7, { result: 'allow', uri: '/x', uid: 'bob' }), cut]).uid).toBeNull();
  });

  it('a cut line that says `not authenticated` is an authentication failure, whatever came before', () => {
    const unauth = record(7, { reason: 'not authenticated', uri: LONG });
    expect(last([uidNotice(7, 'bob', LONG), noToken(7, LONG), unauth])).toEqual({ uid: null, authCause: 'no token', truncated: true });
    expect(last([uidNotice(7, 'bob', LONG), unauth]).uid).toBeNull();
  });

  it('not from a notice of another request URI, another connection or another host', () => {
    expect(last([uidNotice(7, 'bob', '/other'), cut]).uid).toBeNull();
    expect(last([uidNotice(8, 'bob', LONG), cut]).uid).toBeNull();
    expect(last([uidNotice(7, 'bob', LONG, 'master-2'), cut]).uid).toBeNull();
  });

  it('not from a policyquery about another rid or action, or whose rid closed its backticks early', () => {
    expect(last([pq(7, 'rid=dcos:adminrouter:service:other&uid=bob&action=full', LONG), cut]).uid).toBeNull();
    expect(last([pq(7, 'rid=dcos:adminrouter:service:app&uid=bob&action=read', LONG), cut]).uid).toBeNull();
    // A service named `x&uid=victim` then a backtick: the URL the lua wrote holds a second uid after it.
    const forged = { conn: 7, text: `do_authz(): Consult policyquery via \`/internal/acs/api/v1/internal/policyquery?rid=dcos:adminrouter:service:x&uid=victim\`&uid=bob&action=full\`${SFX(LONG)}` };
    expect(last([forged, cut]).uid).toBeNull();
  });

  it('a whole line keeps its own uid, and its auth cause still comes from the notice before it', () => {
    expect(last([uidNotice(7, 'bob', '/x'), record(7, { uri: '/x', uid: 'svc-app' })]).uid).toBe('svc-app');
    expect(last([noToken(7, '/x'), record(7, { reason: 'not authenticated', uri: '/x' })])).toEqual({ uid: null, authCause: 'no token', truncated: false });
  });
});
