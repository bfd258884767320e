// Which Admin Router notice may explain an audit line (docs/audit-log-forms.md, "Admin Router"):
// only one logged for the same request. nginx serves many requests on one connection (keep-alive, a
// load balancer's pooled connections), each by its own client, so the notices of an earlier request
// say nothing of a later one: a line takes its auth cause or lost uid from the last line its
// connection logged before it on its host, and only when that line is a notice, not the audit record
// that ended an earlier request. A notice's uid goes further only to a line of its own request:
// the same request URI, and for a policyquery the same rid and action.
import type { Decision, Notice, RequestUri } from '../types.js';

/** What a connection last logged before a line: a notice, or an audit record (a request's end). */
export type LastOfConn = Notice | 'record';

/** Whether a decision can gain from the notices before it (its auth cause, or the uid a cut line lost). */
export function needsContext(d: Decision): boolean {
  if (d.conn === null || d.uid !== null) return false;
  return d.result === 'deny' ? d.truncated || d.authCause === null : d.truncated;
}

/** A cut line lost its uid; a line that says `not authenticated` had none to lose. */
const wantsUid = (d: Decision): boolean => d.truncated && d.reason !== 'not authenticated';

/**
 * Both show the same request URI: equal where both are whole, else the cut one is the start of
 * the other. A line or notice cut before its URI (or right at its start) shows none, and proves nothing.
 */
export function sameUri(a: RequestUri | null | undefined, b: RequestUri | null | undefined): boolean {
  if (!a?.text || !b?.text) return false;
  if (a.whole && b.whole) return a.text === b.text;
  if (!a.whole && !b.whole) return a.text.startsWith(b.text) || b.text.startsWith(a.text);
  return a.whole ? a.text.startsWith(b.text) : b.text.startsWith(a.text);
}

/** The notice was logged for the request of line `d`. */
function ofRequest(d: Decision, n: Notice): boolean {
  if (!sameUri(d.uri, n.uri)) return false;
  return n.rid === undefined || (n.rid === d.object && n.action === d.action);
}

/** Fill `d`'s lost uid or auth cause from what its connection last logged before it (null: nothing). */
export function lendContext(d: Decision, last: LastOfConn | null): void {
  if (last === null || last === 'record') return;
  if (wantsUid(d)) {
    if (last.uid !== undefined && ofRequest(d, last)) d.uid = last.uid;
  } else if (last.cause !== undefined) d.authCause = last.cause;
}
