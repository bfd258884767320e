// View model: the findings of the principal under review joined with their session status,
// filtered and counted. Plain functions so the App can memoise them and tests can call them.
import { appliedPairs, heldRecords, isPending, keyOf, statusOf, type FindingStatus, type SessionState, type StatusInfo } from '../core/session/index.js';
import { asciiText } from '../core/text.js';
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
  // An undo's pair: its finding is work again once the grant is taken back.
  revoking: 0,
  queued: 0,
  granted: 1,
  'already held': 1,
  stale: 1,
  'not grantable': 1,
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const RISK_RANK: Record<Risk, number> = { dangerous: 0, sensitive: 1, unknown: 2, normal: 3 };

/** An id with a character shown escaped (asciiText: `\u2011`) is found by what the row shows, too. */
function shownMatch(fd: Finding, f: string): boolean {
  const ids = [fd.uid, fd.rid, fd.action];
  const shown = ids.map(asciiText);
  return shown.some((s, i) => s !== ids[i]) && shown.join(' ').toLowerCase().includes(f);
}

export function buildRows(session: SessionState, findings: readonly Finding[], filter: string, now?: number): Row[] {
  const held = heldRecords(session);
  const f = filter.trim().toLowerCase();
  const rows: Row[] = [];
  for (const fd of findings) {
    if (session.uid !== null && fd.uid !== session.uid) continue;
    const status = statusOf(session, fd, { held, now });
    if (f && !`${fd.uid} ${fd.rid} ${fd.action} ${status.status} ${fd.risk} ${fd.components.join(' ')}`.toLowerCase().includes(f) && !shownMatch(fd, f)) continue;
    const key = keyOf(fd);
    rows.push({ key, finding: fd, status, selected: session.selected.has(key) });
  }
  // Without --uid, rows are grouped by account; then work first (pending rows on top), then in the
  // order the service hit them, then risk, rid.
  const byUid = session.uid === null;
  rows.sort(
    (a, b) =>
      (byUid ? cmp(a.finding.uid, b.finding.uid) : 0) ||
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
  /** Pairs this session granted that are still in place: what the batch results add up to. */
  granted: number;
  selected: number;
  /** Accounts with findings. */
  accounts: number;
  /** Rows the filter shows, and selected rows it hides. */
  shown: number;
  hiddenSelected: number;
}

/** The header's counters: over every row (the filter hides rows, not facts). */
export function countRows(session: SessionState, all: readonly Row[], shown: readonly Row[] = all): Counts {
  const shownKeys = new Set(shown.map((r) => r.key));
  const uids = new Set<string>();
  const c: Counts = { findings: all.length, denials: 0, pending: 0, granted: 0, selected: 0, accounts: 0, shown: shown.length, hiddenSelected: 0 };
  for (const r of all) {
    uids.add(r.finding.uid);
    c.denials += r.finding.count;
    if (isPending(r.status.status)) c.pending++;
    if (r.selected) {
      c.selected++;
      if (!shownKeys.has(r.key)) c.hiddenSelected++;
    }
  }
  c.accounts = uids.size;
  c.granted = appliedPairs(session).filter((p) => session.uid === null || p.uid === session.uid).length;
  return c;
}

/** Rows are grouped by account (a title line before each account's first row in view). */
export const isGrouped = (rows: readonly Row[]): boolean => rows.some((r) => r.finding.uid !== rows[0]?.finding.uid);

/** Does row `i` start a group in a window starting at `from`? */
export const startsGroup = (rows: readonly Row[], i: number, from: number): boolean => i === from || rows[i]?.finding.uid !== rows[i - 1]?.finding.uid;

/** How many rows from `from` fit in `height` lines, group title lines included. */
export function fitRows(rows: readonly Row[], from: number, height: number, grouped: boolean): number {
  let lines = 0;
  let n = 0;
  for (let i = from; i < rows.length; i++) {
    lines += 1 + (grouped && startsGroup(rows, i, from) ? 1 : 0);
    if (lines > height) break;
    n++;
  }
  return n;
}

/** Keep the cursor row inside the visible window of `height` lines; returns the first row shown. */
export function windowFor(cursor: number, offset: number, height: number, rows: readonly Row[], grouped = false): number {
  const total = rows.length;
  if (total === 0) return 0;
  let off = Math.max(0, Math.min(offset, total - 1));
  if (cursor < off) off = cursor;
  while (off < cursor && cursor >= off + Math.max(1, fitRows(rows, off, height, grouped))) off++;
  // No empty space at the end while earlier rows could show.
  while (off > 0 && off - 1 + fitRows(rows, off - 1, height, grouped) >= total) off--;
  return off;
}
