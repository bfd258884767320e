// What a grant that may be applied says undo will do with it (that depends on what its intent says was
// held before), and what its ACL step is known to have done when the pair fails or the batch stops
// after it (docs/ledger.md, "A lost answer", "The ACL step"). Scripted IAM answers (fake-session.ts).
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/cluster/http.js';
import { grantPairs, type BatchJournal } from '../../src/iam/grants.js';
import type { PairResult } from '../../src/core/types.js';
import { ACE, ACL, fake, P, pair, perms, type Answer } from './fake-session.js';

const HELD = `GET ${P}/users/svc/permissions`;
const TAKES_BACK = 'the ledger records it as unknown, and `audit2grant undo` takes it back';
const WILL_NOT = 'but what svc held before could not be read, so it may have been held already: `audit2grant undo` will not revoke it';

/** A journal that keeps each pair's result as the ledger's outcome line gets it. */
function journal() {
  const after: Array<{ r: PairResult; recorded: string }> = [];
  const j: BatchJournal = { before: () => {}, after: (r, recorded) => after.push({ r, recorded }) };
  return { j, after };
}

describe('a grant that may be applied says what undo will do with it', () => {
  it('holdings read, pair not held: undo takes it back; holdings unread (403): undo will not revoke it', async () => {
    for (const [held, says, never] of [[perms(), TAKES_BACK, WILL_NOT], [{ status: 403 }, WILL_NOT, TAKES_BACK]] as const) {
      const { session } = fake({ [HELD]: held, [`PUT ${ACL}`]: { status: 201 }, [`PUT ${ACE}`]: { status: 504, uncertain: true } });
      const { j, after } = journal();
      const [r] = await grantPairs(session, [pair], { journal: j });
      expect(r?.detail).toContain(says);
      expect(r?.detail).not.toContain(never);
      expect(after.map((a) => a.recorded)).toEqual(['unknown']);
    }
  });

  it('holdings unread, interrupted while sent: the same, undo will not revoke it', async () => {
    const stop = new AbortController();
    const { session } = fake({ [HELD]: { status: 403 }, [`PUT ${ACL}`]: { status: 201 } });
    const call = session.call.bind(session);
    (session as { call: typeof session.call }).call = async (m, route, ...rest) => {
      if (route === ACE) {
        stop.abort();
        throw new Error('aborted');
      }
      return call(m, route, ...rest);
    };
    const [r] = await grantPairs(session, [pair], { signal: stop.signal });
    expect(r?.detail).toMatch(/^interrupted while it was sent; the IAM may have applied it: /);
    expect(r?.detail).toContain(WILL_NOT);
  });

  it('a grant back made by undo: never revoked, it does not count as granted back', async () => {
    const { session } = fake({ [HELD]: perms(), [`PUT ${ACL}`]: { status: 201 }, [`PUT ${ACE}`]: { status: 502, uncertain: true } });
    const [r] = await grantPairs(session, [pair], { undoing: true });
    expect(r?.detail).toContain('it does not count as granted back, so undoing that session again sends it again');
    expect(r?.detail).not.toContain('undo` takes it back');
  });
});

describe('the ACL step: what is known of it, also when the pair fails after it', () => {
  const created = { status: 201 };
  const noAnswer = () => new NetworkError('no complete answer', undefined, 'EDEADLINE_A2G', true);
  const refused = () => new NetworkError('cannot reach https://c (ECONNREFUSED)', undefined, 'ECONNREFUSED', false);
  /** The pair's result and what the ledger's outcome line gets, for the ACL's answer and the permission request's. */
  async function grantWith(acl: Answer, ace: Answer | null): Promise<PairResult | undefined> {
    const script: Record<string, Answer> = { [HELD]: perms(), [`PUT ${ACL}`]: acl };
    if (ace) script[`PUT ${ACE}`] = ace;
    const { j, after } = journal();
    const [r] = await grantPairs(fake(script).session, [pair], { journal: j });
    expect(after.map((a) => [a.r.aclCreated, a.r.aclUnknown])).toEqual([[r?.aclCreated, r?.aclUnknown]]);
    return r;
  }

  it('answered 201, the ACL is this grant\'s, whatever happens to its permission request after', async () => {
    for (const ace of [noAnswer(), refused()]) expect(await grantWith(created, ace)).toMatchObject({ outcome: 'failed', aclCreated: true });
  });

  it('sent with no sure answer (none, a 5xx, the IAM\'s 409 after a lost answer), whether it made the ACL is unknown; never sent, it made none', async () => {
    expect(await grantWith(noAnswer(), null)).toMatchObject({ outcome: 'failed', aclCreated: false, aclUnknown: true });
    expect(await grantWith({ status: 503 }, null)).toMatchObject({ outcome: 'failed', aclCreated: false, aclUnknown: true });
    // The lost attempt may be what made it.
    const lost409 = { status: 409, json: { title: 'Conflict', code: 'ERR_ACL_EXISTS' }, uncertain: true };
    expect(await grantWith(lost409, { status: 204 })).toMatchObject({ outcome: 'granted', aclCreated: false, aclUnknown: true });
    const never = await grantWith(refused(), null);
    expect([never?.aclCreated, never?.aclUnknown]).toEqual([false, undefined]);
  });

  it.each([
    ['in its ACL step: whether it made the ACL is unknown', null, { aclCreated: false, aclUnknown: true }],
    ['after its ACL step answered 201: it made it', ACE, { aclCreated: true }],
  ] as const)('interrupted %s', async (_n, at, want) => {
    const stop = new AbortController();
    const { session } = fake({ [HELD]: perms(), [`PUT ${ACL}`]: created });
    const call = session.call.bind(session);
    (session as { call: typeof session.call }).call = async (m, route, ...rest) => {
      if (m === 'PUT' && (at === null || route === at)) {
        stop.abort();
        throw new Error('aborted');
      }
      return call(m, route, ...rest);
    };
    const { j, after } = journal();
    const [r] = await grantPairs(session, [pair], { signal: stop.signal, journal: j });
    expect(r).toMatchObject(want);
    expect(after.map((a) => a.r)).toEqual([expect.objectContaining(want)]);
  });
});
