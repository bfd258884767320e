// Colours for risks and statuses, shared by the list, the detail pane and the dialogs.
import type { FindingStatus } from '../../core/session/index.js';
import type { Risk } from '../../core/types.js';

export const RISK_COLOR: Record<Risk, string> = { normal: 'green', sensitive: 'yellow', dangerous: 'red', unknown: 'magenta' };

export const STATUS_COLOR: Record<FindingStatus, string> = {
  new: 'white',
  selected: 'cyan',
  granting: 'blue',
  granted: 'green',
  'already held': 'green',
  'still denied after grant': 'red',
  stale: 'gray',
  'not grantable': 'gray',
};

export const fmtBytes = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(0)} KB` : n < 1 << 30 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / (1 << 30)).toFixed(2)} GB`;

export const fmtTime = (t: number | null): string => (t === null ? '-' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'));
