// The findings list's columns for a given width. The rid comes first: it gets its whole length (up
// to the longest rid shown) before anything optional; then, while they fit, the count, longer status
// and risk words, and the hosts. Only when even the short columns leave too little is the rid cut
// (in the middle). At 80 columns a 60-character rid and a 6-letter action fit whole.
import type { FindingStatus } from '../core/session/index.js';
import type { Risk } from '../core/types.js';

export type StatusForm = 'long' | 'medium' | 'short';
export type RiskForm = 'long' | 'short';

export interface Columns {
  /** `›[x] ` (5) when wide, `›x ` (3) otherwise. */
  prefix: number;
  status: StatusForm;
  risk: RiskForm;
  /** Width of the count column with its `×` (0: not shown). */
  count: number;
  action: number;
  rid: number;
  /** Width of the hosts column (0: not shown). */
  hosts: number;
}

const STATUS_LONG = 24; // 'still denied after grant'
const STATUS_MEDIUM = 8;
const STATUS_SHORT = 4;
const RISK_LONG = 9;
const RISK_SHORT = 4;

export const STATUS_WORD: Record<StatusForm, Record<FindingStatus, string>> = {
  long: {
    new: 'new', selected: 'selected', granting: 'granting', revoking: 'revoking', queued: 'queued', granted: 'granted', 'already held': 'already held',
    'still denied after grant': 'still denied after grant', stale: 'stale', 'not grantable': 'not grantable',
  },
  medium: {
    new: 'new', selected: 'selected', granting: 'granting', revoking: 'revoking', queued: 'queued', granted: 'granted', 'already held': 'held',
    'still denied after grant': 'DENIED!', stale: 'stale', 'not grantable': 'n/a',
  },
  short: {
    new: 'new', selected: 'sel', granting: 'send', revoking: 'send', queued: 'wait', granted: 'ok', 'already held': 'held',
    'still denied after grant': 'DENY', stale: 'old', 'not grantable': 'n/a',
  },
};

export const RISK_WORD: Record<RiskForm, Record<Risk, string>> = {
  long: { normal: 'normal', sensitive: 'SENSITIVE', dangerous: 'DANGEROUS', unknown: 'unknown' },
  short: { normal: 'norm', sensitive: 'SENS', dangerous: 'DANG', unknown: 'unk' },
};

export interface ColumnInput {
  width: number;
  /** Longest rid, action and host list among the rows shown, and the largest count. */
  ridMax: number;
  actionMax: number;
  hostsMax: number;
  countMax: number;
}

const statusW = (f: StatusForm) => (f === 'long' ? STATUS_LONG : f === 'medium' ? STATUS_MEDIUM : STATUS_SHORT);
const riskW = (f: RiskForm) => (f === 'long' ? RISK_LONG : RISK_SHORT);

/** Everything but the rid and hosts: prefix, status, risk, count, action, with one space after each. */
function fixedWidth(c: Omit<Columns, 'rid' | 'hosts'>): number {
  return c.prefix + statusW(c.status) + 1 + riskW(c.risk) + 1 + (c.count ? c.count + 1 : 0) + c.action + 1;
}

export function planColumns(i: ColumnInput): Columns {
  const action = Math.max(4, i.actionMax);
  const ridWant = Math.max(10, i.ridMax);
  let c: Omit<Columns, 'rid' | 'hosts'> = { prefix: 3, status: 'short', risk: 'short', count: 0, action };
  const fits = (x: typeof c) => fixedWidth(x) + ridWant <= i.width;
  // Upgrades in order of worth; each is kept only if the rid still fits whole.
  const upgrades: Array<(x: typeof c) => typeof c> = [
    (x) => ({ ...x, count: String(Math.max(1, i.countMax)).length + 1 }),
    (x) => ({ ...x, status: 'medium' }),
    (x) => ({ ...x, risk: 'long' }),
    (x) => ({ ...x, prefix: 5 }),
    (x) => ({ ...x, status: 'long' }),
  ];
  for (const up of upgrades) {
    const next = up(c);
    if (fits(next)) c = next;
  }
  const rid = Math.max(10, Math.min(ridWant, i.width - fixedWidth(c)));
  const room = i.width - fixedWidth(c) - rid - 2;
  const hosts = i.hostsMax > 0 && room >= 10 ? Math.min(room, i.hostsMax) : 0;
  return { ...c, rid, hosts };
}
