// The IAM operations on (uid, rid, action) pairs: grant (ensure the ACL, then the entry; a pair
// already held, holdings.ts, is skipped), revoke (delete the entry; NEVER the ACL, which would
// strip every principal). Each pair that sends a change is journaled: an intent before, an outcome
// after (batch.ts; docs/ledger.md).
import type { GrantPair, PairResult } from '../core/types.js';
import { ACL_DESCRIPTION, acePath, aclPath } from '../core/plan/requests.js';
import type { IamSession } from '../cluster/auth.js';
import { iamError } from '../cluster/http.js';
import { redactUrls } from '../core/redact.js';
import { safeText } from '../core/text.js';
import { fetchGroupHeld, fetchHeld, heldBecause, type HeldMap } from './holdings.js';
import { ABSENT_CODES, absentCode, ACE_DONE, ACL_EXISTS, failedText, iamConflict, notTheIamsConflict, notTheIamsSuccess } from './answers.js';
import { holderLabel, runBatch, type RunOpts } from './batch.js';

export { finished, type BatchJournal, type Progress } from './batch.js';

/** The principal whose holdings decide whether a pair is held already: its group, or its account. */
const holderKey = (p: GrantPair): string => (p.gid !== undefined ? `group\u0000${p.gid}` : p.uid);

/** Grant each pair: skip what is held, ensure the ACL (201/409), add the entry (204/409). */
export async function grantPairs(session: IamSession, pairs: readonly GrantPair[], opts: RunOpts = {}): Promise<PairResult[]> {
  const heldBy = new Map<string, HeldMap | null | 'unknown'>();
  for (const p of pairs) {
    const k = holderKey(p);
    if (heldBy.has(k)) continue;
    // Unread holdings are not "holds nothing": a 409 after a lost answer then proves nothing about
    // who granted it (below), and pairs held already are sent again. Said once, before any grant.
    const unread = (why: string): void =>
      opts.onWarning?.(`could not read what ${safeText(holderLabel(p))} holds (${why}): what it already holds is not skipped, and a grant whose answer is lost is recorded unknown`);
    heldBy.set(k, p.gid !== undefined ? await fetchGroupHeld(session, p.gid, unread) : await fetchHeld(session, p.uid, unread));
  }
  const aclsReady = new Map<string, boolean>(); // rid → created by us
  return runBatch(pairs, opts, 'grant', async (pair, steps) => {
    const base = { ...pair, aclCreated: false };
    const held = heldBy.get(holderKey(pair));
    if (held === 'unknown') {
      const detail = pair.gid !== undefined
        ? `the IAM does not know group ${pair.gid}: create it first (dcos security org groups create ${pair.gid})`
        : `the IAM does not know ${pair.uid}: create the service account first`;
      return { ...base, outcome: 'failed', detail };
    }
    // A grant back (undo of a revoke) restores the account's own grant: a group's holding does not stand in for it.
    const because = held ? heldBecause(held, pair, opts.undoing === true && pair.gid === undefined) : null;
    if (because) {
      // Nothing is sent, but a grant back that ends here settles the revoke it gives back: written.
      if (opts.undoing) steps.begin(true);
      return { ...base, outcome: 'already held', detail: because };
    }
    // Said in the intent: if its outcome is never written, undo revokes it only when it was not held before.
    steps.begin(held ? false : null);
    let created = false;
    if (!aclsReady.has(pair.rid)) {
      steps.acl('sending');
      const acl = await session.call('PUT', aclPath(pair.rid), { description: ACL_DESCRIPTION });
      created = acl.status === 201;
      // After a lost answer (or with a 5xx) the ACL may be ours though the answer says otherwise.
      steps.acl(created ? true : acl.uncertain || acl.status >= 500 ? null : false);
      if (acl.status === 409 && !iamConflict(acl, ACL_EXISTS)) return { ...base, outcome: 'failed', detail: `creating the ACL failed: ${notTheIamsConflict(acl, ACL_EXISTS)}` };
      if (acl.status !== 201 && acl.status !== 409) return { ...base, outcome: 'failed', detail: `creating the ACL failed: ${failedText(acl, pair)}` };
      aclsReady.set(pair.rid, created);
    }
    steps.sendingEntry();
    const res = await session.call('PUT', acePath(pair));
    if (res.status === ACE_DONE) return { ...base, outcome: 'granted', detail: created ? 'ACL created' : '', aclCreated: created };
    // Another 2xx (a login page a proxy serves with 200) is not the IAM's "granted"; the request may
    // still have reached it, so the ledger says unknown and undo takes it back (docs/ledger.md).
    if (res.status >= 200 && res.status < 300) {
      steps.maybeApplied();
      return { ...base, outcome: 'failed', detail: notTheIamsSuccess('grant', res), aclCreated: created };
    }
    const exists = iamConflict(res);
    // Our first PUT may have been applied with its answer lost. When the check above read the
    // holdings and did not find the pair, the IAM having it now is most likely this session's doing,
    // and undo must take it back; but someone may have granted it between that read and the retry,
    // so the words do not claim it. When it could not read them, the pair may have been held before: unknown.
    if (exists && res.uncertain && held) {
      return { ...base, outcome: 'granted', detail: `the answer was lost and the retry found it held (409 ${exists}): not held when this session read the holdings, so granted by its lost request, or by someone else since; recorded as granted (\`audit2grant undo\` takes it back)`, aclCreated: created };
    }
    if (exists && res.uncertain) {
      // Its holdings were not read: what undo does with it is said by runBatch (it will not revoke it).
      steps.maybeApplied();
      return { ...base, outcome: 'failed', detail: `the answer was lost and the retry found it held (409 ${exists})`, aclCreated: created };
    }
    if (exists) return { ...base, outcome: 'already held', detail: `the IAM already had it (409 ${exists})`, aclCreated: created };
    // Any other answer after a lost one (a 429, 400, 404, 409 that is not the IAM's) says nothing of
    // the attempt that was lost: the first PUT may have been applied. A 5xx may come after it too.
    if (res.uncertain || res.status >= 500) steps.maybeApplied();
    if (res.status === 409) return { ...base, outcome: 'failed', detail: notTheIamsConflict(res, '"already held"'), aclCreated: created };
    return { ...base, outcome: 'failed', detail: failedText(res, pair), aclCreated: created };
  });
}

/** Revoke each pair by deleting its entry; "not there" answers count as success. */
export async function revokePairs(session: IamSession, pairs: readonly GrantPair[], opts: RunOpts = {}): Promise<PairResult[]> {
  return runBatch(pairs, opts, 'revoke', async (pair, steps) => {
    const base = { ...pair, aclCreated: false };
    steps.begin();
    steps.sendingEntry();
    const res = await session.call('DELETE', acePath(pair));
    const e = iamError(res);
    const absent = absentCode(res);
    if (res.status === ACE_DONE) return { ...base, outcome: 'revoked', detail: '' };
    // After a lost answer, anything but the IAM's 204 says nothing of the attempt that was lost: the
    // first DELETE may have been applied (recorded unknown, so `undo` neither takes it for "nothing
    // happened" nor grants it back: docs/ledger.md). Undo's own revoke is done once the pair is gone.
    if (res.uncertain && !(opts.undoing && absent)) steps.maybeApplied();
    // "Absent" only when the IAM itself says so (docs/iam-api.md): any other answer leaves the pair
    // failed, so undo does not count it undone and tries again (docs/ledger.md).
    if (absent === 'ERR_UNKNOWN_USER_ID' || absent === 'ERR_UNKNOWN_GROUP_ID') {
      const who = absent === 'ERR_UNKNOWN_USER_ID' ? pair.uid : `group ${pair.gid}`;
      if (opts.undoing) return { ...base, outcome: 'already absent', detail: `the IAM does not know ${who}` };
      return { ...base, outcome: 'failed', detail: `the IAM does not know ${who} (${absent}): nothing to revoke; check the ${absent === 'ERR_UNKNOWN_USER_ID' ? 'uid' : 'gid'}` };
    }
    if (absent) return { ...base, outcome: 'already absent', detail: absent };
    if (res.status === 404) {
      const what = e.code ? `404 ${safeText(e.code.slice(0, 64))}` : '404 without an IAM error code';
      const detail = `the answer was ${what}, not the IAM's "not there" (${ABSENT_CODES.join(', ')}): the grant may still be held (a proxy or gateway in the way, or a wrong URL prefix: is ${redactUrls(session.http.baseUrl.href)} the cluster URL?)`;
      return { ...base, outcome: 'failed', detail };
    }
    if (res.status >= 500 || (res.status >= 200 && res.status < 300)) steps.maybeApplied();
    return { ...base, outcome: 'failed', detail: res.status < 300 ? notTheIamsSuccess('revoke', res) : failedText(res, pair) };
  });
}
