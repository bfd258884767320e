// Minimal audit/notice parsers for scanner tests: the scanner's job is finding and framing lines,
// so these only pull out what the assertions look at (the real ones are tested in test/core/audit).
import { createExportDecoder, isContinuationLine, parseLine } from '../../../src/core/journal/index.js';
import type { ParsedAudit, AuthCause, Decision, JournalEntry, Notice, StreamMeta } from '../../../src/core/types.js';
import type { ScanParsers } from '../../../src/core/scanner/parsers.js';

const connOf = (m: string): string | null => {
  const c = /(\d+#\d+): \*(\d+) /.exec(m);
  return c ? `${c[1]} *${c[2]}` : null;
};

export function stubAudit(entry: JournalEntry, meta: StreamMeta): ParsedAudit {
  const m = entry.message;
  const get = (k: string) => new RegExp(`(?:^|[ ,])${k}="?([^ ",\n]+)`).exec(m)?.[1] ?? null;
  const result = get('result');
  const object = get('object');
  if ((result !== 'allow' && result !== 'deny') || !object) return { type: 'malformed', why: 'stub: no result/object', raw: m, source: meta.label };
  const truncated = m.includes('CUT');
  const d: Decision = {
    type: 'decision', result, uid: truncated ? null : get('uid'), truncated, object, action: get('action') ?? '', rid: object,
    ridAction: get('action') ?? '', derived: null, reason: null, authorizer: null, component: 'adminrouter', time: entry.time,
    host: entry.host, conn: connOf(m), uri: truncated ? { text: get('request_uri') ?? '', whole: false } : null, authCause: null, raw: m, source: meta.label,
  };
  return d;
}

export function stubNotice(m: string): Notice | null {
  const conn = connOf(m);
  if (!conn) return null;
  let cause: AuthCause | undefined;
  if (m.includes('No auth token')) cause = 'no token';
  if (m.includes('Invalid token')) cause = 'expired token';
  const uid = /UID from the valid DC\/OS authentication token: `([^`]+)`/.exec(m)?.[1] ?? /[?&]uid=([^&` ]+)/.exec(m)?.[1];
  if (!cause && !uid) return null;
  const uri = /request: "[A-Z]+ ([^ "]+)/.exec(m)?.[1];
  return { conn, ...(cause ? { cause } : {}), ...(uid ? { uid } : {}), ...(uid && uri ? { uri: { text: uri, whole: true } } : {}) };
}

export const stubParsers: ScanParsers = {
  parseLine,
  isContinuationLine,
  parseAudit: stubAudit,
  parseNotice: stubNotice,
  auditConn: (m) => (m.includes('auditlog(): type=audit') ? connOf(m) : null),
  noticeNeedles: ['No auth token', 'Invalid token', 'UID from', 'policyquery'],
  createExportDecoder,
};

export const meta = (label = 'test.log'): StreamMeta => ({ label, host: null, unit: null, envelope: null, year: 2019 });
