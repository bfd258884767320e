// `--uid`, checked where it is read (scan, the loop, unused, grant, revoke, history) as grant checks it: a
// value no DC/OS account can have would match no audit line, and `scan --uid a,b --fail-on-findings`
// passed a CI gate on it. It fails at once instead (exit 2).
import { validateUid } from '../../core/policy/index.js';
import { UsageError } from '../../errors.js';

/**
 * A `--uid` value, trimmed and checked; a usage error for one no account can have. `a,b` or `a b`
 * (accounts listed in one value) gets a hint for the repeated flag when `repeats`, else for one run
 * per account.
 */
export function checkedUid(value: string, op: string, repeats: boolean): string {
  const uid = value.trim();
  const bad = validateUid(uid);
  if (!bad) return uid;
  // Only valid uids are echoed in the hint: the message itself shows the value escaped.
  const parts = uid.split(/[\s,;]+/).filter(Boolean);
  const listed = parts.length > 1 && parts.every((p) => validateUid(p) === null);
  const hint = !listed
    ? 'give the service account id, e.g. --uid my-service'
    : repeats
      ? `--uid takes one value and repeats: ${parts.map((p) => `--uid ${p}`).join(' ')}`
      : `${op} takes one account: run it once per account (--uid ${parts[0]}, then --uid ${parts[1]})`;
  throw new UsageError(`--uid: ${bad}`, hint);
}

/**
 * The `--uid` values of a command that takes several (scan, the loop, history), each checked by
 * checkedUid, duplicates dropped; an empty one is a usage error.
 */
export function checkedUids(values: readonly unknown[] | undefined, op: string): string[] {
  const uids = (values ?? []).map(String);
  if (uids.some((u) => u.trim() === '')) throw new UsageError('--uid: empty uid', 'give the service account id, e.g. --uid my-service');
  return [...new Set(uids.map((u) => checkedUid(u, op, true)))];
}

/** The one `--uid` of a command about one account (grant, revoke, unused): the flag given twice is a usage error. */
export function singleUid(value: unknown, op: string): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new UsageError(`${op} takes one --uid only (got ${value.length})`, `run ${op} once per account`);
  return String(value);
}
