// Undo revokes a grant whose answer was never read (an intent alone, or an outcome `unknown`) when
// its intent says the pair was not held before. That read only shows the pair absent *then*: someone
// may have granted it by hand since, and the DELETE removes that grant too. Undo still sends it (the
// undo was asked for, and a maybe-applied grant left held is the other risk), but says so on the pair,
// with the grant that puts it back (docs/ledger.md, "An intent alone").
import { pairKey } from '../core/policy/index.js';
import type { GrantPair, PairResult } from '../core/types.js';
import type { LedgerRecord } from './ledgerLines.js';

/** A grant record whose IAM answer was never read: interrupted, or its answer lost. */
export const grantUnconfirmed = (r: LedgerRecord): boolean => r.op === 'grant' && (r.interrupted === true || r.outcome === 'unknown');

/** What a revoke of such a grant says (`dryRun`: what it would do), naming the grant that puts the pair back. */
export function unconfirmedText(p: GrantPair, dryRun = false): string {
  const flag = p.gid !== undefined ? `--gid ${p.gid}` : `--uid ${p.uid}`;
  const gone = dryRun ? 'that grant goes too' : 'that grant is gone too';
  return `its grant's answer was never read: if someone granted it since, ${gone}: \`audit2grant grant ${flag} ${p.rid} ${p.action}\` puts it back`;
}

/** The pairs of undo's `grants` (the plan's records) whose every record is unconfirmed: one confirmed grant of ours makes the holding ours. */
export function unconfirmedPairs(grants: readonly LedgerRecord[]): ReadonlySet<string> {
  const sure = new Set(grants.filter((g) => !grantUnconfirmed(g)).map(pairKey));
  return new Set(grants.filter(grantUnconfirmed).map(pairKey).filter((k) => !sure.has(k)));
}

/**
 * Marks a result of undo's revokes of `grants` when its pair is unconfirmed (above) and the revoke
 * removed something (`revoked`), may have (its own answer lost), or would (a dry run).
 * `already absent`, refused and not-sent results are left as they are.
 */
export function markUnconfirmed(grants: readonly LedgerRecord[]): (r: PairResult) => PairResult {
  const unsure = unconfirmedPairs(grants);
  return (r) => {
    const removed = r.outcome === 'revoked' || r.outcome === 'dry-run' || r.fate === 'maybe applied';
    if (!removed || !unsure.has(pairKey(r))) return r;
    const note = unconfirmedText(r, r.outcome === 'dry-run');
    return { ...r, detail: r.detail ? `${r.detail}; ${note}` : note, grantUnconfirmed: true };
  };
}
