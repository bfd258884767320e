// The held-not-used list's screen as plain data: its title, its warnings, one line per held grant
// (selection, state, risk, the "dangerous to touch" mark, rid, action, last use), the detail of the
// row under the cursor, and which rows fit. Pure, so the numbers and words are testable without ink.
// Ids are shown in ASCII and cut rids kept apart, as on the denials list (shownId, distinct.ts); the
// detail shows the rid whole and scrolls with `[` `]`, as the denials list's does (pane-window.ts).
import { rowState, unselectable, unusedKey, type UnusedList, type UnusedRowState } from '../core/session/index.js';
import { formatTime } from '../core/format.js';
import type { Risk } from '../core/types.js';
import type { UnusedRow } from '../core/usage/index.js';
import { RISK_WORD, STATUS_WORD } from './columns.js';
import { distinctCuts } from './distinct.js';
import { clipEnd, shown, shownId } from './text.js';
import { paneWindow, ridOwnLines, type PaneWindow } from './pane-window.js';
import { maxOf } from '../core/arrays.js';

/** Why `v` cannot open the held-not-used list here (it is for one account, read from a cluster), or null. */
export function unusedUnavailableWhy(uid: string | null, grants: object | null, usage: unknown): string | null {
  if (!uid) return 'the held-not-used list is for one account: start the loop with --uid UID';
  if (!grants) return 'no cluster configured: the held-not-used list reads what the account holds from the IAM (--cluster-url or DCOS_URL and credentials)';
  return usage ? null : 'the held-not-used list is not available here';
}

export interface UnusedLine {
  key: string;
  row: UnusedRow;
  state: UnusedRowState;
  /** The policy rates revoking it dangerous to touch (or it is DANGEROUS): never selected by `a`. */
  touchy: boolean;
  text: string;
}

export interface UnusedScreen {
  title: string;
  /** The window's judgement (short window, hosts missing), and errors of the usage scan. */
  warnings: string[];
  lines: UnusedLine[];
  /** Shown instead of rows (loading, failed, nothing held). */
  empty: string | null;
}

/**
 * The state column, 8 wide, or 4 on a narrow terminal: the words in flight are the denials list's
 * (`send` for the pair being sent, `wait` for the pairs after it: columns.ts).
 */
const STATE_WORD: Record<'long' | 'short', Record<UnusedRowState, string>> = {
  long: {
    unused: 'unused', used: 'used', unknown: 'unknown', group: 'group', selected: 'selected',
    revoking: 'revoking', queued: STATUS_WORD.long.queued, revoked: 'revoked', 'granting back': 'regrant',
  },
  short: {
    unused: 'idle', used: 'used', unknown: 'unk', group: 'grp', selected: STATUS_WORD.short.selected,
    revoking: STATUS_WORD.short.granting, queued: STATUS_WORD.short.queued, revoked: 'gone', 'granting back': STATUS_WORD.short.granting,
  },
};
const STATE_W = { long: 8, short: 4 } as const;
/** The rid keeps at least this many columns: below it with the long state words, the short ones are used. */
const RID_ROOM = 24;

const lastUse = (r: UnusedRow): string => {
  if (r.gid !== null && r.status !== 'used') return `held through group ${shownId(r.gid)}`;
  if (!r.lastUse) return r.status === 'unknown' ? 'no record read' : 'not used in the window';
  const as = r.onlyAs ? ` only as ${shownId(r.onlyAs[0] ?? '')}${r.onlyAs.length > 1 ? ` +${r.onlyAs.length - 1}` : ''}` : '';
  return `last ${formatTime(r.lastUse.time)}${as}${r.gid !== null ? ` (group ${shownId(r.gid)})` : ''}`;
};

export function unusedScreen(l: UnusedList, width: number): UnusedScreen {
  const uid = shownId(l.uid);
  const rep = l.report;
  if (l.load === 'idle' || (l.load === 'loading' && !rep)) {
    return { title: `held by ${uid}, not used in the window`, warnings: [], lines: [], empty: `reading what ${uid} holds from the IAM and its allow lines from the sources…` };
  }
  if (!rep) return { title: `held by ${uid}, not used in the window`, warnings: [], lines: [], empty: `could not judge: ${shown(l.error ?? 'unknown error')} — r tries again` };
  const direct = rep.rows.filter((r) => r.gid === null);
  const unused = direct.filter((r) => r.status === 'unused').length;
  const groups = rep.rows.length - direct.length;
  const hosts = rep.windows.length;
  const title = `held by ${uid}, not used in the window: ${unused} of ${direct.length} direct grant(s) unused${groups ? `, ${groups} through groups` : ''} · ${hosts} host(s) read${l.load === 'loading' ? ' · re-reading…' : ''}`;
  const warnings = [
    ...rep.warnings.map((w) => `warning: ${shown(w.message)}`),
    ...rep.errors.map((e) => `source error: ${shown(e.source)}: ${shown(e.message)}`),
    ...(rep.incomplete.length > 0 ? [`the read was not whole (${shown(rep.incomplete.join('; '))}): nothing here is revoked on it — r reads again`] : []),
  ];
  const actionW = maxOf(rep.rows, (r) => shownId(r.action).length, 4);
  const ids = rep.rows.map((r) => shownId(r.rid));
  // Each row's last use, formatted once: the rid column's width and the row's tail both need it.
  const lasts = rep.rows.map(lastUse);
  // One rid column for every row, as on the denials list (columns.ts): the rids line up, and two
  // rids cut at the same width show where they differ at the same columns (distinct.ts).
  const head = (form: 'long' | 'short') => 3 + 1 + STATE_W[form] + 1 + 4 + 1 + 1 + 1;
  // The rid gets its whole length first, as on the denials list; the last-use note (the detail pane
  // says it whole) takes what is left. A rid cut anyway keeps RID_ROOM columns at least beside it.
  const ridNeed = maxOf(ids, (t) => t.length, 0);
  const lastNeed = Math.min(maxOf(lasts, (t) => t.length, 0) + 2, 28);
  const room = (form: 'long' | 'short') => width - 1 - head(form) - 1 - actionW;
  // The short state words when the long ones leave the rid too little room, or cut a rid the short ones show whole.
  const form = room('long') < Math.min(ridNeed, RID_ROOM) || (ridNeed > room('long') && ridNeed <= room('short')) ? 'short' : 'long';
  const ridW = Math.max(10, ridNeed <= room(form) ? ridNeed : Math.min(room(form), Math.max(RID_ROOM, room(form) - lastNeed)));
  const ridCol = Math.min(ridW, ridNeed);
  const lastW = room(form) - ridCol - 2;
  const rids = distinctCuts(ids.map((text) => ({ text, width: ridW })));
  const lines = rep.rows.map<UnusedLine>((r, i) => {
    const key = unusedKey(l.uid, r);
    const state = rowState(l, r);
    const selected = l.selected.has(key);
    const touchy = r.gid === null && (r.caution !== null || r.risk === 'dangerous');
    const mark = `${selected ? '[x]' : r.gid === null ? '[ ]' : '   '} ${STATE_WORD[form][state].padEnd(STATE_W[form])} ${RISK_WORD.short[r.risk as Risk].padEnd(4)} ${touchy ? '!' : ' '} `;
    const last = lastW >= 6 ? clipEnd(lasts[i] ?? '', lastW) : ''; // a stub says nothing
    const text = `${mark}${(rids[i] ?? '').padEnd(ridCol)} ${shownId(r.action).padEnd(actionW)}${last ? `  ${last}` : ''}`;
    return { key, row: r, state, touchy, text };
  });
  return { title, warnings, lines, empty: lines.length ? null : `${uid} holds nothing directly or through a group` };
}

/**
 * The detail of one row: the rid whole (wrapped over lines of its own when it does not fit on the
 * title line), how it was judged, and whether it may be revoked from here.
 */
function unusedDetail(l: UnusedList, r: UnusedRow, width: number): string[] {
  const rid = shownId(r.rid);
  const rest = `${shownId(r.action)}: ${r.risk.toUpperCase()}${r.gid !== null ? `, held through group ${shownId(r.gid)}` : ', held directly'}`;
  const own = ridOwnLines(rid, rest, width);
  const out = own.length ? [...own, rest] : [`${rid} ${rest}`];
  if (r.lastUse) {
    out.push(`used ${r.uses}×, last ${formatTime(r.lastUse.time)} by ${shown(r.lastUse.component)}${r.lastUse.host ? ` on ${shown(r.lastUse.host)}` : ''} as ${shownId(r.lastUse.rid)} ${shownId(r.lastUse.action)}${r.onlyAs ? ' (only narrower rids were used)' : ''}`);
  } else {
    out.push(r.status === 'unknown' ? (r.reason ?? 'no audit record was read: nothing can be judged') : 'not used in the window read (a monthly job may still need it: see the warnings)');
  }
  if (r.caution) out.push(`dangerous to touch: ${shown(r.caution)}`);
  const why = unselectable(l, r);
  out.push(why ? `not selectable: ${why}` : 'space selects it; g revokes the selection (u grants it back)');
  const res = l.lastResult[unusedKey(l.uid, r)];
  if (res) out.push(`last answer: ${res.outcome}${res.detail ? ` (${shown(res.detail)})` : ''}`);
  return out;
}

/** What the detail of `r` shows in `room` lines of `width` from `offset` (`[` `]` scroll it: pane-window.ts). */
export function unusedDetailWindow(l: UnusedList, r: UnusedRow, width: number, room: number, offset: number): PaneWindow<string> {
  return paneWindow(unusedDetail(l, r, width), room, offset);
}

/** The first row drawn so the cursor shows in `body` rows. */
export function unusedOffset(cursor: number, offset: number, body: number, rows: number): number {
  const maxOff = Math.max(0, rows - body);
  let o = Math.min(Math.max(0, offset), maxOff);
  if (cursor < o) o = cursor;
  if (cursor >= o + body) o = cursor - body + 1;
  return Math.max(0, Math.min(o, maxOff));
}
