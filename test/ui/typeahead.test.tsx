// Keys typed ahead, on the App: several keys in one read (pasted, typed fast over a slow link, sent
// by a script). The filter line takes them at once; a question takes no answer it has not shown.
import { afterEach, describe, expect, it } from 'vitest';
import { finding } from '../core/session/helpers.js';
import { mountLoop } from './harness.js';

const ROLE = finding('dcos:mesos:master:framework:role:cassandra-role', 'create', { explanation: 'register a framework with that role' });
const SECRET = finding('dcos:secrets:default:/cassandra/keystore', 'read', { risk: 'sensitive', firstSeen: ROLE.firstSeen! + 1, explanation: 'one secret' });
const IGNORED = 'a key that came before this screen was shown is ignored';

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

const setup = () => mountLoop(unmounts);

describe('keys typed ahead', () => {
  it('`/sec` in one read filters', async () => {
    const { m, scan } = setup();
    scan.set([ROLE, SECRET]);
    await m.see('keystore');
    m.stdin.write('/sec');
    await m.see('filter: sec');
    expect(m.frame()).toContain('findings 1/1');
    expect(m.frame()).toContain('one secret');
  });

  it('` gy` in one read asks and grants nothing; `y` after the question shows grants', async () => {
    const { m, scan, grants } = setup();
    scan.set([ROLE]);
    await m.see('cassandra-role');
    m.stdin.write(' gy');
    await m.see(IGNORED);
    expect(m.frame()).toContain('grant 1 permission(s) to cassandra-sa');
    expect(grants.calls).toEqual([]);
    await m.press('y');
    await m.see('batch 1:');
    expect(grants.calls).toHaveLength(1);
  });

  it('the SENSITIVE second key typed with the first is not taken either', async () => {
    const { m, scan, grants } = setup();
    scan.set([SECRET]);
    await m.see('keystore');
    await m.press(' ', 'g');
    await m.see('grant 1 permission(s)');
    m.stdin.write('ys');
    await m.see('s to confirm these SENSITIVE permissions too');
    await m.see(IGNORED);
    expect(grants.calls).toEqual([]);
    await m.press('s');
    await m.see('batch 1:');
    expect(grants.calls).toHaveLength(1);
  });

  it('`uy` in one read asks about undo and revokes nothing', async () => {
    const { m, scan, grants } = setup();
    scan.set([ROLE]);
    await m.see('cassandra-role');
    await m.press(' ', 'g');
    await m.see('grant 1 permission(s)');
    await m.press('y');
    await m.see('batch 1:');
    m.stdin.write('uy');
    await m.see('undo batch 1: revoke 1 permission(s)');
    await m.see(IGNORED);
    expect(grants.calls.map((c) => c.op)).toEqual(['grant']);
  });
});
