// Deterministic ordering of findings and authentication failures (plain code-unit comparison, no locale).
import type { AuthFailure, Finding, Risk } from '../types.js';

/** Most severe first; unknown (incl. non-rid) last because it cannot be vouched for or granted. */
const RISK_DISPLAY_ORDER: Record<Risk, number> = { dangerous: 0, sensitive: 1, normal: 2, unknown: 3 };

/** What findings are ordered by (a live finding has it too). */
type FindingOrder = Pick<Finding, 'uid' | 'risk' | 'rid' | 'action'>;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** uid, then risk, then rid, then action. */
export function compareFindings(a: FindingOrder, b: FindingOrder): number {
  return cmp(a.uid, b.uid) || RISK_DISPLAY_ORDER[a.risk] - RISK_DISPLAY_ORDER[b.risk] || cmp(a.rid, b.rid) || cmp(a.action, b.action);
}

/** cause, then object. */
export function compareAuthFailures(a: AuthFailure, b: AuthFailure): number {
  return cmp(a.cause, b.cause) || cmp(a.object, b.object);
}

/** Inserts into a sorted array if absent; returns whether it was added. */
export function insertSorted(arr: string[], value: string): boolean {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < value) lo = mid + 1; // lo <= mid < hi <= arr.length
    else hi = mid;
  }
  if (arr[lo] === value) return false;
  arr.splice(lo, 0, value);
  return true;
}
