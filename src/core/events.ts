// What the audit parsers and the scanner make of audit lines: decisions, lines that could not be
// read or were not written by an audit logger, lines counted or read without being parsed, and
// Admin Router's notices. types.ts re-exports them with the rest of the pipeline's shapes.

/** Authentication failure causes, from the Admin Router notice preceding the deny on the same connection. */
export type AuthCause = 'expired token' | 'no token' | 'missing uid' | 'invalid token' | 'unknown';

/** An authorization decision read from one audit line. */
export interface Decision {
  type: 'decision';
  result: 'allow' | 'deny';
  /** null: unauthenticated, or unknown because the line was cut. */
  uid: string | null;
  /** The line was cut (nginx 2048-byte limit, journald split): a missing uid means unknown, not unauthenticated. */
  truncated: boolean;
  /** The object as logged (a rid, or e.g. a Mesos endpoint path). */
  object: string;
  /** The action as logged (`full`, `create`, `GET`, `CreateRunSpec`, ...). */
  action: string;
  /** The grantable rid and action; for Marathon/Metronome these are mapped (see `derived`). */
  rid: string;
  ridAction: string;
  /** Set when rid/ridAction were inferred from a plugin action name and path. */
  derived: { rawAction: string; path: string } | null;
  reason: string | null;
  authorizer: string | null;
  /** `adminrouter`, `mesos-master`, `mesos-agent`, `marathon`, `metronome`, `secrets`, ... */
  component: string;
  time: number | null;
  /**
   * The envelope's time (when journald received the line), null in forms without one (`cat`). The
   * record's own `timestamp` (time) is whatever its writer put there; what a usage verdict's coverage
   * counts must not be (docs/usage.md, "Coverage").
   */
  loggedAt?: number | null;
  host: string | null;
  /** Admin Router connection key (`PID#TID *CONN`), to find the preceding notice; null elsewhere. */
  conn: string | null;
  /** A cut Admin Router line's request_uri, to match the notices of its request; null elsewhere. */
  uri: RequestUri | null;
  /** Filled from context for authentication failures. */
  authCause: AuthCause | null;
  /** The raw line, capped (see MAX_EXAMPLE_BYTES). */
  raw: string;
  source: string;
}

/** A line with `type=audit` that could not be understood. Counted, never thrown. */
export interface Malformed {
  type: 'malformed';
  why: string;
  raw: string;
  source: string;
  /** A decision refused because its uid, object or action holds a byte that is not valid UTF-8 (audit/message.ts). */
  inexact?: InexactDecision;
}

/**
 * A real decision no finding or use can name exactly. A denial: never a grant, but never silent
 * either (the scan has no clean verdict then: findings/inexact.ts). An allow: a use of some
 * permission, so `unused` cannot call a grant unused on a read holding one (usage/collect.ts).
 */
export interface InexactDecision {
  result: 'allow' | 'deny';
  /** Its uid when that is exact (so --uid can leave another principal's out), else null. */
  uid: string | null;
  time: number | null;
  /** The number (from 1) of its line in the stream read, when the scanner placed it (line forms). */
  line?: number;
}

/**
 * Decisions of one result no finding or use could name (InexactDecision; of the --uid or the
 * account, when given): their count and the first of them (findings/inexact.ts).
 */
export interface InexactRecords {
  count: number;
  source: string;
  /** The number (from 1) of its line in what was read from `source` (decompressed, decoded), when known. */
  line: number | null;
  /** Its line (capped). */
  raw: string;
}

/** A scan's denials no finding could name (of the --uid and the window, when given). */
export type InexactDenials = InexactRecords;

/**
 * An audit line the scanner counted without parsing it: an allow (never a finding), or a deny that
 * cannot concern the `--uid` filter (a whole Admin Router line of another principal, `uid`). Keeps
 * the stats exact while the parsers only see lines that matter.
 */
export interface Counted {
  type: 'counted';
  result: 'allow' | 'deny';
  /** A deny's principal, read from the line's bytes exactly where the parser would read it. */
  uid?: string;
}

/**
 * A line whose message holds `type=audit` but that no component's audit logger wrote, as far as the
 * envelope and the message's shape show (docs/audit-log-forms.md): text a client, a task or a
 * framework chose. Counted with a few examples, never a finding.
 */
export interface Unverified {
  type: 'unverified';
  why: string;
  raw: string;
  source: string;
}

/** What the audit parsers make of one line. */
export type ParsedAudit = Decision | Malformed | Unverified;

/**
 * A denial the scanner read from the bytes of a whole line, without parsing it (all principals;
 * the short-iso lines of Admin Router, Mesos, Marathon and Metronome): the fields a finding counts,
 * as the parser gives them. `decision()` parses the line whole, for what only a Decision holds (a
 * new finding's example line: a finding is only ever made of the parsed line); it may be called
 * only while the scanner's sink call lasts.
 */
export interface DenyRead {
  type: 'deny-read';
  result: 'deny';
  uid: string;
  truncated: false;
  object: string;
  action: string;
  rid: string;
  ridAction: string;
  derived: { rawAction: string; path: string } | null;
  component: string;
  time: number | null;
  host: string | null;
  /** The line parsed: a Decision (unless the bytes were read otherwise than the parser reads them, a bug). */
  decision(): ParsedAudit;
}

/** What the scanner hands the aggregator. */
export type AuditEvent = ParsedAudit | Counted | DenyRead;

/** A request URI as a line shows it: `whole`, or only its start (nginx cut the line inside it). */
export interface RequestUri {
  text: string;
  whole: boolean;
}

/** Admin Router notices that explain the next audit line of the same connection. */
export interface Notice {
  conn: string;
  cause?: AuthCause;
  /** uid named by the policyquery / "UID from the valid ... token" notice: recovers a cut line's uid. */
  uid?: string;
  /** With a uid: the request the notice was logged for (nginx's `request: "M URI …"`). */
  uri?: RequestUri;
  /** With a policyquery's uid: the rid and action it asked about. */
  rid?: string;
  action?: string;
}
