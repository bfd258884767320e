// After a revoke from an account: a pair it still holds another way (through a group, or `full` on
// the same rid) is said, so that "revoked" or "already absent" is not read as "no longer held"
// (grant already says "held through group G" for the same reasons: iam/holdings.ts).
import { heldBecause } from '../../iam/holdings.js';
import type { IamClient } from '../../iam/client.js';
import type { PairResult } from '../../core/types.js';

/** One line per pair revoked (or absent) from an account that still holds it, unsaid when its holdings cannot be read. */
export async function stillHeldNotes(client: Pick<IamClient, 'heldPairs'>, results: readonly PairResult[]): Promise<string[]> {
  const gone = results.filter((r) => r.gid === undefined && (r.outcome === 'revoked' || r.outcome === 'already absent'));
  const notes: string[] = [];
  for (const uid of new Set(gone.map((r) => r.uid))) {
    const held = await client.heldPairs(uid).catch(() => null);
    if (!held) continue;
    for (const r of gone.filter((g) => g.uid === uid)) {
      const why = heldBecause(held, r);
      if (why) notes.push(`${uid} still has ${r.rid} ${r.action}: ${why}; revoke it there for the account to lose it`);
    }
  }
  return notes;
}
