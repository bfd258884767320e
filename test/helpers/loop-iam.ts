// For the loop's tmux tests against the sandbox IAM: a Mesos deny line of a uid, and an IAM request
// held until the test releases it (the slow IAM, without sleeps).
import type { SandboxIam } from '../../src/sandbox/iam/index.js';

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
