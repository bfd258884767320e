// The loop's frame on small and large terminals, several accounts, and the cases where it used to
// mislead: busy keys, the filter, failed sources and grants, read-only export.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { LoopOutcome, SessionSummary } from '../../src/core/session/index.js';
import type { Finding, GrantPair } from '../../src/core/types.js';
import type { ExportKind, ExportWhat } from '../../src/ui/ports.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeGrants, fakeScan, KEY, mount, until } from './harness.js';

const KAFKA = 'kafka-sa';
const RID60 = 'dcos:mesos:master:framework:role:cassandra-role-with-a-long-'; // 60 characters
const ROLE = finding(RID60, 'create', { explanation: 'register a framework with that role', count: 12 });
const SECRET = finding('dcos:secrets:default:/cassandra/keystore', 'read', { risk: 'sensitive', explanation: 'one secret' });
const K_ROLE = finding('dcos:mesos:master:reservation:role:kafka-role', 'create', { uid: KAFKA });
const K_APP = finding('dcos:service:marathon:marathon:services:/kafka', 'read', { uid: KAFKA, kind: 'derived', derived: { rawAction: 'ViewRunSpec', path: '/kafka' } });

const unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts.splice(0)) u();
});

interface SetupOpts {
  size?: { cols: number; rows: number };
  uid?: string | null;
  uids?: string[];
  grants?: ReturnType<typeof fakeGrants> | null;
}

function setup(o: SetupOpts = {}) {
  const scan = fakeScan();
  const grants = o.grants === undefined ? fakeGrants() : o.grants;
  const exports: Array<{ kind: ExportKind; what: ExportWhat | undefined; pairs: GrantPair[] }> = [];
  let exited: { summary: SessionSummary; outcome: LoopOutcome } | null = null;
  const m = mount(
    <App
      uid={o.uid === undefined ? UID : o.uid}
      uids={o.uids}
      startScan={scan.start}
      grants={grants?.port ?? null}
      exporter={{ write: async (kind, pairs, _f: Finding[], what) => (exports.push({ kind, what, pairs }), `/tmp/x-${what}.${kind}`) }}
      sessionId="sess-1"
      quietMs={60_000}
      allowDangerous={false}
      forceNative={false}
      onExit={(summary, outcome) => (exited = { summary, outcome })}
      flushMs={5}
      status={() => 'demo service cassandra-sa: stage 1/4: trying to register framework cassandra with role cassandra-role'}
    />,
    o.size ?? { cols: 80, rows: 24 },
  );
  unmounts.push(m.unmount);
  return { m, scan, grants, exports, exited: () => exited };
}

/** The frame fits the terminal: shorter than it, no line wider, the header on top, the key bar last. */
function fits(frame: string, cols: number, rows: number, keyBar = true): string[] {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(cols);
  expect(lines[0]).toMatch(/^audit2grant {2}round \d+/);
  if (keyBar) {
    expect(lines.at(-1)).toContain('? help');
    expect(lines.at(-1)).toContain('q quit');
  }
  return lines;
}

describe('the frame on any terminal', () => {
  it('at 80x24: the header, status line and key bar stay; a 60-character rid is shown whole; the help fits', async () => {
    const { m, scan } = setup();
    scan.state.authFailures = [{ cause: 'expired token', object: 'dcos:adminrouter:service:cassandra', count: 1, firstSeen: null, lastSeen: null, hosts: ['m1'] }];
    scan.set([ROLE, SECRET, ...Array.from({ length: 30 }, (_, i) => finding(`dcos:mesos:master:task:user:u${i}`, 'create'))]);
    await m.see(RID60);
    let lines = fits(m.frame(), 80, 24);
    expect(lines.at(-2)).toMatch(/pending: a selects the safe ones/); // the status line
    expect(m.frame()).toMatch(/↓ \d+ more/);
    // Paging to the end keeps everything on screen.
    await m.press(KEY.down, KEY.down, KEY.down, ...Array.from({ length: 30 }, () => KEY.down));
    await m.see('findings 32/32');
    fits(m.frame(), 80, 24);
    await m.press('?');
    // The demo's status line leaves a middle of 17: the keys fit in two columns, each wrapped
    // whole in its column (the key bar says any key closes).
    await m.see('quit while a request is in flight');
    lines = fits(m.frame(), 80, 24, false);
    for (const t of ['list', 'filter line (/)', 'grant and undo questions (g, u)', 'export (e)', 'quit while a request is in flight']) expect(lines.some((l) => l.includes(t))).toBe(true);
    // Each key once per screen: the list's keys are not repeated.
    expect(m.frame().match(/ {2}g {7}grant the selection/g)).toHaveLength(1);
    const left = lines.map((l) => l.slice(0, 40)).join(' ').replace(/\s+/g, ' ');
    expect(left).toContain('q/y stop the batch, wait for the pair in flight, quit');
    expect(m.frame()).not.toMatch(/\(↑↓ scroll\)/);
    await m.press('x');
    await m.see('findings 32/32');
  });

  it('cuts a longer rid in the middle, keeping its role', async () => {
    const { m, scan } = setup();
    const long = finding('dcos:mesos:master:framework:role:a-very-very-long-role-name-that-goes-on-and-on', 'create');
    scan.set([long]);
    await m.see('findings 1/1');
    const row = m.frame().split('\n').find((l) => l.startsWith('›'))!;
    expect(row).toMatch(/dcos:mesos:.*….*a-very-very-long-role-name-that-goes-on-and-on$/);
  });

  it('at 200x60 it shows long words, counts and hosts, and redraws to fit after a resize', async () => {
    const { m, scan } = setup({ size: { cols: 200, rows: 60 } });
    scan.set([ROLE, SECRET]);
    await m.see(RID60);
    let lines = fits(m.frame(), 200, 60);
    expect(lines.length).toBe(59);
    expect(m.frame()).toMatch(/new {22}normal {4}12× create dcos:mesos/);
    expect(m.frame()).toContain('10.0.0.1');
    m.resize(80, 24);
    await until('the small frame', () => m.frame().split('\n').length === 23 && m.frame());
    lines = fits(m.frame(), 80, 24);
    expect(m.frame()).toContain(RID60);
    m.resize(60, 10);
    await until('a tiny frame', () => m.frame().split('\n').length === 9);
    lines = fits(m.frame(), 60, 10);
    m.resize(200, 60);
    await until('the big frame', () => m.frame().split('\n').length === 59);
  });
});

describe('several accounts', () => {
  it('--uid given twice: the header names both, not "every account" (a typo in one must not read as no filter)', async () => {
    const { m, scan } = setup({ uid: null, uids: [UID, 'kafka-sx'], size: { cols: 100, rows: 30 } });
    scan.set([ROLE]);
    await m.see('cassandra-role');
    expect(m.frame()).toContain(`uids ${UID}, kafka-sx`);
    expect(m.frame()).not.toContain('every account');
  });

  it('groups rows by account; the grant question groups the pairs and names every account; results and undo name them', async () => {
    const { m, scan, grants } = setup({ uid: null, size: { cols: 100, rows: 40 } });
    scan.set([ROLE, SECRET, K_ROLE, K_APP]);
    await m.see('kafka-role');
    expect(m.frame()).toContain('every account (2)');
    expect(m.frame()).toMatch(/── cassandra-sa \(2 findings\)[\s\S]*── kafka-sa \(2 findings\)/);
    await m.press('a');
    await m.see('selected 2 safe finding(s): g to grant; 1 inferred (~) left to check and select by hand');
    // The inferred one by hand: the question marks it.
    const down = Array.from({ length: 3 }, () => KEY.down);
    await m.press(...down);
    await m.see(/›.*services:\/kafka ~/);
    await m.press(' ', 'g');
    await m.see('grant 3 permission(s) to 2 accounts: cassandra-sa, kafka-sa:');
    const f = m.frame();
    expect(f).toMatch(/cassandra-sa \(1\):.*\n.*create.*\n.*kafka-sa \(2\):/);
    expect(f).toContain('inferred from ViewRunSpec /kafka');
    expect(f).toContain('1 inferred (mapped from a Marathon/Metronome action): check the mapping');
    await m.press('y');
    await m.see('batch 1: granted 3 for cassandra-sa, kafka-sa');
    expect(grants!.calls[0]?.pairs.map((p) => p.uid).sort()).toEqual([UID, KAFKA, KAFKA]);
    expect(m.frame()).toMatch(/granted\s+kafka-sa\s+dcos:mesos:master:reservation:role:kafka-role create/);
    expect(m.frame()).toMatch(/granted 3 ·/); // the header agrees with the batch
    await m.press('u');
    await m.see('undo batch 1: revoke 3 permission(s) from 2 accounts: cassandra-sa, kafka-sa');
    expect(grants!.calls).toHaveLength(1);
    await m.press('n');
    await m.see('undo cancelled: nothing revoked');
    expect(grants!.calls).toHaveLength(1);
  });
});

describe('never misleading', () => {
  it('a key that needs the IAM while a request is in flight says busy', async () => {
    const grants = fakeGrants();
    grants.hold();
    const { m, scan } = setup({ grants });
    scan.set([ROLE, SECRET]);
    await m.see(RID60);
    await m.press('a', 'g');
    await m.see(/grant \d+ permission/); // a question takes no key before it is drawn
    await m.press('y');
    await m.see('granting 1 permission(s)');
    await m.press(' ', 'g');
    await m.see('busy: granting 1 permission(s)… — press g again once it has answered');
    await m.press('u');
    await m.see('press u again once it has answered');
    grants.release();
    await m.see('batch 1:');
    expect(grants.calls).toHaveLength(1);
  });

  it('the filter hides rows, not facts: counters stay whole and the question names the hidden pairs', async () => {
    const { m, scan } = setup();
    scan.set([ROLE, SECRET]);
    await m.see(RID60);
    await m.press(' ', KEY.down, ' ');
    await m.press('/', 's', 'e', 'c', 'r', 'e', 't', KEY.enter);
    await m.see('findings 1/1  filter: secret  (1 hidden)');
    expect(m.frame()).toContain('pending 2 · selected 2, 1 hidden by the filter · granted 0');
    await m.press('g');
    await m.see('1 of them hidden by the filter "secret": they are in this batch too');
  });

  it('undo names the batch as its results did, batches that failed whole included', async () => {
    const grants = fakeGrants();
    const real = grants.port.grant;
    grants.port.grant = async () => {
      grants.port.grant = real;
      throw new Error('connect ECONNREFUSED');
    };
    const { m, scan } = setup({ grants });
    scan.set([ROLE]);
    await m.see(RID60);
    await m.press('a', 'g');
    await m.see(/grant \d+ permission/);
    await m.press('y');
    await m.see('batch 1: failed 1 for cassandra-sa');
    await m.press('g');
    await m.see(/grant \d+ permission/);
    await m.press('y');
    await m.see('batch 2: granted 1 for cassandra-sa');
    await m.press('u');
    await m.see('undo batch 2: revoke 1 permission(s) from cassandra-sa');
  });

  it('every grant failed: quitting gives exit code 1', async () => {
    const { m, scan, exited } = setup({ grants: fakeGrants({ fail: true }) });
    scan.set([ROLE]);
    await m.see(RID60);
    await m.press(' ', 'g');
    await m.see(/grant \d+ permission/);
    await m.press('y');
    await m.see('nothing was granted');
    await m.press('q');
    const e = await until('exit', exited);
    expect(e.outcome).toEqual({ code: 1, why: ['every grant sent failed (1 pair(s): 1 failed, 0 refused): connect ECONNREFUSED 127.0.0.1:1'] });
  });

  it('every source failed: the header says why and when it retries; quitting gives exit code 1', async () => {
    const { m, scan, exited } = setup();
    scan.state.sources = [{ label: 'ssh://m1', state: 'failed', bytes: 0, size: null, error: 'connect ECONNREFUSED 127.0.0.1:22' }];
    scan.state.errors = [{ source: 'ssh://m1', message: 'connect ECONNREFUSED 127.0.0.1:22' }];
    scan.state.done = true;
    scan.finish();
    await m.see('the source failed, nothing is read · retry 1 in 5 s (r: now) · ssh://m1: conn');
    expect(m.frame()).toContain('ssh://m1: connect ECONNREFUSED 127.0.0.1:22'); // the whole reason below
    await m.press('q');
    const e = await until('exit', exited);
    expect(e.outcome.code).toBe(1);
    expect(e.outcome.why[0]).toMatch(/^every source failed: ssh:\/\/m1: connect ECONNREFUSED/);
  });

  it('read-only: e exports the selected findings as a dcos or curl script', async () => {
    const { m, scan, exports } = setup({ grants: null });
    scan.set([ROLE, SECRET]);
    await m.see(RID60);
    await m.press('e');
    await m.see('nothing selected: space or a selects findings');
    await m.press('a', 'e');
    await m.see('export 1 selected finding(s), not granted, of 1 account(s):');
    await m.press('c');
    await m.see('exported 1 selected finding(s) to /tmp/x-selected.curl');
    expect(exports).toEqual([{ kind: 'curl', what: 'selected', pairs: [{ uid: UID, rid: RID60, action: 'create' }] }]);
  });

  it('keys that arrive together (pasted, typed over a slow link) are each handled, none lost', async () => {
    const { m, scan } = setup();
    scan.set([ROLE, SECRET]);
    await m.see(RID60);
    await m.press('/secret\r');
    await m.see('findings 1/1  filter: secret');
    await m.press('/\u007f\u007f\u007f\u007f\u007f\u007f\r');
    await m.see('findings 1/2');
    await m.press('ag');
    await m.see('grant 1 permission(s) to cassandra-sa');
  });

  it('a dialog key that does nothing says which keys work; ? from a dialog comes back to it', async () => {
    const { m, scan, grants } = setup();
    scan.set([ROLE]);
    await m.see(RID60);
    await m.press(' ', 'g');
    await m.see(/grant \d+ permission/);
    await m.press('x');
    await m.see('y/Enter grants, n/Esc cancels');
    await m.press('?');
    await m.see('quit while a request is in flight');
    await m.press('x');
    await m.see('grant 1 permission(s) to cassandra-sa');
    await m.press('y');
    await m.see('batch 1:');
    expect(grants!.calls).toHaveLength(1);
  });
});
