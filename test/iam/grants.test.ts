// The grant/revoke decision logic against scripted IAM answers (the sandbox tests cover the wire).
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/cluster/auth.js';
import { grantPairs, revokePairs, type BatchJournal } from '../../src/iam/grants.js';
import { heldBecause } from '../../src/iam/holdings.js';
import { NetworkError } from '../../src/cluster/http.js';
import { LedgerError } from '../../src/iam/ledger.js';
import { ACE, ACL, fake, P, pair, perms, type Answer } from './fake-session.js';

/** The IAM's own 409s (its JSON error shape). */
const ACL_409 = { status: 409, json: { title: 'Conflict', description: 'ACL exists.', code: 'ERR_ACL_EXISTS' } };
const ACE_409 = { status: 409, json: { title: 'Conflict', description: 'User already has it.', code: 'ERR_ACE_EXISTS' } };

describe('grantPairs', () => {
  it.each([
    ['201 then 204: granted, ACL created', { status: 201 }, { status: 204 }, 'granted', true, 'ACL created'],
    ['409 then 204: granted on an existing ACL', ACL_409, { status: 204 }, 'granted', false, ''],
    ['409 on the entry: already held', ACL_409, ACE_409, 'already held', false, 'the IAM already had it (409 ERR_ACE_EXISTS)'],
    // The public docs name no code for the entry's 409: the IAM's error shape with any ERR_ code counts.
    ['409 on the entry, another IAM code', ACL_409, { status: 409, json: { title: 'Conflict', code: 'ERR_CONFLICT' } }, 'already held', false, 'the IAM already had it (409 ERR_CONFLICT)'],
    ['unknown user', ACL_409, { status: 400, json: { code: 'ERR_UNKNOWN_USER_ID', description: 'User not known.' } }, 'failed', false, 'the IAM does not know svc (ERR_UNKNOWN_USER_ID): create the account first'],
    // A 409 that is not the IAM's JSON error is no proof the grant is held: failed, with what came, escaped.
    ['409 HTML on the entry (a proxy)', ACL_409, { status: 409, text: '<html><title>409 Conflict</title>\x1b[2J</html>' }, 'failed', false,
      'the answer was 409: <html><title>409 Conflict</title>\\x1b[2J</html>, not the IAM\'s "already held" (its JSON error): not counted as done (a proxy or gateway in the way?)'],
    ['bare 409 on the entry', ACL_409, { status: 409, text: '' }, 'failed', false, 'the answer was 409 with an empty body, not the IAM\'s "already held" (its JSON error): not counted as done (a proxy or gateway in the way?)'],
    ['409 JSON without an IAM code', ACL_409, { status: 409, json: { error: 'conflict' } }, 'failed', false, 'the answer was 409: {"error":"conflict"}, not the IAM\'s "already held" (its JSON error): not counted as done (a proxy or gateway in the way?)'],
    ['409 with an ERR_ code but no title or description', ACL_409, { status: 409, json: { code: 'ERR_ACE_EXISTS' } }, 'failed', false, 'the answer was 409 ERR_ACE_EXISTS, not the IAM\'s "already held" (its JSON error): not counted as done (a proxy or gateway in the way?)'],
    // The ACL's code is documented: another 409 there stops the pair before the entry is sent.
    ['409 HTML on the ACL', { status: 409, text: '<html>Conflict</html>' }, null, 'failed', false, 'creating the ACL failed: the answer was 409: <html>Conflict</html>, not the IAM\'s ERR_ACL_EXISTS (its JSON error): not counted as done (a proxy or gateway in the way?)'],
    ['409 on the ACL with the entry\'s code', { status: 409, json: { title: 'Conflict', code: 'ERR_ACE_EXISTS' } }, null, 'failed', false, 'creating the ACL failed: the answer was 409 ERR_ACE_EXISTS, not the IAM\'s ERR_ACL_EXISTS (its JSON error): not counted as done (a proxy or gateway in the way?)'],
    ['ACL creation fails', { status: 400, json: { code: 'ERR_INVALID_RESOURCE_ID', description: 'Invalid resource id.' } }, null, 'failed', false, 'creating the ACL failed: 400 ERR_INVALID_RESOURCE_ID Invalid resource id.'],
  ] as const)('%s', async (_n, acl, ace, outcome, aclCreated, detail) => {
    const script: Record<string, Answer> = { [`GET ${P}/users/svc/permissions`]: perms(), [`PUT ${ACL}`]: acl };
    if (ace) script[`PUT ${ACE}`] = ace;
    const { session, calls } = fake(script);
    const [r] = await grantPairs(session, [pair]);
    expect(r).toMatchObject({ outcome, aclCreated, detail });
    expect(calls).toEqual([`GET ${P}/users/svc/permissions`, `PUT ${ACL}`, ...(ace ? [`PUT ${ACE}`] : [])]);
  });

  it('held through a group, or covered by full, sends nothing', async () => {
    const { session, calls } = fake({
      [`GET ${P}/users/svc/permissions`]: perms([{ rid: 'dcos:a', actions: [{ name: 'full' }] }], [{ rid: pair.rid, gid: 'ops', actions: [{ name: 'create' }] }]),
    });
    const res = await grantPairs(session, [pair, { uid: 'svc', rid: 'dcos:a', action: 'read' }]);
    expect(res.map((r) => [r.outcome, r.detail])).toEqual([
      ['already held', 'held through group ops'],
      ['already held', 'covered by full on the same rid (held directly)'],
    ]);
    expect(calls).toHaveLength(1);
  });

  it('a grant back (undo of a revoke) sends what the account no longer holds itself, even when a group holds it', async () => {
    const ace = { status: 204 };
    const { session, calls } = fake({
      [`GET ${P}/users/svc/permissions`]: perms([{ rid: 'dcos:a', actions: [{ name: 'full' }] }], [{ rid: pair.rid, gid: 'ops', actions: [{ name: 'full' }] }]),
      [`PUT ${ACL}`]: ACL_409,
      [`PUT ${ACE}`]: ace,
    });
    const res = await grantPairs(session, [pair, { uid: 'svc', rid: 'dcos:a', action: 'read' }], { undoing: true });
    expect(res.map((r) => [r.outcome, r.detail])).toEqual([
      ['granted', ''],
      ['already held', 'covered by full on the same rid (held directly)'],
    ]);
    expect(calls).toEqual([`GET ${P}/users/svc/permissions`, `PUT ${ACL}`, `PUT ${ACE}`]);
  });

  it('a 403 on the permissions read skips the up-front check', async () => {
    const { session } = fake({ [`GET ${P}/users/svc/permissions`]: { status: 403 }, [`PUT ${ACL}`]: ACL_409, [`PUT ${ACE}`]: ACE_409 });
    expect((await grantPairs(session, [pair]))[0]?.outcome).toBe('already held');
  });

  it('an auth error stops the batch: the rest is "not attempted"', async () => {
    const { session, calls } = fake({
      [`GET ${P}/users/svc/permissions`]: perms(),
      [`PUT ${ACL}`]: new AuthError('the IAM refused PUT … (403)', 'grant dcos:superuser'),
    });
    const res = await grantPairs(session, [pair, { ...pair, action: 'read' }]);
    expect(res.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    expect(res[0]?.detail).toBe('the IAM refused PUT … (403) (grant dcos:superuser)');
    expect(res[1]?.detail).toBe('not attempted: stopped after an earlier error');
    expect(calls).toHaveLength(2);
  });

  it('heldBecause', () => {
    const held = new Map([['dcos:a', new Map([['full', 'directly']])]]);
    expect(heldBecause(held, { uid: 'u', rid: 'dcos:a', action: 'full' })).toBe('held directly');
    expect(heldBecause(held, { uid: 'u', rid: 'dcos:a:b', action: 'read' })).toBeNull();
  });
});

describe('revokePairs', () => {
  it.each([
    [{ status: 204 }, 'revoked'],
    [{ status: 400, json: { code: 'ERR_USER_NOT_IN_ACL' } }, 'already absent'],
    [{ status: 400, json: { code: 'ERR_ACTION_NOT_YET_STORED' } }, 'already absent'],
    [{ status: 400, json: { code: 'ERR_UNKNOWN_RESOURCE_ID' } }, 'already absent'],
    [{ status: 404, json: { code: 'ERR_UNKNOWN_RESOURCE_ID' } }, 'already absent'],
    [{ status: 400, json: { code: 'ERR_INVALID_ACTION', description: 'bad' } }, 'failed'],
    [{ status: 404, json: { code: 'ERR_USER_NOT_IN_ACL' } }, 'already absent'],
    // An account the IAM does not know: a plain revoke's mistyped uid is not done (undo's: below).
    [{ status: 400, json: { code: 'ERR_UNKNOWN_USER_ID' } }, 'failed'],
    [{ status: 400, json: { code: 'ERR_INVALID_ACTION', description: 'bad' } }, 'failed'],
    // A 404 that is not the IAM's "not there" (HTML from a proxy, a wrong URL prefix, a gateway's
    // own JSON code) proves nothing about the grant.
    [{ status: 404 }, 'failed'],
    [{ status: 404, json: { code: 'ERR_SERVICE_UNAVAILABLE_ROUTE', description: 'no route for this path (gateway)' } }, 'failed'],
    [{ status: 404, json: { code: 'ERR_NOT_FOUND' } }, 'failed'],
    [{ status: 500, json: { code: 'ERR_UNKNOWN_USER_ID' } }, 'failed'],
    // The IAM answers a revoke 204: another 2xx is not its answer (docs/iam-api.md).
    [{ status: 200 }, 'failed'],
  ] as const)('%j → %s', async (answer, outcome) => {
    const { session, calls } = fake({ [`DELETE ${ACE}`]: answer });
    expect((await revokePairs(session, [pair]))[0]?.outcome).toBe(outcome);
    expect(calls).toEqual([`DELETE ${ACE}`]); // the entry only, never the ACL
  });

  it('an unknown account: a plain revoke fails saying so; undo counts its grant gone', async () => {
    const answer = { status: 400, json: { code: 'ERR_UNKNOWN_USER_ID', description: 'User not known.' } };
    const plain = await revokePairs(fake({ [`DELETE ${ACE}`]: answer }).session, [pair]);
    expect(plain[0]).toMatchObject({ outcome: 'failed', detail: 'the IAM does not know svc (ERR_UNKNOWN_USER_ID): nothing to revoke; check the uid' });
    const undoing = await revokePairs(fake({ [`DELETE ${ACE}`]: answer }).session, [pair], { undoing: true });
    expect(undoing[0]).toMatchObject({ outcome: 'already absent', detail: 'the IAM does not know svc' });
  });

  it('a 404 that is not the IAM\'s says so, and the ledger records it failed (the grant may still be held)', async () => {
    const events: string[] = [];
    const journal: BatchJournal = { before: () => {}, after: (r, recorded) => events.push(`${r.outcome} → ${recorded}`) };
    const { session } = fake({ [`DELETE ${ACE}`]: { status: 404, json: { code: 'ERR_SERVICE_UNAVAILABLE_ROUTE', description: 'no route' } } });
    const [r] = await revokePairs(session, [pair], { journal });
    expect(r?.detail).toBe('the answer was 404 ERR_SERVICE_UNAVAILABLE_ROUTE, not the IAM\'s "not there" (ERR_USER_NOT_IN_ACL, ERR_GROUP_NOT_IN_ACL, ERR_ACTION_NOT_YET_STORED, ERR_UNKNOWN_RESOURCE_ID): the grant may still be held (a proxy or gateway in the way, or a wrong URL prefix: is https://cluster.example/ the cluster URL?)');
    expect(events).toEqual(['failed → failed']);
  });
});

describe('only the IAM\'s success statuses count (docs/iam-api.md)', () => {
  it.each([
    ['200 text/html (a login page in the way)', 200],
    ['201', 201],
  ])('a grant answered %s is not granted: failed, recorded unknown (undo takes it back)', async (_n, status) => {
    const events: string[] = [];
    const journal: BatchJournal = { before: () => {}, after: (r, recorded) => events.push(`${r.outcome} → ${recorded}`) };
    const { session } = fake({ [`GET ${P}/users/svc/permissions`]: perms(), [`PUT ${ACL}`]: { status: 201 }, [`PUT ${ACE}`]: { status } });
    const [r] = await grantPairs(session, [pair], { journal });
    expect(r?.outcome).toBe('failed');
    expect(r?.detail).toBe(`the IAM answers a grant 204, not ${status}: not counted as granted; the IAM may have applied it: the ledger records it as unknown, and \`audit2grant undo\` takes it back`);
    expect(events).toEqual(['failed → unknown']);
  });

  it('a revoke answered 200 is not revoked: failed, recorded unknown', async () => {
    const events: string[] = [];
    const journal: BatchJournal = { before: () => {}, after: (r, recorded) => events.push(`${r.outcome} → ${recorded}`) };
    const { session } = fake({ [`DELETE ${ACE}`]: { status: 200 } });
    const [r] = await revokePairs(session, [pair], { journal });
    expect(r?.detail).toBe('the IAM answers a revoke 204, not 200: not counted as revoked; the IAM may have applied it: the ledger records it as unknown');
    expect(events).toEqual(['failed → unknown']);
  });
});

describe('the journal around each pair (docs/ledger.md)', () => {
  function journal(failBefore = false) {
    const events: string[] = [];
    const j: BatchJournal = {
      before: (p) => {
        if (failBefore) throw new LedgerError('cannot write the ledger /x (ENOSPC)', 'free some space');
        events.push(`before ${p.action}`);
      },
      after: (r, recorded) => events.push(`after ${r.action} ${r.outcome} → ${recorded}`),
    };
    return { j, events };
  }

  it('the intent comes before the first change, the outcome after; held pairs send nothing and are not journaled', async () => {
    const { session, calls } = fake({
      [`GET ${P}/users/svc/permissions`]: perms([{ rid: pair.rid, actions: [{ name: 'read' }] }]),
      [`PUT ${ACL}`]: { status: 201 },
      [`PUT ${ACE}`]: { status: 204 },
    });
    const { j, events } = journal();
    await grantPairs(session, [{ ...pair, action: 'read' }, pair], { journal: j });
    expect(events).toEqual(['before create', 'after create granted → granted']);
    expect(calls).toEqual([`GET ${P}/users/svc/permissions`, `PUT ${ACL}`, `PUT ${ACE}`]);
  });

  it('after a lost answer, the IAM\'s 409 is this session\'s grant; another 409 is a failure recorded as maybe applied', async () => {
    const events: string[] = [];
    const journal: BatchJournal = { before: () => {}, after: (r, recorded) => events.push(`${r.outcome} → ${recorded}`) };
    const ours = fake({ [`GET ${P}/users/svc/permissions`]: perms(), [`PUT ${ACL}`]: ACL_409, [`PUT ${ACE}`]: { ...ACE_409, uncertain: true } });
    expect((await grantPairs(ours.session, [pair], { journal }))[0]).toMatchObject({ outcome: 'granted', detail: `the answer was lost and the retry found it held (409 ERR_ACE_EXISTS): not held when this session read the holdings, so granted by its lost request, or by someone else since; recorded as granted (\`audit2grant undo\` takes it back)` });
    const proxy = fake({ [`GET ${P}/users/svc/permissions`]: perms(), [`PUT ${ACL}`]: ACL_409, [`PUT ${ACE}`]: { status: 409, text: '<html>busy</html>', uncertain: true } });
    const [r] = await grantPairs(proxy.session, [pair], { journal });
    expect(r?.outcome).toBe('failed');
    expect(r?.detail).toMatch(/^the answer was 409: <html>busy<\/html>, not the IAM's "already held" .*; the IAM may have applied it/);
    expect(events).toEqual(['granted → granted', 'failed → unknown']);
  });

  it('a request that may have been sent and got no answer is journaled as unknown, and says so', async () => {
    const { session } = fake({
      [`GET ${P}/users/svc/permissions`]: perms(),
      [`PUT ${ACL}`]: { status: 201 },
      [`PUT ${ACE}`]: new NetworkError('no complete answer from https://c to PUT … within 60s', 'hint', 'EDEADLINE_A2G', true),
    });
    const { j, events } = journal();
    const res = await grantPairs(session, [pair, { ...pair, action: 'read' }], { journal: j });
    expect(events).toEqual(['before create', 'after create failed → unknown']);
    expect(res[0]?.detail).toBe('no complete answer from https://c to PUT … within 60s (hint); the IAM may have applied it: the ledger records it as unknown, and `audit2grant undo` takes it back');
    expect(res[1]?.detail).toBe('not attempted: stopped after an earlier error');
  });

  it('a request that cannot have been sent (connection refused) is journaled as failed', async () => {
    const { session } = fake({ [`DELETE ${ACE}`]: new NetworkError('cannot reach https://c (ECONNREFUSED)', undefined, 'ECONNREFUSED', false) });
    const { j, events } = journal();
    await revokePairs(session, [pair], { journal: j });
    expect(events).toEqual(['before create', 'after create failed → failed']);
  });

  it('a final 5xx to the change may come after the IAM applied it (a proxy timing out): unknown, the batch goes on', async () => {
    const { session } = fake({
      [`GET ${P}/users/svc/permissions`]: perms(),
      [`PUT ${ACL}`]: ACL_409,
      [`PUT ${ACE}`]: { status: 504, uncertain: true },
      [`PUT ${ACL}/users/svc/read`]: { status: 204 },
      [`DELETE ${ACE}`]: { status: 503 },
    });
    const { j, events } = journal();
    const res = await grantPairs(session, [pair, { ...pair, action: 'read' }], { journal: j });
    expect(res.map((r) => `${r.outcome} ${r.detail}`)).toEqual([
      'failed HTTP 504; the IAM may have applied it: the ledger records it as unknown, and `audit2grant undo` takes it back',
      'granted ',
    ]);
    expect(events).toEqual(['before create', 'after create failed → unknown', 'before read', 'after read granted → granted']);
    const [rv] = await revokePairs(session, [pair], { journal: j });
    expect(rv?.detail).toBe('HTTP 503; the IAM may have applied it: the ledger records it as unknown');
    expect(events.at(-1)).toBe('after create failed → unknown');
  });

  it('an intent that cannot be written stops the batch before anything is sent', async () => {
    const { session, calls } = fake({ [`GET ${P}/users/svc/permissions`]: perms() });
    const { j } = journal(true);
    const stops: string[] = [];
    const res = await grantPairs(session, [pair, { ...pair, action: 'read' }], { journal: j, onStop: (e) => stops.push(e.message) });
    expect(calls).toEqual([`GET ${P}/users/svc/permissions`]);
    expect(res.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    expect(res[0]?.detail).toBe('cannot write the ledger /x (ENOSPC) (free some space)');
    expect(stops).toEqual(['cannot write the ledger /x (ENOSPC)']);
  });

  it('a pair still rate limited fails with the reason, and the batch goes on', async () => {
    const { session } = fake({
      [`GET ${P}/users/svc/permissions`]: perms(),
      [`PUT ${ACL}`]: ACL_409,
      [`PUT ${ACE}`]: { status: 429, rateLimited: 'rate limited: the IAM answered 429 Too Many Requests 5 times: try again later' },
      [`PUT ${ACL}/users/svc/read`]: { status: 204 },
    });
    const res = await grantPairs(session, [pair, { ...pair, action: 'read' }]);
    expect(res.map((r) => `${r.outcome} ${r.detail}`)).toEqual(['failed rate limited: the IAM answered 429 Too Many Requests 5 times: try again later', 'granted ']);
  });
});
