// A grant batch as it runs: the IAM layer sends one pair at a time, so the loop shows the pair in
// flight as `granting`, the pairs after it as `queued`, and each answer on its row as it comes; the
// quit summary lists each grant at the time it was answered, the time its ledger line has, not at
// the batch's end. The slow IAM is the sandbox holding one request until the test lets it go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { Ledger, ledgerPath } from '../../src/iam/ledger.js';
import { formatTime } from '../../src/core/format.js';
import { holdNext, mesosDeny } from '../helpers/loop-iam.js';
import { BIN, exitCodeWritten, isolatedEnv, q, tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-progress');
const [Q1, Q2, Q3] = ['q1', 'q2', 'q3'].map((r) => `dcos:mesos:master:framework:role:${r}`) as [string, string, string];
const ROLES = [Q1, Q2, Q3];

let iam: SandboxIam;
let dir: string;
beforeAll(async () => {
  iam = await startSandboxIam();
  dir = mkdtempSync(join(tmpdir(), 'a2g-progress-'));
});
afterAll(async () => {
  server.kill();
  await iam?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startLoop(uid: string) {
  iam.addUser(uid, 'svc-pw');
  const s = server.session(uid);
  const home = join(dir, uid);
  const log = join(dir, `${uid}.log`);
  writeFileSync(log, ROLES.map(mesosDeny(uid)).join(''));
  const rc = join(dir, `${uid}.rc`);
  const env = `${isolatedEnv(home)} DCOS_PASSWORD=${q(iam.superuser.password)}`;
  s.start(`mkdir -p ${q(home)} && cd ${q(home)} && ${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${uid} --no-follow --cluster-url ${q(iam.httpUrl)} --login-uid ${iam.superuser.uid}; echo $? > ${q(rc)}; sleep 60`, 160, 40);
  const ledger = () => new Ledger(ledgerPath({ HOME: home, XDG_STATE_HOME: join(home, 'xdg') })).read().records;
  const exited = async () => {
    await s.until('the exit', () => exitCodeWritten(rc), 20_000);
    return readFileSync(rc, 'utf8').trim();
  };
  return { s, ledger, exited };
}

/** `a`, `g`, `y`: the loop grants the three findings. */
async function grantAll(s: ReturnType<typeof server.session>): Promise<void> {
  await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
  s.keys('a');
  await s.until('selected', () => s.pane().includes('selected 3 safe'));
  s.keys('g');
  await s.until('the confirmation', () => s.pane().includes('grant 3 permission(s)'));
  s.keys('y');
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
    const gate = holdNext(iam, 'PUT', `${Q2}/users/svc2`);
    await grantAll(s);
    await gate.hit;
    // The batch ends in a later second than its first answer: the clock passes it, then the IAM answers.
    const first = await s.until('the first grant in the ledger', () => ledger().find((r) => r.rid === Q1 && r.outcome === 'granted'));
    const firstAt = Date.parse(first.time);
    await s.until('the next second', () => Math.floor(Date.now() / 1000) > Math.floor(firstAt / 1000));
    gate.release();
    await s.until('the batch answered', () => s.pane().includes('batch 1:'));
    s.keys('q');
    expect(await exited()).toBe('0');
    const out = s.history();
    const records = ledger().filter((r) => r.outcome === 'granted');
    expect(records.map((r) => r.rid)).toEqual(ROLES);
    for (const r of records) expect(out).toMatch(new RegExp(`granted +svc2 ${r.rid} create by ${iam.superuser.uid} at ${formatTime(Date.parse(r.time))}`));
    expect(formatTime(Date.parse(records[2]!.time))).not.toBe(formatTime(firstAt));
    s.kill();
  });
});
