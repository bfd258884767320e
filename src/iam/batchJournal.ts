// The ledger's journal of a batch: the intent line before each pair's first request, the outcome line after.
import { pairKey, principalLabel } from '../core/policy/index.js';
import type { GrantPair } from '../core/types.js';
import { safeText } from '../core/text.js';
import type { BatchJournal } from './batch.js';
import { newRecordId, type Ledger, type LedgerLine } from './ledger.js';
import { intentWriter } from './writer.js';
import { ensureLedgerRoom } from './ledgerFile.js';

/** Where and as whom the lines are written: the client's ledger, cluster and session. */
interface JournalTarget {
  readonly ledger: Ledger;
  readonly clusterUrl: string;
  readonly sessionId: string;
}

/** The connect options the journal reads (ConnectOptions' own). */
interface JournalOptions {
  now?: () => number;
  ledgerRoom?: number;
  onWarning?: (message: string) => void;
}

/**
 * The intent line before a pair's first request (a failure stops the batch: nothing is sent
 * unrecorded), the outcome line after (a failure is a warning: the intent already tells undo).
 */
export function ledgerJournal(to: JournalTarget, opts: JournalOptions, op: 'grant' | 'revoke', undoOf?: string, regrantable = false): BatchJournal {
  const ids = new Map<string, { id: string; heldBefore: boolean | null | undefined }>();
  const line = (pair: GrantPair, at = opts.now?.() ?? Date.now()): LedgerLine => ({
    time: new Date(at).toISOString(),
    cluster: to.clusterUrl,
    session: to.sessionId,
    // A group's change names no account: an audit2grant that knows no `gid` then refuses to undo
    // it (an empty uid is invalid) rather than revoke the same permission from an account.
    uid: pair.gid !== undefined ? '' : pair.uid,
    rid: pair.rid,
    action: pair.action,
    ...(pair.gid !== undefined ? { gid: pair.gid } : {}),
    op,
    ...(undoOf ? { undoOf } : {}),
    ...(regrantable && op === 'revoke' ? { regrantable: true as const } : {}),
  });
  return {
    before: (pair, heldBefore) => {
      // Room for the outcome first: an intent left alone reads back as maybe applied.
      ensureLedgerRoom(to.ledger.path, opts.ledgerRoom);
      const id = newRecordId();
      // Its writer, so that an undo meanwhile leaves a change still on its way alone; and, for a
      // grant, whether it was held before, so that undo never revokes an intent alone held then.
      const held = op === 'grant' && heldBefore !== undefined ? { heldBefore } : {};
      to.ledger.write([{ kind: 'intent', id, ...line(pair), ...intentWriter(), ...held }]);
      ids.set(pairKey(pair), { id, heldBefore });
    },
    after: (r, recorded, at) => {
      const { id, heldBefore } = ids.get(pairKey(r)) as { id: string; heldBefore: boolean | null | undefined };
      try {
        to.ledger.write([{ kind: 'outcome', id, ...line(r, at), outcome: recorded, aclCreated: r.aclCreated, ...(r.aclUnknown ? { aclUnknown: true as const } : {}), ...(r.detail ? { detail: r.detail } : {}) }]);
      } catch (e) {
        // Said by name: an outcome that changed nothing (held already) reads back as maybe applied, and undo would act on it.
        const what = `${principalLabel(r)} ${r.rid} ${r.action}`;
        const lost = `could not write the ledger ${to.ledger.path} (${(e as Error).message}): the outcome of this ${op} of ${safeText(what)} is not recorded`;
        // Undo's own change is never undone; unrecorded, it does not count as done, so the next undo of that session sends it again.
        if (undoOf !== undefined) {
          opts.onWarning?.(`${lost}: it does not count as done, so the next \`audit2grant undo --session ${undoOf}\` sends it again; check with \`audit2grant history\` first`);
          return;
        }
        // A grant whose holder's holdings were not read may have been held before: undo refuses it (undoCheck.ts).
        if (op === 'grant' && typeof heldBefore !== 'boolean') {
          opts.onWarning?.(`${lost}, and what was held before it could not be read: undo will not revoke it, it lists it for a check by hand`);
          return;
        }
        const undo = recorded === 'already held' || recorded === 'already absent' || recorded === 'failed'
          ? `, though it ended ${recorded}: \`audit2grant undo --session ${to.sessionId}\` would ${op === 'grant' ? 'revoke it, even if it was held before' : 'treat it as maybe revoked'}; check with \`audit2grant history\` first`
          : '';
        opts.onWarning?.(`${lost}, so undo will treat it as maybe applied${undo}`);
      }
    },
  };
}
