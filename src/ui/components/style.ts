// Colours for risks and statuses, shared by the list, the detail pane and the dialogs.
import type { FindingStatus } from '../../core/session/index.js';
import type { Risk } from '../../core/types.js';

export const RISK_COLOR: Record<Risk, string> = { normal: 'green', sensitive: 'yellow', dangerous: 'red', unknown: 'magenta' };

export const STATUS_COLOR: Record<FindingStatus, string> = {
  new: 'white',
  selected: 'cyan',
  granting: 'blue',
  revoking: 'blue',
  queued: 'blue',
  granted: 'green',
  'already held': 'green',
  'still denied after grant': 'red',
  stale: 'gray',
  'not grantable': 'gray',
};


