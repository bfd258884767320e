// Marathon and Metronome (logback) audit lines:
//   [2016-12-16 18:19:06,199] INFO  timestamp=… type=audit uid=U … authorizer=marathon
//   action=CreateRunSpec path=/dev/app result=deny (dcos.marathon.auditlog:THREAD)
// `action` is a plugin action name and `path` a Marathon id: the rid and action are DERIVED.
// Only lines of the audit logger (the ` (LOGGER:THREAD)` that logback ends every line with) hold
// records: other Marathon lines echo app ids and request data (docs/audit-log-forms.md).
import type { ParsedAudit, JournalEntry, StreamMeta } from '../types.js';
import { componentOf, decision, malformed, resultOf, timeOf, unverified } from './common.js';
import { isAuditRecord } from './logfmt.js';
import { inOrder, PLUGIN_KEYS } from './key-bytes.js';
import { readPairs, wholeRecord } from './kv.js';

/** `[YYYY-MM-DD HH:MM:SS,mmm] LEVEL ` (one or two spaces after the level). */
const LOGBACK = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[,.]\d+\] [A-Z]{4,5} {1,2}/;
/** ` (LOGGER:THREAD)` closing a logback line. */
const LOGGER = / \(([A-Za-z0-9_.$]{1,300}):([^()]{0,300})\)$/;
const LOGGER_WINDOW = 700;

export interface LogbackLine {
  /** Where the message starts (after the level). */
  body: number;
  /** Where ` (LOGGER:THREAD)` starts (the message ends there); the message length when absent. */
  end: number;
  /** The logger's name, or null when the line does not end with one. */
  logger: string | null;
}

/** The logback layout of a message, or null when it does not start like one. */
export function logbackLine(message: string): LogbackLine | null {
  const m = LOGBACK.exec(message.length > 100 ? message.slice(0, 100) : message);
  if (!m) return null;
  const cut = Math.max(m[0].length, message.length - LOGGER_WINDOW);
  const l = LOGGER.exec(message.slice(cut));
  return { body: m[0].length, end: l ? cut + l.index : message.length, logger: l ? l[1]! : null }; // group 1 is not optional
}

/** Marathon's and Metronome's audit logger (`dcos.marathon.auditlog`): its last name part says audit. */
export function isAuditLogger(name: string | null): boolean {
  if (name === null) return false;
  return /audit/i.test(name.slice(name.lastIndexOf('.') + 1));
}

const VERBS: [string, string][] = [['Create', 'create'], ['View', 'read'], ['Update', 'update'], ['Delete', 'delete']];

/** Plugin action name → (verb, kind of object): `CreateRunSpec` → [create, RunSpec]. */
function splitAction(raw: string): [string, string] | null {
  for (const [prefix, verb] of VERBS) if (raw.startsWith(prefix)) return [verb, raw.slice(prefix.length)];
  return null;
}

/**
 * Marathon `*Resource` actions concern the admin rids (catalog: admin:config, admin:events,
 * admin:leader). The resource is named by `path` when it is one of those; else `admin:*` (kept raw
 * in `derived`, for the user to read). Abdicating the leader (DeleteResource on leader) needs `update`.
 */
function marathonAdmin(verb: string, path: string): [string, string] {
  const p = path.toLowerCase();
  const name = p.includes('leader') ? 'leader' : p.includes('event') ? 'events' : p.includes('info') || p.includes('config') ? 'config' : '*';
  return [`dcos:service:marathon:marathon:admin:${name}`, name === 'leader' && verb === 'delete' ? 'update' : verb];
}

/**
 * Metronome job ids are dotted (`prod.backup.nightly`, or a path `/prod/backup/nightly`). The rid is
 * `dcos:service:metronome:metronome:jobs:JOBGROUP` where JOBGROUP is the id without its last segment
 * (`prod.backup`); a job at the top level (no group) maps to its own id.
 */
export function metronomeRid(path: string): string {
  const segs = path.split(/[./]/).filter((s) => s.length > 0);
  const group = segs.length > 1 ? segs.slice(0, -1) : segs;
  return group.length ? `dcos:service:metronome:metronome:jobs:${group.join('.')}` : 'dcos:service:metronome:metronome:jobs';
}

/** The rid and action a plugin action on `path` needs (a mapping, `derived`, when the action names a verb). */
export function pluginTarget(component: string, rawAction: string, path: string): { rid: string; ridAction: string; derived: { rawAction: string; path: string } | null } {
  const split = splitAction(rawAction);
  if (!split) return { rid: path, ridAction: rawAction, derived: null };
  const [verb, kind] = split;
  let rid: string;
  let ridAction = verb;
  if (component === 'metronome') rid = metronomeRid(path);
  else if (kind === 'Resource') [rid, ridAction] = marathonAdmin(verb, path);
  else rid = `dcos:service:marathon:marathon:services:${path.startsWith('/') ? path : '/' + path}`;
  return { rid, ridAction, derived: { rawAction, path } };
}

/** Parse the record of an audit logger line (see logbackLine): the message between `body` and `end`. */
export function parsePlugin(entry: JournalEntry, meta: StreamMeta, line: LogbackLine): ParsedAudit {
  const pairs = readPairs(entry.message.slice(0, line.end), line.body);
  if (!isAuditRecord(pairs)) return unverified('audit logger line whose type is not audit (type=audit only inside a value)', entry, meta);
  if (!wholeRecord(pairs)) return malformed('Marathon/Metronome audit record with stray words, a repeated key or too many fields (a space in a value?): fields untrusted', entry, meta);
  const { values: f, unterminated } = pairs;
  // No repeat, so the map's keys are the record's, in its order.
  if (!inOrder(f.keys(), PLUGIN_KEYS) || (f.has('path') && f.has('object'))) {
    return malformed('Marathon/Metronome audit record with a field its audit logger never writes, or out of its order (a space in the path?): fields untrusted', entry, meta);
  }
  const result = resultOf(f.get('result'));
  const rawAction = f.get('action');
  const path = f.get('path') ?? f.get('object');
  if (!result) return malformed('Marathon/Metronome audit line without a valid result', entry, meta);
  if (!rawAction || path === undefined) return malformed(`Marathon/Metronome audit line without ${rawAction ? 'path' : 'action'}`, entry, meta);
  const authorizer = f.get('authorizer') ?? null;
  const component = componentOf(entry, meta, authorizer);
  const { rid, ridAction, derived } = pluginTarget(component, rawAction, path);
  return decision({
    result,
    uid: f.get('uid') ?? null,
    truncated: unterminated.size > 0,
    object: path,
    action: rawAction,
    rid,
    ridAction,
    derived,
    reason: null, // the audit logger writes none (PLUGIN_KEYS)
    authorizer,
    component,
    time: timeOf(f.get('timestamp'), entry),
  }, entry, meta);
}
