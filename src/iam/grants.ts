// The IAM operations on (uid, rid, action) pairs: what a uid (or, for `--gid`, a group) already
// holds, grant (ensure the ACL, then the entry), revoke (delete the entry; NEVER the ACL, which would
// strip every principal). Each pair that sends a change is journaled: an intent before, an outcome
// after (docs/ledger.md).
import { MAYBE_APPLIED_TEXT, NOT_SENT_STOPPED, type GrantPair, type PairResult } from '../core/types.js';
import { ACL_DESCRIPTION, acePath, aclPath } from '../core/plan/requests.js';
import { FULL } from '../core/policy/covers.js';
import { AuthError, IAM_PREFIX, type IamSession } from '../cluster/auth.js';
import { iamError, NetworkError, type HttpResponse } from '../cluster/http.js';
import { LedgerError } from './ledgerFile.js';
import { OperationalError } from '../errors.js';
import { safeText } from '../core/text.js';
import type { LedgerOutcome } from './ledgerLines.js';

/** rid → action → how it is held (`directly` or `through group G`). */
export type HeldMap = Map<string, Map<string, string>>;

export type Progress = (result: PairResult, done: number, total: number) => void;

/** The ledger's hooks around each pair that sends a change (docs/ledger.md). */
export interface BatchJournal {
  /** Before the first request that may change the pair; throwing stops the batch (nothing is sent for it). */
  before(pair: GrantPair): void;
  /** After its last request: the result, and what the ledger records (`unknown`: the IAM may have applied it). */
  after(result: PairResult, recorded: LedgerOutcome): void;
}

/**
 * The IAM's own codes for "that entry is not there" (docs/iam-api.md): a revoke answered one of them,
 * with 400 (the open-source IAM, the sandbox) or 404 (parts of its spec), has nothing left to do. Any
 * other answer, a 404 with another code included (a gateway's, a proxy's), proves nothing.
 */
const ABSENT_CODES: readonly string[] = ['ERR_USER_NOT_IN_ACL', 'ERR_GROUP_NOT_IN_ACL', 'ERR_ACTION_NOT_YET_STORED', 'ERR_UNKNOWN_RESOURCE_ID'];

/** The IAM's answer to a grant's or a revoke's entry request when it did it (docs/iam-api.md). */
const ACE_DONE = 204;

/** The IAM's own "not there" code of a revoke's answer, or null (also for the same code under another status). */
function absentCode(res: HttpResponse): string | null {
  if (res.status !== 400 && res.status !== 404) return null;
  const { code } = iamError(res);
  return code !== null && (ABSENT_CODES.includes(code) || code === 'ERR_UNKNOWN_USER_ID' || code === 'ERR_UNKNOWN_GROUP_ID') ? code : null;
}

/** A 2xx other than the IAM's own 204: something answered "done" in the IAM's place. */
const notTheIamsSuccess = (op: 'grant' | 'revoke', res: HttpResponse): string => `the IAM answers a ${op} ${ACE_DONE}, not ${res.status}: not counted as ${op === 'grant' ? 'granted' : 'revoked'}`;

/** Adds `{rid, actions:[{name}]}` entries to a held map, each action with how it is held. */
function addHeld(held: HeldMap, list: unknown, via: (e: Record<string, unknown>) => string): void {
  if (!Array.isArray(list)) return;
  for (const e of list as Record<string, unknown>[]) {
    if (!e || typeof e.rid !== 'string' || !Array.isArray(e.actions)) continue;
    const m = held.get(e.rid) ?? new Map<string, string>();
    for (const a of e.actions as { name?: unknown }[]) {
      if (a && typeof a.name === 'string' && !m.has(a.name)) m.set(a.name, via(e));
    }
    held.set(e.rid, m);
  }
}

/** What uid holds (direct and through groups), null when this account may not read it, 'unknown' for an unknown uid. */
export async function fetchHeld(session: IamSession, uid: string): Promise<HeldMap | null | 'unknown'> {
  const res = await session.call('GET', `${IAM_PREFIX}/users/${encodeURIComponent(uid)}/permissions`, undefined, { pass403: true });
  if (res.status === 403) return null;
  if ((res.status === 400 || res.status === 404) && iamError(res).code === 'ERR_UNKNOWN_USER_ID') return 'unknown';
  if (res.status !== 200) return null;
  const held: HeldMap = new Map();
  const body = (res.json ?? {}) as { direct?: unknown; groups?: unknown };
  // The IAM lists what the account holds through its groups beside what it holds itself: a pair
  // held through a group is held (granting it again directly would only be undone later).
  addHeld(held, body.direct, () => 'directly');
  addHeld(held, body.groups, (e) => `through group ${typeof e.gid === 'string' ? e.gid : '?'}`);
  return held;
}

/** What an account holds, split as the IAM lists it: its own entries, and each group's (`gid` set). */
export interface Holding {
  rid: string;
  action: string;
  /** null: held directly; else the group it is held through. */
  gid: string | null;
}

/**
 * The account's grants from `GET /users/{uid}/permissions` (docs/iam-api.md): `direct` entries and
 * `groups` entries (each with its `gid`), in the IAM's order. 'forbidden' when this account may not
 * read them, 'unknown' for an unknown uid; other answers throw.
 */
export async function fetchHoldings(session: IamSession, uid: string): Promise<Holding[] | 'forbidden' | 'unknown'> {
  const res = await session.call('GET', `${IAM_PREFIX}/users/${encodeURIComponent(uid)}/permissions`, undefined, { pass403: true });
  if (res.status === 403) return 'forbidden';
  if ((res.status === 400 || res.status === 404) && iamError(res).code === 'ERR_UNKNOWN_USER_ID') return 'unknown';
  if (res.status !== 200) throw new OperationalError(`the IAM answered ${res.status} to GET /users/${uid}/permissions: ${iamError(res).text}`, 'check the cluster URL and the IAM, then run it again');
  const body = (res.json ?? {}) as { direct?: unknown; groups?: unknown };
  const out: Holding[] = [];
  const seen = new Set<string>();
  const take = (list: unknown, gidOf: (e: Record<string, unknown>) => string | null): void => {
    if (!Array.isArray(list)) return;
    for (const e of list as Record<string, unknown>[]) {
      if (!e || typeof e.rid !== 'string' || !Array.isArray(e.actions)) continue;
      const gid = gidOf(e);
      for (const a of e.actions as { name?: unknown }[]) {
        if (!a || typeof a.name !== 'string') continue;
        const key = `${gid ?? ''}\u0000${e.rid}\u0000${a.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ rid: e.rid, action: a.name, gid });
      }
    }
  };
  take(body.direct, () => null);
  take(body.groups, (e) => (typeof e.gid === 'string' ? e.gid : '?'));
  return out;
}

/** What a group holds itself (`--gid`), null when this account may not read it, 'unknown' for an unknown group. */
export async function fetchGroupHeld(session: IamSession, gid: string): Promise<HeldMap | null | 'unknown'> {
  const res = await session.call('GET', `${IAM_PREFIX}/groups/${encodeURIComponent(gid)}/permissions`, undefined, { pass403: true });
  if (res.status === 403) return null;
  if ((res.status === 400 || res.status === 404) && iamError(res).code === 'ERR_UNKNOWN_GROUP_ID') return 'unknown';
  if (res.status !== 200) return null;
  const held: HeldMap = new Map();
  addHeld(held, ((res.json ?? {}) as { array?: unknown }).array, () => `by group ${gid}`);
  return held;
}

/** The principal whose holdings decide whether a pair is held already: its group, or its account. */
const holderKey = (p: GrantPair): string => (p.gid !== undefined ? `group\u0000${p.gid}` : p.uid);

/** The held map as pairs (the UI and the demo mark them `already held`). */
export function heldPairList(uid: string, held: HeldMap): GrantPair[] {
  return [...held].flatMap(([rid, actions]) => [...actions.keys()].map((action) => ({ uid, rid, action })));
}

/** Why a pair counts as held already, or null. `full` on the same rid covers every other action. */
export function heldBecause(held: HeldMap, pair: GrantPair): string | null {
  const m = held.get(pair.rid);
  if (!m) return null;
  const via = m.get(pair.action);
  if (via) return `held ${via}`;
  const full = m.get(FULL);
  if (full && pair.action !== FULL) return `covered by full on the same rid (held ${full})`;
  return null;
}

function failedText(res: HttpResponse, pair: GrantPair): string {
  if (res.status === 429 && res.rateLimited) return res.rateLimited;
  const e = iamError(res);
  if (e.code === 'ERR_UNKNOWN_USER_ID') return `the IAM does not know ${pair.uid} (${e.code}): create the account first`;
  if (e.code === 'ERR_UNKNOWN_GROUP_ID') return `the IAM does not know group ${pair.gid} (${e.code}): create it first (dcos security org groups create ${pair.gid})`;
  if (e.code === 'ERR_INVALID_ACTION') return `the IAM refused the action ${pair.action} (${e.code})`;
  return e.text;
}

/** Stop the batch on auth/network/ledger trouble: the remaining pairs would fail the same way. */
function fatal(err: unknown): boolean {
  return err instanceof AuthError || err instanceof NetworkError || err instanceof LedgerError;
}

interface RunOpts {
  onProgress?: Progress;
  /** The auth or network error that stopped the batch (the rest is "not attempted"). */
  onStop?: (err: Error & { hint?: string }) => void;
  journal?: BatchJournal;
  signal?: AbortSignal;
  /** Stops the batch between pairs: no pair is sent once it aborts; the one in flight settles and is recorded. */
  stop?: AbortSignal;
}

/** What `one` tells runBatch about the pair it works on. */
interface PairSteps {
  /** Right before its first request that may change the IAM (writes the intent). */
  begin(): void;
  /** Its failure may still have been applied (a 5xx from a proxy can come after the IAM did it). */
  maybeApplied(): void;
}

/** Said after a failure that may have been applied, per operation. */
const MAYBE_APPLIED = {
  grant: `; ${MAYBE_APPLIED_TEXT}: the ledger records it as unknown, and \`audit2grant undo\` takes it back`,
  revoke: `; ${MAYBE_APPLIED_TEXT}: the ledger records it as unknown`,
};

async function runBatch(
  pairs: readonly GrantPair[],
  opts: RunOpts,
  op: 'grant' | 'revoke',
  one: (pair: GrantPair, steps: PairSteps) => Promise<PairResult>,
): Promise<PairResult[]> {
  const results: PairResult[] = [];
  let stop: string | null = null;
  for (const pair of pairs) {
    let r: PairResult;
    if (!stop && opts.signal?.aborted) stop = 'interrupted';
    if (!stop && opts.stop?.aborted) {
      r = { ...pair, outcome: 'failed', detail: NOT_SENT_STOPPED, aclCreated: false };
    } else if (stop) {
      r = { ...pair, outcome: 'failed', detail: `not attempted: ${stop}`, aclCreated: false };
    } else {
      let started = false;
      let maybe = false;
      const steps: PairSteps = {
        begin: () => {
          opts.journal?.before(pair);
          started = true;
        },
        maybeApplied: () => (maybe = true),
      };
      try {
        r = await one(pair, steps);
        if (maybe) r = { ...r, detail: `${r.detail}${MAYBE_APPLIED[op]}` };
        if (started) opts.journal?.after(r, maybe ? 'unknown' : r.outcome);
      } catch (err) {
        // Sent but unanswered (a lost connection, the time limit): the IAM may have applied it.
        maybe = started && err instanceof NetworkError && err.maybeSent;
        if (!fatal(err)) {
          if (started) opts.journal?.after({ ...pair, outcome: 'failed', detail: (err as Error).message, aclCreated: false }, 'unknown');
          throw err;
        }
        opts.onStop?.(err as Error);
        r = { ...pair, outcome: 'failed', detail: (err as Error).message, aclCreated: false };
        stop = 'stopped after an earlier error';
        // Keep the first line: AuthError hints say what to do.
        const hint = (err as AuthError).hint;
        if (hint) r.detail += ` (${hint})`;
        if (maybe) r.detail += MAYBE_APPLIED[op];
        if (started) opts.journal?.after(r, maybe ? 'unknown' : 'failed');
      }
    }
    results.push(r);
    opts.onProgress?.(r, results.length, pairs.length);
  }
  return results;
}

/** Grant each pair: skip what is held, ensure the ACL (201/409), add the entry (204/409). */
export async function grantPairs(session: IamSession, pairs: readonly GrantPair[], opts: RunOpts = {}): Promise<PairResult[]> {
  const heldBy = new Map<string, HeldMap | null | 'unknown'>();
  for (const p of pairs) {
    const k = holderKey(p);
    if (!heldBy.has(k)) heldBy.set(k, p.gid !== undefined ? await fetchGroupHeld(session, p.gid) : await fetchHeld(session, p.uid));
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
    const because = held ? heldBecause(held, pair) : null;
    if (because) return { ...base, outcome: 'already held', detail: because };
    steps.begin();
    let created = false;
    if (!aclsReady.has(pair.rid)) {
      const acl = await session.call('PUT', aclPath(pair.rid), { description: ACL_DESCRIPTION });
      if (acl.status !== 201 && acl.status !== 409) return { ...base, outcome: 'failed', detail: `creating the ACL failed: ${failedText(acl, pair)}` };
      created = acl.status === 201;
      aclsReady.set(pair.rid, created);
    }
    const res = await session.call('PUT', acePath(pair));
    if (res.status === ACE_DONE) return { ...base, outcome: 'granted', detail: created ? 'ACL created' : '', aclCreated: created };
    // Another 2xx (a login page a proxy serves with 200) is not the IAM's "granted"; the request may
    // still have reached it, so the ledger says unknown and undo takes it back (docs/ledger.md).
    if (res.status >= 200 && res.status < 300) {
      steps.maybeApplied();
      return { ...base, outcome: 'failed', detail: notTheIamsSuccess('grant', res), aclCreated: created };
    }
    // Our first PUT may have been applied with its answer lost: the check above did not find the
    // pair held, so the IAM having it now is this session's doing, and undo must take it back.
    if (res.status === 409 && res.uncertain) {
      return { ...base, outcome: 'granted', detail: 'the answer was lost and the retry found it applied (409): granted by this session', aclCreated: created };
    }
    if (res.status === 409) return { ...base, outcome: 'already held', detail: 'the IAM already had it (409)', aclCreated: created };
    if (res.status >= 500) steps.maybeApplied();
    return { ...base, outcome: 'failed', detail: failedText(res, pair), aclCreated: created };
  });
}

/** Revoke each pair by deleting its entry; "not there" answers count as success. */
export async function revokePairs(session: IamSession, pairs: readonly GrantPair[], opts: RunOpts = {}): Promise<PairResult[]> {
  return runBatch(pairs, opts, 'revoke', async (pair, steps) => {
    const base = { ...pair, aclCreated: false };
    steps.begin();
    const res = await session.call('DELETE', acePath(pair));
    const e = iamError(res);
    const absent = absentCode(res);
    if (res.status === ACE_DONE) return { ...base, outcome: 'revoked', detail: '' };
    // "Absent" only when the IAM itself says so (docs/iam-api.md): any other answer leaves the pair
    // failed, so undo does not count it undone and tries again (docs/ledger.md).
    if (absent === 'ERR_UNKNOWN_USER_ID') return { ...base, outcome: 'already absent', detail: `the IAM does not know ${pair.uid}` };
    if (absent === 'ERR_UNKNOWN_GROUP_ID') return { ...base, outcome: 'already absent', detail: `the IAM does not know group ${pair.gid}` };
    if (absent) return { ...base, outcome: 'already absent', detail: absent };
    if (res.status === 404) {
      const what = e.code ? `404 ${safeText(e.code.slice(0, 64))}` : '404 without an IAM error code';
      const detail = `the answer was ${what}, not the IAM's "not there" (${ABSENT_CODES.join(', ')}): the grant may still be held (a proxy or gateway in the way, or a wrong URL prefix: is ${session.http.baseUrl.href} the cluster URL?)`;
      return { ...base, outcome: 'failed', detail };
    }
    if (res.status >= 500 || (res.status >= 200 && res.status < 300)) steps.maybeApplied();
    return { ...base, outcome: 'failed', detail: res.status < 300 ? notTheIamsSuccess('revoke', res) : failedText(res, pair) };
  });
}
