// The UI's IAM port over the real IAM client (src/iam): grants with the rails (the UI already asked
// for the SENSITIVE confirmation, hence yes), undo as the `undo` command's for this session's batch.
// With `--gid`, every batch goes to that group (and undo takes it back from the group).
import { pairKey } from '../../core/policy/index.js';
import { redactUrls } from '../../core/redact.js';
import type { GrantPair, PairResult } from '../../core/types.js';
import type { IamClient } from '../../iam/client.js';
import { heldPairList } from '../../iam/holdings.js';
import { nodeCount } from '../../iam/nodeCount.js';
import type { Progress } from '../../iam/grants.js';
import type { GrantPort, PairAnswered } from '../ports.js';

/** What a dry run answers for each pair: nothing sent. */
const notSent = (pairs: GrantPair[]): PairResult[] => pairs.map((p) => ({ ...p, outcome: 'dry-run', detail: 'not sent (--dry-run)', aclCreated: false }));

/** Undo sends newest first; the loop lists the answers in its batch's order, as it lists the batch. */
function inOrderOf(pairs: readonly GrantPair[], results: PairResult[]): PairResult[] {
  const at = new Map(pairs.map((p, i) => [pairKey(p), i]));
  return results.map((r, i) => ({ r, i })).sort((a, b) => (at.get(pairKey(a.r)) ?? pairs.length + a.i) - (at.get(pairKey(b.r)) ?? pairs.length + b.i)).map(({ r }) => r);
}

/** The client's progress, as the loop takes it: the answer and its time. */
const progress = (onAnswer?: PairAnswered): Progress | undefined => onAnswer && ((r, _done, _total, at) => onAnswer(r, at));

export function grantPortFromClient(client: IamClient, dryRun: boolean, gid: string | null = null): GrantPort {
  const target = (pairs: GrantPair[]): GrantPair[] => (gid === null ? pairs : pairs.map((p) => ({ ...p, gid })));
  return {
    // For the screen only (the dry-run requests, the header): never a URL's password.
    clusterUrl: redactUrls(client.clusterUrl),
    sessionId: client.sessionId,
    actingUid: client.actingUid,
    dryRun,
    gid,
    async held(uid) {
      const m = await client.heldPairs(uid);
      // Not "holds nothing": the list must say its held markers are unknown (useHeld).
      if (!m) throw new Error(`${client.actingUid ?? 'this account'} may not read it, or the answer was not the IAM's`);
      return heldPairList(uid, m);
    },
    async grant(pairs, o, stop, onAnswer) {
      if (dryRun) return notSent(target(pairs));
      return (await client.grant(target(pairs), { allowDangerous: o.allowDangerous, forceNative: o.forceNative, yes: true, stop }, progress(onAnswer))).results;
    },
    // `u` is `audit2grant undo --session` of this session narrowed to the batch: the ledger decides
    // what is still this session's to take back (not taken back since, not granted again later by
    // another, not in flight, readable), and the rest comes back `already undone` or `refused`.
    async revoke(pairs, stop, onAnswer) {
      const sent = target(pairs);
      return inOrderOf(sent, (await client.undo(client.sessionId, progress(onAnswer), { gid: gid ?? undefined, pairs: { list: sent, op: 'grant' }, stop })).results);
    },
    holdings: (uid) => client.holdings(uid),
    nodes: () => nodeCount(client),
    // The unused list's revokes go to the account itself, whatever --gid says: they are its direct
    // grants. Journaled as this session's revokes (`audit2grant undo` grants them back).
    async revokeHeld(pairs, stop, onAnswer) {
      if (dryRun) return notSent(pairs);
      return (await client.revoke(pairs, { forceNative: false, regrantable: true, stop }, progress(onAnswer))).results;
    },
    // What this session revoked goes back as `audit2grant undo` of a revoke session gives it back,
    // with its checks (never a DANGEROUS permission or a native account); the regrant question was
    // the grant policy's confirmation.
    async regrant(pairs, _o, stop, onAnswer) {
      if (dryRun) return notSent(pairs);
      const consent = { mode: 'interactive', yes: true } as const;
      return inOrderOf(pairs, (await client.undo(client.sessionId, progress(onAnswer), { consent, pairs: { list: pairs, op: 'revoke' }, stop })).results);
    },
  };
}
