// Quitting the loop while a batch is in flight (the red team's slow IAM): the batch stops between
// pairs, the pair in flight is answered and recorded, and only then the summary is printed; it and
// the exit code (1) tell what is in place and what was not sent. Nothing reaches the IAM after it.
// The slow IAM is the sandbox holding one request until the test releases it (no sleeps).
import { describe, expect, it } from 'vitest';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { grantAll, holdNext, mesosDeny, ROLES, startLoop as startLoopAt, loopFixture } from '../helpers/loop-iam.js';
import { tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-quit-fl');
const UID = 'svc';
const UID2 = 'svc2';

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-quit-fl', (i, d) => {
  iam = i;
  dir = d;
  iam.addUser(UID, 'svc-pw');
  iam.addUser(UID2, 'svc-pw');
});

const held = (uid = UID) => iam.aces().filter((a) => a.uid === uid).map((a) => a.rid).sort();


/** The loop `name` of `uid` over its denials of the three ROLES. */
const startLoop = (name: string, uid = UID, extraEnv = '') => startLoopAt(server, iam, dir, name, uid, ROLES.map(mesosDeny(uid)).join(''), extraEnv);

const changes = () => iam.requests.filter((r) => r.method !== 'GET' && !r.rawPath.endsWith('/auth/login')).map((r) => `${r.method} ${r.rawPath}`);

describe.skipIf(!HAVE_TMUX)('quitting while a batch is in flight', () => {
  it('q, y during a grant: stops after the pair in flight, records it, and the summary says what was not sent (exit 1)', async () => {
    const { s, ledger, exited } = startLoop('grant');
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    const gate = holdNext(iam, 'PUT', 'role:q1');
    await grantAll(s);
    await gate.hit;
    s.keys('q');
    await s.until('the quit question', () => s.pane().includes('is in flight: q/y'));
    s.keys('y');
    await s.until('the quitting line', () => s.pane().includes('quitting: granting 3 permission(s) stopped'));
    gate.release();
    expect(await exited()).toBe('1');
    const out = s.history();
    expect(out).toMatch(new RegExp(`granted +${UID} ${ROLES[0]} create`));
    expect(out).toContain('quit during the grant batch: 1 pair(s) answered, 2 not sent (nothing was sent after the quit), 0 unknown');
    expect(out).toContain(`not sent ${UID} ${ROLES[1]} create (not granted)`);
    expect(out).toContain(`not sent ${UID} ${ROLES[2]} create (not granted)`);
    expect(out).toContain('granted and in place: 1 pair(s)');
    expect(out).not.toContain('nothing granted is in place');
    expect(out).toMatch(/audit2grant: quit during the grant batch: 1 pair\(s\) answered, 0 unknown, 2 not sent/);
    expect(held()).toEqual([ROLES[0]]);
    expect(ledger().map((r) => `${r.rid} ${r.outcome}`)).toEqual([`${ROLES[0]} granted`]);
    s.kill();
  });

  // Review r-loop, finding 3: a real signal (not the Ctrl-C key) used to end the loop at once.
  it('SIGTERM during a grant: waits for the pair in flight, records it, prints the summary (exit 1)', async () => {
    const { s, ledger, exited, signal } = startLoop('sigterm', 'svc3');
    iam.addUser('svc3', 'svc-pw');
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    const gate = holdNext(iam, 'PUT', `${ROLES[1]}/users/svc3`);
    await grantAll(s);
    await gate.hit;
    signal('SIGTERM');
    await s.until('the quitting line', () => s.pane().includes('quitting: granting 3 permission(s) stopped'));
    gate.release();
    expect(await exited()).toBe('1');
    const out = s.history();
    expect(out).toContain('quit during the grant batch: 2 pair(s) answered, 1 not sent (nothing was sent after the quit), 0 unknown');
    expect(out).toContain(`not sent svc3 ${ROLES[2]} create (not granted)`);
    expect(held('svc3')).toEqual([ROLES[0], ROLES[1]]);
    expect(ledger().map((r) => `${r.rid} ${r.outcome}`)).toEqual([`${ROLES[0]} granted`, `${ROLES[1]} granted`]);
    s.kill();
  });

  it('SIGINT to an idle loop: the summary, as q would; a second signal while a pair is held ends it at once', async () => {
    const idle = startLoop('sigint');
    await idle.s.until('the findings', () => ROLES.every((r) => idle.s.pane().includes(r)));
    idle.signal('SIGINT');
    expect(await idle.exited()).toBe('0');
    expect(idle.s.history()).toMatch(/session \S+/);
    idle.s.kill();

    const { s, exited, signal } = startLoop('twice', 'svc4');
    iam.addUser('svc4', 'svc-pw');
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    const gate = holdNext(iam, 'PUT', `${ROLES[0]}/users/svc4`);
    await grantAll(s);
    await gate.hit;
    signal('SIGTERM');
    await s.until('the quitting line', () => s.pane().includes('quitting: granting 3 permission(s) stopped'));
    signal('SIGTERM');
    expect(await exited()).toBe('143');
    gate.release();
    s.kill();
  });

  // Review r-loop, finding 4: a pair the batch never sent after an earlier error is "not sent", not answered.
  it('Ctrl-C while a pair times out: the pair after it is not sent, the timed-out one unknown', async () => {
    iam.addUser('svc5', 'svc-pw');
    const { s, exited } = startLoop('timeout', 'svc5', ' AUDIT2GRANT_IAM_DEADLINE=2');
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    const gate = holdNext(iam, 'PUT', `${ROLES[1]}/users/svc5`);
    await grantAll(s);
    await gate.hit;
    s.keys('C-c');
    await s.until('the quitting line', () => s.pane().includes('quitting: granting 3 permission(s) stopped'));
    expect(await exited()).toBe('1');
    gate.release();
    const out = s.history();
    expect(out).toContain('quit during the grant batch: 1 pair(s) answered, 1 not sent (nothing was sent after the quit), 1 unknown');
    expect(out).toContain(`not sent svc5 ${ROLES[2]} create (not granted)`);
    expect(out).toContain(`unknown  svc5 ${ROLES[1]} create`);
    expect(out).toMatch(/audit2grant: quit during the grant batch: 1 pair\(s\) answered, 1 unknown, 1 not sent/);
    s.kill();
  });

  it('Ctrl-C during an undo: the revokes not sent stay granted, and the summary says so (exit 1)', async () => {
    const { s, exited } = startLoop('undo', UID2);
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    await grantAll(s);
    await s.until('the batch answered', () => s.pane().includes('batch 1:'));
    expect(held(UID2)).toEqual(ROLES);
    // The undo goes newest first, as `audit2grant undo` does: q3 is the first sent.
    const gate = holdNext(iam, 'DELETE', 'role:q3');
    s.keys('u');
    await s.until('the undo question', () => s.pane().includes('undo batch 1'));
    s.keys('y');
    await gate.hit;
    const before = changes().length;
    s.keys('C-c');
    await s.until('the quitting line', () => s.pane().includes('quitting: undoing: revoking 3 permission(s) stopped'));
    gate.release();
    expect(await exited()).toBe('1');
    const out = s.history();
    expect(out).toContain('quit during the undo: 1 pair(s) answered, 2 not sent');
    expect(out).toContain(`not sent ${UID2} ${ROLES[1]} create (not revoked: still granted)`);
    expect(out).toContain(`not sent ${UID2} ${ROLES[0]} create (not revoked: still granted)`);
    expect(out).toContain('granted and in place: 2 pair(s)');
    expect(held(UID2)).toEqual([ROLES[0], ROLES[1]]);
    // The held request (and the HTTP client's retry of it, if it gave up waiting), never another pair.
    const after = changes().slice(before);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after)).toEqual(new Set([`DELETE /acs/api/v1/acls/${ROLES[2]}/users/${UID2}/create`]));
    s.kill();
  });
});
