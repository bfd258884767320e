// The held-not-used list's batches as they run (review f-loop3): a revoke batch and its grant back
// are sent one pair at a time, so the row in flight shows `revoking` (`regrant`), the rows after it
// `queued`, and each answer is on its row as it comes, in the short forms on a narrow terminal too;
// the grant-back question lists each pair at the time it was revoked, as the ledger has it. The slow
// IAM is the sandbox holding one request until the test lets it go.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam } from '../../src/iam/client.js';
import { formatTime } from '../../src/core/format.js';
import { auditLines } from '../../src/sandbox/service/index.js';
import { holdNext, pastSecondOf, ROLES, startLoop as startLoopAt, loopFixture } from '../helpers/loop-iam.js';
import { HAVE_TMUX, tmuxServer } from '../helpers/tmux.js';
import { cleanEnv, loginToken } from '../iam/helpers.js';

const server = tmuxServer('a2g-unused-progress');
const UID = 'svc';
const [Q1, Q2, Q3] = ROLES;

/** The second test's account: it was denied the three before it was granted them. */
const DENIED = 'svc-denied';

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-unused-progress', async (i, d) => {
  iam = i;
  dir = d;
  // The three grants each account holds and does not use, with a ledger of their own (not the loop's).
  const c = await connectIam({ flags: { clusterUrl: iam.httpUrl, token: await loginToken(iam) }, env: cleanEnv(dir), ledgerPath: join(dir, 'setup-ledger.jsonl') });
  for (const uid of [UID, DENIED]) {
    iam.addUser(uid, 'svc-pw');
    expect((await c.grant(ROLES.map((rid) => ({ uid, rid, action: 'create' })), { yes: true })).results.map((r) => r.outcome)).toEqual(['granted', 'granted', 'granted']);
  }
  c.close();
});

/**
 * Two hours of one master read, in another principal's lines: a judged window where the account used
 * nothing; with `denied`, that account's denials of the three an hour ago (the denials list's rows).
 */
function logs(now: number, denied?: string): string {
  const line = (uid: string, t: number, seq: number, rid: string, result: 'allow' | 'deny') =>
    auditLines({ uid, now: t, host: 'master-1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq }, { checker: 'mesos', rid, action: 'create' }, result).join('\n');
  const other = (t: number, seq: number) => line('other', t, seq, 'dcos:mesos:master:framework:role:x', 'allow');
  const denials = denied ? ROLES.map((rid, i) => `${line(denied, now - 3600_000, 10 + i, rid, 'deny')}\n`).join('') : '';
  return `${other(now - 2 * 3600_000, 1)}\n${denials}${other(now - 60_000, 2)}\n`;
}

/** The loop over `logs`, on a terminal, for `uid`. */
const startLoop = (name: string, uid: string, denied?: string) => startLoopAt(server, iam, dir, name, uid, logs(Date.now(), denied));

/** The state word on the list row of the rid ending in `tail` (a row starts with its selection box; the detail's lines do not). */
function rowState(pane: string, tail: string): string | null {
  const row = pane.split('\n').find((l) => /^[ ›]\[[ x]\] /.test(l) && new RegExp(`${tail}\\s`).test(l));
  return row?.slice(5).trim().split(/\s+/)[0] ?? null;
}

const states = (pane: string): Array<string | null> => ['q1', 'q2', 'q3'].map((t) => rowState(pane, t));

describe.skipIf(!HAVE_TMUX)('the held-not-used list’s batches as they run', () => {
  it('shows the pair in flight, the rest queued, each answer as it comes (narrow too), and the grant back lists each pair at its revoke time', async () => {
    const { s, ledger, exited } = startLoop('progress', UID);

    await s.until('the loop', () => s.pane().includes('v unused'));
    s.keys('v');
    await s.until('the verdicts', () => states(s.pane()).every((w) => w === 'unused'));
    s.keys('a');
    await s.until('the selection', () => states(s.pane()).every((w) => w === 'selected'));
    s.keys('g');
    await s.until('the question', () => s.pane().includes('revoke 3 permission(s) from svc:'));
    // The second pair's request waits: the first is answered, the third not sent yet.
    const revokeGate = holdNext(iam, 'DELETE', `${Q2}/users/${UID}`);
    s.keys('y');
    await revokeGate.hit;
    await s.until('the first revoke on its row', () => rowState(s.pane(), 'q1') === 'revoked');
    expect(states(s.pane())).toEqual(['revoked', 'revoking', 'queued']);
    // The small-terminal forms: the rid cut in the middle, the state words in four letters.
    s.resize(50, 20);
    await s.until('the narrow list', () => rowState(s.pane(), 'q3') === 'wait');
    expect(states(s.pane())).toEqual(['gone', 'send', 'wait']);
    s.resize(160, 40);
    // Released in a later second than the first answer, so the three revoke times are not all one.
    const first = await s.until('the first revoke in the ledger', () => ledger().find((r) => r.rid === Q1 && r.outcome === 'revoked'));
    await s.until('the next second', pastSecondOf(Date.parse(first.time)));
    revokeGate.release();
    await s.until('every revoke on its row', () => s.pane().includes('revoke batch 1 done') && states(s.pane()).every((w) => w === 'revoked'));

    const revoked = ledger().filter((r) => r.op === 'revoke' && r.outcome === 'revoked');
    expect(revoked.map((r) => r.rid)).toEqual(ROLES);
    const at = (rid: string) => formatTime(Date.parse(revoked.find((r) => r.rid === rid)!.time));
    expect(at(Q3)).not.toBe(at(Q1));
    s.keys('u');
    const question = await s.until('the grant-back question', () => s.pane().includes(`undo revoke batch 1: grant 3 permission(s) back to svc (revoked ${at(Q1)} to ${at(Q3)})`) && s.pane());
    for (const rid of ROLES) expect(question).toContain(`${rid} create  revoked ${at(rid)}`);
    // The grant back sends the newest revoke first (as `audit2grant undo` does): q3, then q2, held.
    const backGate = holdNext(iam, 'PUT', `${Q2}/users/${UID}`);
    s.keys('y');
    await backGate.hit;
    await s.until('the first grant back on its row', () => rowState(s.pane(), 'q3') === 'unused');
    expect(states(s.pane())).toEqual(['queued', 'regrant', 'unused']);
    backGate.release();
    await s.until('every grant back on its row', () => s.pane().includes('undo of revoke batch 1: granted 3') && states(s.pane()).every((w) => w === 'unused'));

    s.keys('q');
    expect(await exited()).toBe('0');
    // The quit summary lists each revoke at the time the ledger has for it.
    const out = s.history();
    for (const rid of ROLES) expect(out).toMatch(new RegExp(`revoked +${UID} ${rid} create at ${at(rid)}`));
    s.kill();
  }, 60_000);

  // Review f-loop4: a pair this list revoked still counted as held on the denials list (its finding
  // `already held`) until the whole batch was answered; a pair granted back likewise stayed `new`.
  it('changes the denials list’s row of each pair as its revoke or grant back is answered', async () => {
    const { s, exited } = startLoop('denials', DENIED, DENIED);
    // The denials list's words: `already held` while the account holds the pair, `new` once it does not.
    const listed = (): Array<string | null> => ['q1', 'q2', 'q3'].map((t) => rowState(s.pane(), t));
    await s.until('the denials, held', () => s.pane().includes('v unused') && listed().every((w) => w === 'already'));
    s.keys('v');
    await s.until('the verdicts', () => states(s.pane()).every((w) => w === 'unused'));
    s.keys('a');
    await s.until('the selection', () => states(s.pane()).every((w) => w === 'selected'));
    s.keys('g');
    await s.until('the question', () => s.pane().includes(`revoke 3 permission(s) from ${DENIED}:`));
    /**
     * `y` with `gate` holding the batch's second request: once this list shows the first answer
     * (`first`), the denials list (v) shows `mid`; released, the batch ends showing `end` there.
     */
    const midBatch = async (gate: ReturnType<typeof holdNext>, first: () => boolean, mid: string[], end: () => boolean) => {
      s.keys('y');
      await gate.hit;
      await s.until('the first answer on its row', first);
      s.keys('v');
      await s.until('the denials list', () => s.pane().includes('findings 1/3') && listed().every((w) => w !== null));
      expect(listed()).toEqual(mid);
      gate.release();
      await s.until('every answer', end);
    };
    await midBatch(holdNext(iam, 'DELETE', `${Q2}/users/${DENIED}`), () => rowState(s.pane(), 'q1') === 'revoked', ['new', 'already', 'already'], () => s.pane().includes('revoke batch 1 done') && listed().every((w) => w === 'new'));

    // The grant back, newest revoke first: q3 given back, q2 held.
    s.keys('v');
    await s.until('the list again', () => states(s.pane()).every((w) => w === 'revoked'));
    s.keys('u');
    await s.until('the grant-back question', () => s.pane().includes(`undo revoke batch 1: grant 3 permission(s) back to ${DENIED}`));
    await midBatch(holdNext(iam, 'PUT', `${Q2}/users/${DENIED}`), () => rowState(s.pane(), 'q3') === 'unused', ['new', 'new', 'already'], () => s.pane().includes('undo of revoke batch 1: granted 3') && listed().every((w) => w === 'already'));
    s.keys('q');
    expect(await exited()).toBe('0');
    s.kill();
  }, 60_000);
});
