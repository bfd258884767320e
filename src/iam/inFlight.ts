// Two runs at once (docs/ledger.md, "A change still in flight"): another run on this host is sending a
// change of a pair this batch is about to send (its intent is written, its answer is not). What this
// batch finds of that pair (held, absent) may not hold once that request lands: a grant's "already
// held" while an undo revokes it ends with the pair absent. Nothing is locked (a run that dies would
// leave the lock); it is said before anything is sent.
import { pairKey, principalLabel } from '../core/policy/index.js';
import { safeText } from '../core/text.js';
import type { GrantPair } from '../core/types.js';
import type { LedgerRecord } from './ledgerLines.js';

/** Said of at most this many pairs: the rest are counted. */
const SHOWN = 3;

/** The warnings for `pairs` (of `cluster`) that another live run is sending a change of, per the ledger's `records`. */
export function othersInFlight(records: readonly LedgerRecord[], pairs: readonly GrantPair[], cluster: string, op: 'grant' | 'revoke'): string[] {
  const wanted = new Set(pairs.map(pairKey));
  const busy = records.filter((r) => r.inFlight && r.cluster === cluster && wanted.has(pairKey(r)));
  const out = busy.slice(0, SHOWN).map(
    (r) =>
      `process ${r.pid ?? '?'} on this host is sending a ${r.op} of ${safeText(`${principalLabel(r)} ${r.rid} ${r.action}`)} right now (its answer is not recorded yet): ` +
      `what this ${op} finds of that pair may not hold once it lands; check with \`audit2grant history\` when that run has ended`,
  );
  if (busy.length > SHOWN) out.push(`${busy.length - SHOWN} more pair(s) of this ${op} are being changed by another run right now (audit2grant history)`);
  return out;
}
