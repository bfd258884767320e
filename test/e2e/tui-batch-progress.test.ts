// A grant batch as it runs: the IAM layer sends one pair at a time, so the loop shows the pair in
// flight as `granting`, the pairs after it as `queued`, and each answer on its row as it comes; the
// quit summary lists each grant at the time it was answered, the time its ledger line has, not at
// the batch's end. The slow IAM is the sandbox holding one request until the test lets it go.
import { describe, expect, it } from 'vitest';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { formatTime } from '../../src/core/format.js';
import { grantAll, holdNext, mesosDeny, pastSecondOf, ROLES, startLoop as startLoopAt, loopFixture } from '../helpers/loop-iam.js';
import { tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-progress');
const [Q1, Q2, Q3] = ROLES;

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-progress', (i, d) => {
  iam = i;
  dir = d;
});

/** The loop of `uid` (a user of its own) over its denials of the three ROLES. */
function startLoop(uid: string) {
  iam.addUser(uid, 'svc-pw');
  return startLoopAt(server, iam, dir, uid, uid, ROLES.map(mesosDeny(uid)).join(''));
}

/**
 * The three granted, the second answered in a later second than the first (held until the clock
 * passes it): the batch's answers are not all at one time. Returns the first answer's time.
 */
async function grantAcrossSeconds(s: ReturnType<typeof server.session>, uid: string, ledger: ReturnType<typeof startLoop>['ledger']): Promise<number> {
  const gate = holdNext(iam, 'PUT', `${Q2}/users/${uid}`);
  await grantAll(s);
  await gate.hit;
  const first = await s.until('the first grant in the ledger', () => ledger().find((r) => r.rid === Q1 && r.outcome === 'granted'));
  await s.until('the next second', pastSecondOf(Date.parse(first.time)));
  gate.release();
  await s.until('the batch answered', () => s.pane().includes('batch 1:'));
  return Date.parse(first.time);
}

/** Cursor and selection mark before a list row's status: `›[x] ` wide, `›x ` narrow. */
const MARKS = /^[\s›]*(\[.\]|x )?\s*/;

/** The status word on the list row of `rid` (a list row comes before the detail pane's lines). */
function rowStatus(pane: string, rid: string): string | null {
  const row = pane.split('\n').find((l) => l.includes(rid) && !l.startsWith('│'));
  return row?.replace(MARKS, '').split(/\s+/)[0] ?? null;
}

describe.skipIf(!HAVE_TMUX)('a grant batch as it runs', () => {
  it('shows the pair in flight as granting, the rest queued, and each answer on its row as it comes (narrow too)', async () => {
    const { s, exited } = startLoop('svc');
    // The second pair's permission request waits: the first is answered, the third not sent yet.
    const gate = holdNext(iam, 'PUT', `${Q2}/users/svc`);
    await grantAll(s);
    await gate.hit;
    await s.until('the first answer on its row', () => rowStatus(s.pane(), Q1) === 'granted');
    expect(rowStatus(s.pane(), Q2)).toBe('granting');
    expect(rowStatus(s.pane(), Q3)).toBe('queued');
    // The small-terminal forms: the short status words, the rid cut in the middle.
    s.resize(50, 16);
    await s.until('the narrow list', () => rowStatus(s.pane(), 'role:q3') === 'wait');
    expect(['role:q1', 'role:q2'].map((r) => rowStatus(s.pane(), r))).toEqual(['ok', 'send']);
    s.resize(160, 40);
    gate.release();
    await s.until('every answer on its row', () => ROLES.every((r) => rowStatus(s.pane(), r) === 'granted'));
    s.keys('q');
    expect(await exited()).toBe('0');
    s.kill();
  });

  it('lists each grant in the quit summary at the time it was answered, as the ledger has it', async () => {
    const { s, ledger, exited } = startLoop('svc2');
    // The batch ends in a later second than its first answer: the clock passes it, then the IAM answers.
    const firstAt = await grantAcrossSeconds(s, 'svc2', ledger);
    s.keys('q');
    expect(await exited()).toBe('0');
    const out = s.history();
    const records = ledger().filter((r) => r.outcome === 'granted');
    expect(records.map((r) => r.rid)).toEqual(ROLES);
    for (const r of records) expect(out).toMatch(new RegExp(`granted +svc2 ${r.rid} create by ${iam.superuser.uid} at ${formatTime(Date.parse(r.time))}`));
    expect(formatTime(Date.parse(records[2]!.time))).not.toBe(formatTime(firstAt));
    s.kill();
  });

  // Review f-loop4: `u` showed nothing on its rows until the last revoke was answered.
  it('an undo shows the pair being revoked, the rest queued, and each answer on its row as it comes (narrow too)', async () => {
    const { s, ledger, exited } = startLoop('svc4');
    await grantAll(s);
    await s.until('the batch answered', () => s.pane().includes('batch 1:') && ROLES.every((r) => rowStatus(s.pane(), r) === 'granted'));
    s.keys('u');
    await s.until('the undo question', () => s.pane().includes('undo batch 1: revoke 3 permission(s) from svc4'));
    // The undo sends the newest grant first (as `audit2grant undo` does): q3, then q2, held.
    const gate = holdNext(iam, 'DELETE', `${Q2}/users/svc4`);
    s.keys('y');
    await gate.hit;
    await s.until('the first revoke on its row', () => rowStatus(s.pane(), Q3) === 'new');
    expect([Q1, Q2].map((r) => rowStatus(s.pane(), r))).toEqual(['queued', 'revoking']);
    expect(ledger().filter((r) => r.outcome === 'revoked').map((r) => r.rid)).toEqual([Q3]);
    s.resize(50, 16);
    await s.until('the narrow list', () => rowStatus(s.pane(), 'role:q1') === 'wait');
    expect(['role:q2', 'role:q3'].map((r) => rowStatus(s.pane(), r))).toEqual(['send', 'new']);
    s.resize(160, 40);
    gate.release();
    await s.until('every revoke on its row', () => s.pane().includes('undo:') && ROLES.every((r) => rowStatus(s.pane(), r) === 'new'));
    s.keys('q');
    expect(await exited()).toBe('0');
    s.kill();
  });

  // Review f-loop3: the undo question said "granted <the batch's end>" for every pair of it.
  it('the undo question lists each pair at the time it was granted, as the ledger has it', async () => {
    const { s, ledger, exited } = startLoop('svc3');
    await grantAcrossSeconds(s, 'svc3', ledger);
    const at = new Map(ledger().filter((r) => r.outcome === 'granted').map((r) => [r.rid, formatTime(Date.parse(r.time))]));
    expect(at.get(Q3)).not.toBe(at.get(Q1));
    s.keys('u');
    const question = await s.until('the undo question', () => s.pane().includes(`undo batch 1: revoke 3 permission(s) from svc3 (granted ${at.get(Q1)} to ${at.get(Q3)} by ${iam.superuser.uid})`) && s.pane());
    for (const rid of ROLES) expect(question).toContain(`${rid} create  granted ${at.get(rid)}`);
    s.keys('Escape');
    await s.until('the question closed', () => !s.pane().includes('undo batch 1:'));
    s.keys('q');
    expect(await exited()).toBe('0');
    s.kill();
  });
});
