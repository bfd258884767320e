// View model: the findings of the principal under review joined with their session status,
// filtered and counted. Plain functions so the App can memoise them and tests can call them.
import { heldRecords, isPending, keyOf, statusOf, type FindingStatus, type SessionState, type StatusInfo } from '../core/session/index.js';
import type { Finding, Risk } from '../core/types.js';

export interface Row {
  key: string;
  finding: Finding;
  status: StatusInfo;
  selected: boolean;
}

/** 0: still needs the operator; 1: settled. */
const DONE: Record<FindingStatus, number> = {
  'still denied after grant': 0,
  new: 0,
  selected: 0,
  granting: 0,
  granted: 1,
  'already held': 1,
  stale: 1,
  'not grantable': 1,
};

const RISK_RANK: Record<Risk, number> = { dangerous: 0, sensitive: 1, unknown: 2, normal: 3 };

export function buildRows(session: SessionState, findings: readonly Finding[], filter: string, now?: number): Row[] {
  const held = heldRecords(session);
  const f = filter.trim().toLowerCase();
  const rows: Row[] = [];
  for (const fd of findings) {
    if (session.uid !== null && fd.uid !== session.uid) continue;
    const status = statusOf(session, fd, { held, now });
    if (f && !`${fd.rid} ${fd.action} ${status.status} ${fd.risk} ${fd.components.join(' ')}`.toLowerCase().includes(f)) continue;
    const key = keyOf(fd);
    rows.push({ key, finding: fd, status, selected: session.selected.has(key) });
  }
  // Work first (pending rows on top), then in the order the service hit them, then risk, rid.
  rows.sort(
    (a, b) =>
      DONE[a.status.status] - DONE[b.status.status] ||
      (a.finding.firstSeen ?? 0) - (b.finding.firstSeen ?? 0) ||
      RISK_RANK[a.finding.risk] - RISK_RANK[b.finding.risk] ||
      a.finding.rid.localeCompare(b.finding.rid) ||
      a.finding.action.localeCompare(b.finding.action),
  );
  return rows;
}

export interface Counts {
  findings: number;
  denials: number;
  pending: number;
  granted: number;
  selected: number;
}

export function countRows(rows: readonly Row[]): Counts {
  const c: Counts = { findings: rows.length, denials: 0, pending: 0, granted: 0, selected: 0 };
  for (const r of rows) {
    c.denials += r.finding.count;
    const s = r.status.status;
    if (isPending(s)) c.pending++;
    if (s === 'granted') c.granted++;
    if (r.selected) c.selected++;
  }
  return c;
}

/** Keep the cursor row inside the visible window of `height` rows. */
export function windowFor(cursor: number, offset: number, height: number, total: number): number {
  if (total <= height) return 0;
  if (cursor < offset) return cursor;
  if (cursor >= offset + height) return cursor - height + 1;
  return Math.min(offset, Math.max(0, total - height));
}
