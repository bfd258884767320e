// For the loop's tmux tests against the sandbox IAM: a test file's IAM and temp directory, a Mesos
// deny line of a uid, an IAM request held until the test releases it (the slow IAM, without sleeps),
// and the loop started on a terminal.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Ledger, ledgerPath, type LedgerRecord } from '../../src/iam/ledger.js';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { BIN, exitCodeWritten, isolatedEnv, q, type TmuxServer, type TmuxSession } from './tmux.js';

/**
 * A test file's sandbox IAM and temp directory (named `prefix-…`), made before its tests and handed
 * to `ready` (which adds the accounts), then closed and removed after them with `server`'s sessions.
 */
export function loopFixture(server: TmuxServer, prefix: string, ready: (iam: SandboxIam, dir: string) => void | Promise<void>): void {
  let iam: SandboxIam | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    iam = await startSandboxIam();
    dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    await ready(iam, dir);
  });
  afterAll(async () => {
    server.kill();
    await iam?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
}

/** The i-th (0-9) Mesos master deny of `uid` for role rid `rid`, a short-iso line with its newline. */
export const mesosDeny = (uid: string) => (rid: string, i: number): string =>
  `2024-05-14T09:00:0${i}+0000 master-1 mesos-master[3708]: I0514 09:00:0${i}.074534  3708 logfmt.cpp:178] dstip=10.0.0.1 type=audit timestamp=2024-05-14 09:00:0${i}.074481024+00:00 reason="Authorization denied" uid="${uid}" object="${rid}" agent="x" authorizer="mesos-master" action="create" result=deny srcip=10.0.4.21 dstport=5050 srcport=51240\n`;

/** The next `method` request to a path holding `path`, held: `hit` resolves when it arrives, `release()` lets the IAM answer it. */
export function holdNext(iam: SandboxIam, method: string, path: string): { hit: Promise<void>; release(): void } {
  let release!: () => void;
  let hit!: () => void;
  const until = new Promise<void>((r) => (release = r));
  const arrived = new Promise<void>((r) => (hit = r));
  iam.faults.push({ kind: 'hold', until, method, path, onHit: () => hit() });
  return { hit: arrived, release };
}

/** Three role rids a batch sends one at a time (the tests hold the second: the first answered, the third waiting). */
export const ROLES = ['q1', 'q2', 'q3'].map((r) => `dcos:mesos:master:framework:role:${r}`) as [string, string, string];

/** True once the clock is in a later second than `t` (so two answers either side of it show different times). */
export const pastSecondOf = (t: number) => (): boolean => Math.floor(Date.now() / 1000) > Math.floor(t / 1000);

/** The loop of one test, started on a terminal (startLoop). */
export interface LoopRun {
  s: TmuxSession;
  home: string;
  /** Its ledger's records, as read now. */
  ledger(): LedgerRecord[];
  /** Its exit code, once written. */
  exited(): Promise<string>;
  /** A real signal to the loop's process (not a key). */
  signal(sig: NodeJS.Signals): void;
}

/** How a loop reaches the IAM, and its terminal's size (default: plain HTTP, 160x40). */
export interface LoopOptions {
  /** Over HTTPS with `--insecure` (the sandbox's certificate is its own). */
  insecure?: boolean;
  /** Appended to its command line (` --quiet-period 1`). */
  args?: string;
  cols?: number;
  rows?: number;
}

/**
 * The loop over the log text `logText` for `uid`, against the sandbox IAM as its superuser, in a
 * tmux session `name` of `server` (files under `dir`, the home of its own): `extraEnv` is appended
 * to its environment (` NAME=value …`).
 */
export function startLoop(server: TmuxServer, iam: SandboxIam, dir: string, name: string, uid: string, logText: string, extraEnv = '', o: LoopOptions = {}): LoopRun {
  const s = server.session(name);
  const home = join(dir, name);
  const log = join(dir, `${name}.log`);
  writeFileSync(log, logText);
  const rc = join(dir, `${name}.rc`);
  const pidFile = join(dir, `${name}.pid`);
  const env = `${isolatedEnv(home)} DCOS_PASSWORD=${q(iam.superuser.password)}${extraEnv}`;
  // The shell writes its pid and becomes node (exec): the pid a real signal is sent to.
  const node = `sh -c ${q(`echo $$ > ${q(pidFile)}; exec "$@"`)} sh ${q(process.execPath)}`;
  s.start(`mkdir -p ${q(home)} && cd ${q(home)} && ${env} ${node} ${q(BIN)} ${q(log)} --uid ${uid} --no-follow --cluster-url ${q(o.insecure ? iam.httpsUrl : iam.httpUrl)}${o.insecure ? ' --insecure' : ''} --login-uid ${iam.superuser.uid}${o.args ?? ''}; echo $? > ${q(rc)}; sleep 60`, o.cols ?? 160, o.rows ?? 40);
  return {
    s,
    home,
    ledger: () => new Ledger(ledgerPath({ HOME: home, XDG_STATE_HOME: join(home, 'xdg') })).read().records,
    exited: async () => {
      await s.until('the exit', () => exitCodeWritten(rc), 20_000);
      return readFileSync(rc, 'utf8').trim();
    },
    signal: (sig) => process.kill(Number(readFileSync(pidFile, 'utf8').trim()), sig),
  };
}

/** `a`, `g`, `y` once the three ROLES findings show: the loop grants them (the answers come as the IAM gives them). */
export async function grantAll(s: TmuxSession): Promise<void> {
  await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
  s.keys('a');
  await s.until('selected', () => s.pane().includes('selected 3 safe'));
  s.keys('g');
  await s.until('the confirmation', () => s.pane().includes('grant 3 permission(s)'));
  s.keys('y');
}
