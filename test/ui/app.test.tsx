import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { NOT_KEPT_NOW } from '../../src/core/findings/verdict.js';
import type { SessionSummary } from '../../src/core/session/index.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeGrants, fakeScan, KEY, mount, until } from './harness.js';

const ROLE = finding('dcos:mesos:master:framework:role:cassandra-role', 'create', { explanation: 'register a framework with that role', catalog: 'dcos:mesos:master:framework:role[:<role-name>]' });
const SECRET = finding('dcos:secrets:default:/cassandra/keystore', 'read', { risk: 'sensitive', firstSeen: ROLE.firstSeen! + 1, explanation: 'one secret' });
const SU = finding('dcos:superuser', 'full', { risk: 'dangerous', firstSeen: ROLE.firstSeen! + 2 });

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

function setup(opts: { grants?: ReturnType<typeof fakeGrants> | null; allowDangerous?: boolean; now?: () => number; quietMs?: number } = {}) {
  const scan = fakeScan();
  const grants = opts.grants === undefined ? fakeGrants() : opts.grants;
  let summary: SessionSummary | null = null;
  const m = mount(
    <App
      uid={UID}
      startScan={scan.start}
      grants={grants?.port ?? null}
      exporter={{ write: async (kind) => `/tmp/x.${kind === 'json' ? 'json' : 'sh'}` }}
      sessionId="sess-1"
      quietMs={opts.quietMs ?? 60_000}
      allowDangerous={opts.allowDangerous ?? false}
      forceNative={false}
      onExit={(s) => (summary = s)}
      now={opts.now}
      flushMs={5}
    />,
  );
  unmounts.push(m.unmount);
  return { m, scan, grants, summary: () => summary };
}

describe('App frames', () => {
  it('shows the header, waits for denials, then lists findings live with the detail pane', async () => {
    const { m, scan } = setup();
    await m.see('no denials yet');
    expect(m.frame()).toContain('uid cassandra-sa');
    await m.see('journal.log following');
    scan.set([ROLE, SECRET]);
    await m.see('dcos:secrets:default:/cassandra/keystore');
    expect(m.frame()).toMatch(/new\s+normal\s+1× create\s+dcos:mesos:master:framework:role:cassandra/);
    // Detail pane of the first row: explanation and the exact grant.
    expect(m.frame()).toContain('register a framework with that role');
    expect(m.frame()).toContain('dcos security org users grant cassandra-sa dcos:mesos:master:framework:role:cassandra');
    expect(m.frame()).toContain('PUT https://sandbox.test/acs/api/v1/acls/dcos:mesos:master:framework:role:cassandra-role/users/');
    await m.press(KEY.down);
    await m.see('one secret');
  });

  it('space selects, g asks, y grants; the round closes and the status becomes granted', async () => {
    const { m, scan, grants } = setup();
    scan.set([ROLE]);
    await m.see('cassandra-role');
    await m.press(' ');
    await m.see('[x]');
    await m.press('g');
    await m.see('grant 1 permission(s) to cassandra-sa');
    await m.press('y');
    await m.see(/granted\s+normal/);
    expect(grants!.calls).toEqual([{ op: 'grant', pairs: [{ uid: UID, rid: ROLE.rid, action: 'create' }] }]);
    expect(m.frame()).toContain('round 2');
    expect(m.frame()).toContain('round 1 closed');
  });

  it('SENSITIVE needs the second key; DANGEROUS is refused without --allow-dangerous', async () => {
    const { m, scan, grants } = setup();
    scan.set([ROLE, SECRET, SU]);
    await m.see('superuser');
    await m.press(' ', KEY.down, ' ', KEY.down, ' ', 'g');
    await m.see('refused cassandra-sa dcos:superuser full: DANGEROUS');
    expect(m.frame()).toContain('then s to confirm the 1 SENSITIVE');
    await m.press('y');
    await m.see('s to confirm these SENSITIVE permissions too');
    expect(grants!.calls).toHaveLength(0);
    await m.press('s');
    await m.see('batch 1:');
    expect(grants!.calls[0]?.pairs.map((p) => p.rid)).toEqual([ROLE.rid, SECRET.rid]);
  });

  it('unknown risk: not selected by a, needs the second key like SENSITIVE; the detail pane says so', async () => {
    const NEW = finding('dcos:made:up', 'read', { risk: 'unknown', firstSeen: ROLE.firstSeen! + 1, explanation: 'Not in the DC/OS permission catalog' });
    const { m, scan, grants } = setup();
    scan.set([ROLE, NEW]);
    await m.see('dcos:made:up');
    await m.press('a');
    await m.see('selected 1 safe finding(s)');
    await m.press(KEY.down);
    await m.see('grant: not in the permission catalog (unknown risk): needs a confirmation, or --yes');
    await m.press(' ', 'g');
    await m.see('then s to confirm the 1 uncatalogued');
    await m.press('y');
    await m.see('uncatalogued permissions too');
    expect(grants!.calls).toHaveLength(0);
    await m.press('s');
    await m.see('batch 1:');
    expect(grants!.calls[0]?.pairs.map((p) => p.rid)).toEqual([ROLE.rid, NEW.rid]);
  });

  it('the detail pane says why DANGEROUS is refused and what would change it', async () => {
    const { m, scan } = setup();
    scan.set([SU]);
    await m.see('superuser');
    await m.see('grant: DANGEROUS (cluster-wide control): refused without --allow-dangerous');
  });

  it('Esc on the second key cancels the whole batch', async () => {
    const { m, scan, grants } = setup();
    scan.set([SECRET]);
    await m.see('keystore');
    await m.press(' ', 'g');
    await m.see(/grant \d+ permission/); // a question takes no key before it is drawn
    await m.press('y');
    await m.see('SENSITIVE permissions too');
    await m.press(KEY.esc);
    await m.see('cancelled: nothing granted');
    expect(grants!.calls).toHaveLength(0);
  });

  it('a selects only safe findings; u undoes the last batch', async () => {
    const { m, scan, grants } = setup();
    scan.set([ROLE, SECRET]);
    await m.see('keystore');
    await m.press('a');
    await m.see('selected 1 safe finding(s)');
    await m.press('g');
    await m.see(/grant \d+ permission/);
    await m.press('y');
    await m.see('batch 1:');
    expect(grants!.held.has(`${ROLE.rid} create`)).toBe(true);
    await m.press('u');
    await m.see('undo batch 1: revoke 1 permission(s) from cassandra-sa');
    expect(grants!.held.size).toBe(1); // asked first: nothing revoked yet
    await m.press('y');
    await m.see('undo:');
    await until('the revoke', () => grants!.held.size === 0);
    await m.see(/revoked\s+cassandra-sa\s+dcos:mesos:master:framework:role:cassandra-role create/);
    expect(m.frame()).toMatch(/›\[ \] new/);
  });

  it('a failed request shows one line and leaves the UI usable', async () => {
    const { m, scan } = setup({ grants: fakeGrants({ fail: true }) });
    scan.set([ROLE]);
    await m.see('cassandra-role');
    await m.press(' ', 'g');
    await m.see(/grant \d+ permission/);
    await m.press('y');
    await m.see('ECONNREFUSED');
    expect(m.frame()).toContain('nothing was granted');
    expect(m.frame()).toContain('round 1');
    // The help says why, in the batch's recorded answer.
    await m.press('?');
    await m.see('why batch 1 failed: connect ECONNREFUSED 127.0.0.1:1');
    await m.press('x');
    await m.see('›[x] selected');
  });

  it('without a cluster, g explains and d still shows the requests', async () => {
    const { m, scan } = setup({ grants: null });
    scan.set([ROLE]);
    await m.see('cassandra-role');
    expect(m.frame()).toContain('no cluster: read-only');
    await m.press('g');
    await m.see('no cluster configured');
    await m.press('d');
    await m.see('dry run: 1 grant(s), nothing is changed');
    expect(m.frame()).toContain('PUT $DCOS_URL/acs/api/v1/acls/dcos:mesos:master:framework:role:cassandra-role');
  });

  it('/ filters the list, typed ahead of its prompt; Esc clears it and the cursor stays on its finding', async () => {
    const { m, scan } = setup();
    scan.set([ROLE, SECRET]);
    await m.see('keystore');
    // No wait for the prompt: keys after `/` go to the filter line however fast they come.
    await m.press('/', 's', 'e', 'c');
    await m.see('filter: sec');
    expect(m.frame()).not.toMatch(/create\s+dcos:mesos:master:framework:role:cassandra-role/);
    expect(m.frame()).toContain('findings 1/1');
    // The filter put the cursor on the secret (the role is hidden); unfiltered, it stays there.
    await m.press(KEY.esc);
    await m.see('findings 2/2');
    expect(m.frame()).toContain('one secret');
    expect(m.frame()).not.toContain('filter: sec');
  });

  it('q asks while a grant is in flight, then quits with the summary', async () => {
    const grants = fakeGrants();
    grants.hold();
    const { m, scan, summary } = setup({ grants });
    scan.set([ROLE]);
    await m.see('cassandra-role');
    await m.press(' ', 'g');
    await m.see(/grant \d+ permission/);
    await m.press('y');
    await m.see('granting 1 permission(s)');
    await m.press('q');
    await m.see('is in flight');
    await m.press(KEY.esc);
    grants.release();
    await m.see('batch 1:');
    await m.press('q');
    const s = await until('summary', summary);
    expect(s.session).toBe('sess-1');
    expect(s.rounds[0]?.granted.map((g) => g.outcome)).toEqual(['granted']);
  });

  it('says the service appears to have what it needs after the quiet period', async () => {
    let t = Date.parse('2026-03-01T12:00:00Z');
    const { m, scan } = setup({ now: () => t, quietMs: 10_000 });
    scan.set([ROLE]);
    await m.see('cassandra-role');
    await m.press(' ', 'g');
    await m.see(/grant \d+ permission/);
    await m.press('y');
    await m.see('batch 1:');
    t += 5_000;
    scan.set([ROLE], 50); // activity, no new denial
    t += 20_000;
    await m.see('appears to have what it needs', 4000);
  });

  it('r restarts the scan', async () => {
    const { m, scan } = setup();
    await m.see('no denials yet');
    await m.press('r');
    await m.see('re-reading');
    await until('a second scan start', () => scan.starts() === 2);
  });

  it('says the list is partial once findings past the memory bound are not kept', async () => {
    const { m, scan } = setup();
    scan.set([ROLE]);
    await m.see('cassandra-role');
    expect(m.frame()).not.toContain('findings partial');
    scan.state.warnings = [NOT_KEPT_NOW];
    scan.set([ROLE, SECRET]);
    await m.see('findings partial: 1 warning — distinct findings past the memory bound are no longer kept');
  });

  // A note shows in the header until its source's next report: the scan job keeps the warnings
  // (LiveSnapshot.notes), and a line under the header says them for the whole run.
  it('keeps the sources\' warnings in view under the header, their count first', async () => {
    const { m, scan } = setup();
    scan.state.sources = [{ label: 'dcos://10.0.4.11', state: 'following', bytes: 10, size: null }];
    scan.state.notes = ['warning: TLS certificate verification is disabled (--insecure): the connections to the masters read over HTTPS can be intercepted'];
    scan.set([ROLE]);
    await m.see('warning: TLS certificate verification is disabled (--insecure): the connections to the masters');
    scan.state.notes = [...scan.state.notes, 'warning: ~/.ssh/config line 2: StrictHostKeyChecking no is read as accept-new'];
    scan.set([ROLE]);
    await m.see('2 warnings: TLS certificate verification is disabled (--insecure)');
  });
});
