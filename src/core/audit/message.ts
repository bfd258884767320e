// Messages: what a component wrote (Admin Router, Mesos, Marathon/Metronome, other DC/OS components
// in plain logfmt) → an authorization Decision, a Malformed line with a short reason, or an
// Unverified line: audit-looking text that no component's audit logger wrote.
// Anyone who can put text into a journal can write `type=audit … result=deny`, so a record is
// read only where its component really writes one (docs/audit-log-forms.md).
import type { Decision, ParsedAudit, JournalEntry, StreamMeta } from '../types.js';
import { adminRouterRecord, nginxPrefix, nginxShape, parseAdminRouter, quotesClientInput } from './adminrouter.js';
import { malformed, unverified } from './common.js';
import { holdsByteEscape } from './kv.js';
import { glogPrefix, isMesosAuditLogger, parseKeyValue } from './logfmt.js';
import { isAuditLogger, logbackLine, parsePlugin } from './marathon.js';
import { fits, isDcosComponent, originOf, originText, shown, unitMissing, type Claim, type Origin } from './origin.js';


/** The byte string every audit line holds: the scanner's first filter. */
export const AUDIT_NEEDLE = 'type=audit';

/** Why a record is not its component's: another writer, or (json, export) no service at all. */
const wrongWriter = (shape: string, o: Origin): string => `${shape} from ${originText(o)}: ${unitMissing(o) ? NO_UNIT : 'not that component\'s process'}`;
const NO_UNIT = 'json and export entries name the unit journald read from the writer\'s cgroup, so this one came from outside every service (a task, a container) and its identifier is only a claim';

/** Parse the message of an entry that contains `type=audit`. Never throws. */
export function parseAudit(entry: JournalEntry, meta: StreamMeta): ParsedAudit {
  const ev = parseRecord(entry, meta);
  if (ev.type !== 'decision' || exact(ev)) return ev;
  const refused = malformed(NOT_EXACT, entry, meta);
  // Refused so, it is still a denial or a use: counted apart, so the scan (findings/inexact.ts) and
  // `unused` (usage/collect.ts) say it.
  refused.inexact = { result: ev.result, uid: holdsByteEscape(ev.uid) ? null : ev.uid, time: ev.time };
  return refused;
}

/**
 * A finding is made of a decision's uid, object and action (and the rid and action derived from
 * them): none may hold a byte the journal readers could only show as `\xNN` (journal/utf8.ts), as
 * a grant of that text would not be a grant of what was denied (docs/audit-log-forms.md).
 */
function exact(d: Decision): boolean {
  return !(holdsByteEscape(d.uid) || holdsByteEscape(d.object) || holdsByteEscape(d.action) || holdsByteEscape(d.rid) || holdsByteEscape(d.ridAction));
}

const NOT_EXACT = 'audit record whose uid, object or action holds a byte that is not valid UTF-8 (shown as \\xNN): a finding could not name it exactly';

function parseRecord(entry: JournalEntry, meta: StreamMeta): ParsedAudit {
  if (!entry.message.includes(AUDIT_NEEDLE)) return malformed('no type=audit in the message', entry, meta);
  if (entry.untrusted !== undefined) return unverified(entry.untrusted, entry, meta);
  const origin = originOf(entry, meta);
  const nl = entry.message.indexOf('\n');
  if (nl >= 0) {
    // Audit loggers write one line per record; a message with continuation lines is someone's output.
    if (shown(origin)) return unverified('type=audit in a multi-line message (audit records are one line)', entry, meta);
    // Without a writer (`-o cat`), an indented line may just as well be the next entry (a stack
    // trace's `\tat …`): the first line is judged alone, by its shape, like any line of that form.
    entry = { ...entry, message: entry.message.slice(0, nl) };
  }
  const msg = entry.message;

  const ngx = nginxPrefix(msg);
  if (ngx) {
    if (quotesClientInput(msg, ngx)) return unverified('nginx line quoting what a client sent', entry, meta);
    const record = adminRouterRecord(msg, ngx);
    if (record < 0) return unverified('nginx line without Admin Router\'s `auditlog(): type=audit` marker right after its prefix', entry, meta);
    if (!fits(origin, ['adminrouter'])) return unverified(wrongWriter('Admin Router audit line', origin), entry, meta);
    return parseAdminRouter(entry, meta, ngx, record);
  }
  const glog = glogPrefix(msg);
  if (glog) {
    if (!isMesosAuditLogger(glog)) return unverified('glog line not from Mesos\'s audit logger (logfmt.cpp)', entry, meta);
    if (!fits(origin, ['mesos'])) return unverified(wrongWriter('Mesos audit line', origin), entry, meta);
    return parseKeyValue(entry, meta, glog.body, 'Mesos');
  }
  const logback = logbackLine(msg);
  if (logback) {
    if (!isAuditLogger(logback.logger)) return unverified('logback line not from an audit logger (Marathon/Metronome echo app and job ids)', entry, meta);
    if (!fits(origin, ['marathon', 'metronome'])) return unverified(wrongWriter('Marathon/Metronome audit line', origin), entry, meta);
    return parsePlugin(entry, meta, logback);
  }
  // The generic reading, for DC/OS components without a public format (the secrets service, IAM).
  if (!shown(origin)) return unverified('audit-looking line whose envelope names no unit or identifier', entry, meta);
  if (!isDcosComponent(origin)) return unverified(notGeneric(origin), entry, meta);
  return parseKeyValue(entry, meta, 0, 'generic');
}

/**
 * Whether parseAudit reads this one-line entry as an Admin Router record: nginx's prefix at the
 * start, the `auditlog():` marker right after it, not a line quoting a client, and written by Admin
 * Router as far as the envelope shows. The scanner's --uid fast path asks this before it counts a
 * line from its bytes, so it never counts what parseAudit would call unverified.
 */
export function isAdminRouterRecord(entry: JournalEntry, meta: StreamMeta): boolean {
  const msg = entry.message;
  if (msg.includes('\n')) return false;
  const ngx = nginxShape(msg);
  return ngx !== null && !quotesClientInput(msg, ngx) && adminRouterRecord(msg, ngx) >= 0 && fits(originOf(entry, meta), ['adminrouter']);
}

const OWN_FORM: Partial<Record<Claim, string>> = {
  adminrouter: 'Admin Router line without nginx\'s prefix and the `auditlog():` marker at its start (an access-log line?)',
  mesos: 'Mesos line without the glog prefix of its audit logger (logfmt.cpp)',
  marathon: 'Marathon line that is not an audit logger line',
  metronome: 'Metronome line that is not an audit logger line',
};

/** Why a line the generic reading refuses is not a record. */
function notGeneric(o: Origin): string {
  const claims = [o.unit, o.ident];
  for (const c of claims) if (c && OWN_FORM[c]) return `${OWN_FORM[c]}, from ${originText(o)}`;
  return `audit-looking line from ${originText(o)}: ${unitMissing(o) ? NO_UNIT : 'not a DC/OS component'}`;
}
