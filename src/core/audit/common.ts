// Shared pieces of the audit message parsers: the Decision builder, raw-line capping, components.
import { MAX_EXAMPLE_BYTES, type Decision, type JournalEntry, type Malformed, type RequestUri, type StreamMeta, type Unverified } from '../types.js';
import { parseIsoTimestamp } from '../journal/time.js';

/** The entry's line as read (envelope included), capped at MAX_EXAMPLE_BYTES of UTF-8. */
export function rawOf(entry: JournalEntry): string {
  const s = entry.raw ?? entry.message;
  if (s.length * 3 <= MAX_EXAMPLE_BYTES) return s;
  let cut = s.slice(0, MAX_EXAMPLE_BYTES);
  while (Buffer.byteLength(cut, 'utf8') > MAX_EXAMPLE_BYTES) cut = cut.slice(0, cut.length - 64);
  return cut;
}

export function malformed(why: string, entry: JournalEntry, meta: StreamMeta): Malformed {
  return { type: 'malformed', why, raw: rawOf(entry), source: meta.label };
}

/** Audit-looking text that no component's audit logger wrote (docs/audit-log-forms.md). */
export function unverified(why: string, entry: JournalEntry, meta: StreamMeta): Unverified {
  return { type: 'unverified', why, raw: rawOf(entry), source: meta.label };
}

const BY_UNIT: [string, string][] = [
  ['dcos-adminrouter', 'adminrouter'],
  ['dcos-mesos-master', 'mesos-master'],
  ['dcos-mesos-slave', 'mesos-agent'],
  ['dcos-marathon', 'marathon'],
  ['dcos-metronome', 'metronome'],
  ['dcos-bouncer', 'iam'],
  ['dcos-iam', 'iam'],
  ['dcos-secrets', 'secrets'],
];

const BY_IDENT: Record<string, string> = {
  nginx: 'adminrouter',
  'adminrouter.sh': 'adminrouter',
  'adminrouter-agent.sh': 'adminrouter',
  'mesos-master': 'mesos-master',
  'mesos-agent': 'mesos-agent',
  'mesos-slave': 'mesos-agent',
  'marathon.sh': 'marathon',
  marathon: 'marathon',
  metronome: 'metronome',
  'metronome.sh': 'metronome',
  'bouncer.sh': 'iam',
  'secrets.sh': 'secrets',
};

/** Component: the audit `authorizer` when it names one, else the unit, else the identifier. */
export function componentOf(entry: JournalEntry, meta: StreamMeta, authorizer: string | null): string {
  return componentOfNames(entry.unit ?? meta.unit, entry.ident, authorizer);
}

/** componentOf for a unit (the entry's, else the stream's) and an identifier, as read. */
export function componentOfNames(unit: string | null, ident: string | null, authorizer: string | null): string {
  if (authorizer) return authorizer;
  if (unit) for (const [prefix, name] of BY_UNIT) if (unit.startsWith(prefix)) return name;
  const byIdent = ident ? BY_IDENT[ident] : undefined;
  if (byIdent) return byIdent;
  if (unit) return unit.replace(/\.service$/, '').replace(/^dcos-/, '');
  return ident ?? 'unknown';
}

/** Audit `timestamp` field, else the envelope time, else `fallback`. */
export function timeOf(field: string | undefined, entry: JournalEntry, fallback: number | null = null): number | null {
  const t = field ? parseIsoTimestamp(field) : null;
  return t ?? entry.time ?? fallback;
}

export interface DecisionParts {
  result: 'allow' | 'deny';
  uid: string | null;
  truncated: boolean;
  object: string;
  action: string;
  rid?: string;
  ridAction?: string;
  derived?: { rawAction: string; path: string } | null;
  reason: string | null;
  authorizer: string | null;
  component: string;
  time: number | null;
  conn?: string | null;
  uri?: RequestUri | null;
}

export function decision(p: DecisionParts, entry: JournalEntry, meta: StreamMeta): Decision {
  return {
    type: 'decision',
    result: p.result,
    uid: p.uid === '' ? null : p.uid,
    truncated: p.truncated,
    object: p.object,
    action: p.action,
    rid: p.rid ?? p.object,
    ridAction: p.ridAction ?? p.action,
    derived: p.derived ?? null,
    reason: p.reason,
    authorizer: p.authorizer,
    component: p.component,
    time: p.time,
    loggedAt: entry.time ?? null,
    host: entry.host ?? meta.host,
    conn: p.conn ?? null,
    uri: p.uri ?? null,
    authCause: null,
    raw: rawOf(entry),
    source: meta.label,
  };
}

/** `allow`/`deny` (any case), else null. */
export function resultOf(v: string | undefined): 'allow' | 'deny' | null {
  if (!v) return null;
  const l = v.toLowerCase();
  return l === 'allow' || l === 'deny' ? l : null;
}
