// What an account or a group already holds, read from the IAM (docs/iam-api.md): a pair held is
// never granted again, and `unused` compares what is held with what the logs show used.
import type { GrantPair } from '../core/types.js';
import { FULL } from '../core/policy/covers.js';
import { IAM_PREFIX, type IamSession } from '../cluster/auth.js';
import { iamError, type HttpResponse } from '../cluster/http.js';
import { remoteText } from '../core/text.js';
import { OperationalError } from '../errors.js';

/** The lists of `GET /users/{uid}/permissions` and of `GET /groups/{gid}/permissions` (docs/iam-api.md). */
const USER_LISTS = ['direct', 'groups'] as const;
const GROUP_LISTS = ['array'] as const;

/** rid → action → how it is held (`directly` or `through group G`). */
export type HeldMap = Map<string, Map<string, string>>;

/** How a HeldMap says an account holds a pair itself (else `through group G`). */
const DIRECTLY = 'directly';

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

/** Told why a holdings read gave nothing (`the IAM answered 500 …`): the caller then knows less than it thinks. */
export type OnUnread = (why: string) => void;

/** Why an answer to a holdings read is not a list of holdings, for OnUnread. */
const unreadWhy = (res: HttpResponse): string => (res.status === 403 ? 'this account may not read it (403)' : `the IAM answered ${iamError(res).text}`);

/**
 * The body of a 200 that is the IAM's holdings: JSON (by its content type and its text) with each of
 * `lists` an array. Anything else (a login page a proxy serves with 200, `{}`, another service's
 * JSON) is null: read as "holds nothing", it would let a grant's lost answer and a 409 count as this
 * session's doing, and `unused` report nothing held (docs/iam-api.md).
 */
function holdingsBody(res: HttpResponse, lists: readonly string[]): Record<string, unknown> | null {
  if (!/json/i.test(String(res.headers['content-type'] ?? ''))) return null;
  const j = res.json;
  if (!j || typeof j !== 'object' || Array.isArray(j)) return null;
  const body = j as Record<string, unknown>;
  return lists.every((k) => Array.isArray(body[k])) ? body : null;
}

/** Why a 200 is not the IAM's holdings (holdingsBody), with what came instead, in one safe line. */
function notHoldingsWhy(res: HttpResponse, lists: readonly string[]): string {
  const type = res.headers['content-type'];
  const what = typeof type === 'string' && type && !/json/i.test(type) ? remoteText(type, 60) : res.json === null ? 'a body that is not JSON' : `JSON without ${lists.map((k) => `"${k}"`).join(' and ')} as lists`;
  return `the answer was 200 with ${what}, not the IAM's list of permissions (a login page or a proxy in the way?)`;
}

/** A holdings answer's body when it is the IAM's (200, its lists), else null with `unread` told why. */
function readHoldings(res: HttpResponse, lists: readonly string[], unread?: OnUnread): Record<string, unknown> | null {
  if (res.status !== 200) {
    unread?.(unreadWhy(res));
    return null;
  }
  const body = holdingsBody(res, lists);
  if (!body) unread?.(notHoldingsWhy(res, lists));
  return body;
}

/** What uid holds (direct and through groups), null when it could not be read (403, another answer: `unread` says why), 'unknown' for an unknown uid. */
export async function fetchHeld(session: IamSession, uid: string, unread?: OnUnread): Promise<HeldMap | null | 'unknown'> {
  const res = await session.call('GET', `${IAM_PREFIX}/users/${encodeURIComponent(uid)}/permissions`, undefined, { pass403: true });
  if ((res.status === 400 || res.status === 404) && iamError(res).code === 'ERR_UNKNOWN_USER_ID') return 'unknown';
  const body = readHoldings(res, USER_LISTS, unread);
  if (!body) return null;
  const held: HeldMap = new Map();
  // The IAM lists what the account holds through its groups beside what it holds itself: a pair
  // held through a group is held (granting it again directly would only be undone later).
  addHeld(held, body.direct, () => DIRECTLY);
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
  const body = holdingsBody(res, USER_LISTS);
  if (!body) throw new OperationalError(`could not read what ${uid} holds: ${notHoldingsWhy(res, USER_LISTS)}`, 'check that --cluster-url / DCOS_URL is the cluster\'s Admin Router, then run it again');
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

/** What a group holds itself (`--gid`), null when it could not be read (`unread` says why), 'unknown' for an unknown group. */
export async function fetchGroupHeld(session: IamSession, gid: string, unread?: OnUnread): Promise<HeldMap | null | 'unknown'> {
  const res = await session.call('GET', `${IAM_PREFIX}/groups/${encodeURIComponent(gid)}/permissions`, undefined, { pass403: true });
  if ((res.status === 400 || res.status === 404) && iamError(res).code === 'ERR_UNKNOWN_GROUP_ID') return 'unknown';
  const body = readHoldings(res, GROUP_LISTS, unread);
  if (!body) return null;
  const held: HeldMap = new Map();
  addHeld(held, body.array, () => `by group ${gid}`);
  return held;
}

/** The held map as pairs (the UI and the demo mark them `already held`). */
export function heldPairList(uid: string, held: HeldMap): GrantPair[] {
  return [...held].flatMap(([rid, actions]) => [...actions.keys()].map((action) => ({ uid, rid, action })));
}

/**
 * Why a pair counts as held already, or null. `full` on the same rid covers every other action.
 * `directOnly`: only what the account holds itself counts (an undo grants back what a revoke took
 * from the account: a group's holding of it is not that grant, and leaves with the group).
 */
export function heldBecause(held: HeldMap, pair: GrantPair, directOnly = false): string | null {
  const m = held.get(pair.rid);
  if (!m) return null;
  const counts = (via: string | undefined): via is string => via !== undefined && (!directOnly || via === DIRECTLY);
  const via = m.get(pair.action);
  if (counts(via)) return `held ${via}`;
  const full = m.get(FULL);
  if (counts(full) && pair.action !== FULL) return `covered by full on the same rid (held ${full})`;
  return null;
}
