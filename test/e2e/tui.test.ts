// The real binary on a real terminal (tmux): `audit2grant demo` runs the whole loop. Keys are sent
// only after the pane shows their precondition (bounded polls, no fixed sleeps), and the sandbox's
// ACL state is checked through the demo's state file after `g` and after `u`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoState } from '../../src/sandbox/demo/demo.js';
import { BIN, exitCodeWritten, isolatedEnv, q, tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-tui');
const { start, pane, keys, history, until } = server.session('demo');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-tui-'));
});
afterAll(() => {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
});

const state = (file: string): DemoState | null => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoState;
  } catch {
    return null; // not written yet
  }
};
const aces = (file: string) => (state(file)?.aces ?? []).map((a) => `${a.rid} ${a.action}`).sort();

describe.skipIf(!HAVE_TMUX)('audit2grant demo in tmux', () => {
  it('shows denials, grants with a, g, y, undoes with u, and quits with the summary', async () => {
    const stateFile = join(dir, 'state.json');
    const rc = join(dir, 'rc');
    const env = `${isolatedEnv(dir)} NO_COLOR=1`;
    const cmd = `cd ${q(dir)} && ${env} ${q(process.execPath)} ${q(BIN)} demo --retry-ms 300 --quiet-period 2 --state-file ${q(stateFile)}; echo $? > ${q(rc)}; sleep 60`;
    const t0 = Date.now();
    start(cmd);

    // Round 1: the framework role.
    await until('the first denial', () => pane().includes('dcos:mesos:master:framework:role:cassandra-role'));
    const firstFindingMs = Date.now() - t0;
    expect(pane()).toContain('uid cassandra-sa');
    expect(pane()).toContain('expired token'); // the auth-failure panel
    keys('a');
    await until('the safe selection', () => pane().includes('selected 1 safe finding'));
    keys('g');
    await until('the confirmation', () => pane().includes('grant 1 permission(s) to cassandra-sa'));
    keys('y');
    await until('the grant in the sandbox', () => aces(stateFile).includes('dcos:mesos:master:framework:role:cassandra-role create'));
    await until('round 2', () => pane().includes('round 2'));

    // Round 2: the service moved on and hit three new denials at once.
    await until('the next denials', () => ['reservation', 'volume', 'task:user:nobody'].every((r) => pane().includes(`dcos:mesos:master:${r}`)));
    keys('a');
    await until('three selected', () => pane().includes('selected 3 safe finding'));
    keys('g');
    await until('the confirmation', () => pane().includes('grant 3 permission(s)'));
    keys('Enter');
    await until('four entries in the sandbox', () => aces(stateFile).length === 4);
    await until('round 3', () => pane().includes('round 3'));

    // u asks first (the pairs and the account), then reverts the last batch only.
    keys('u');
    // A frame reaches tmux in more than one write: wait for what is asserted, in the same capture.
    const undo = await until('the undo question', () => {
      const p = pane();
      return /undo batch 2: revoke 3 permission\(s\) from cassandra-sa/.test(p) && p.includes('dcos:mesos:master:volume:role:cassandra-role create') && p;
    });
    expect(undo).toContain('dcos:mesos:master:volume:role:cassandra-role create');
    expect(aces(stateFile)).toHaveLength(4);
    keys('y');
    await until('the undo in the sandbox', () => aces(stateFile).length === 1);
    expect(aces(stateFile)).toEqual(['dcos:mesos:master:framework:role:cassandra-role create']);
    await until('the undo results', () => pane().includes('undo:') && /revoked\s+cassandra-sa\s+dcos:mesos:master:\S+ create/.test(pane()));

    // q prints the summary of every round and the session id.
    keys('q');
    await until('the exit', () => exitCodeWritten(rc));
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
    const out = history();
    expect(out).toMatch(/audit2grant session \S+ for cassandra-sa/);
    expect(out).toMatch(/granted\s+cassandra-sa dcos:mesos:master:framework:role:cassandra-role create .*by bootstrapuser/);
    expect(out).toMatch(/undo\s+cassandra-sa dcos:mesos:master:reservation:role:cassandra-role create: revoked/);
    expect(out).toMatch(/to revoke them: audit2grant undo --session \S+/);
    expect(out).toMatch(/The demo service stopped at stage [23]\/4/);
    // Startup to first finding on screen (includes node start, sandbox TLS setup and key generation).
    expect(firstFindingMs).toBeLessThan(10_000);
    process.stderr.write(`[tui e2e] first finding on screen ${firstFindingMs} ms after spawn\n`);
  }, 60_000);

  it('v lists what the demo service holds (its own journal read for uses), and refuses to revoke what this session just granted', async () => {
    const v = server.session('demo-v');
    const stateFile = join(dir, 'state-v.json');
    const rc = join(dir, 'rc-v');
    v.start(`cd ${q(dir)} && ${isolatedEnv(dir)} NO_COLOR=1 ${q(process.execPath)} ${q(BIN)} demo --retry-ms 300 --state-file ${q(stateFile)}; echo $? > ${q(rc)}; sleep 60`);
    await v.until('the first denial', () => v.pane().includes('dcos:mesos:master:framework:role:cassandra-role'));
    v.keys('a');
    await v.until('the safe selection', () => v.pane().includes('selected 1 safe finding'));
    v.keys('g');
    await v.until('the confirmation', () => v.pane().includes('grant 1 permission(s) to cassandra-sa'));
    v.keys('y');
    await v.until('round 2', () => v.pane().includes('round 2'));
    v.keys('v');
    const list = await v.until('the list', () => {
      const p = v.pane();
      return p.includes('held by cassandra-sa, not used in the window') && p.includes('not selectable: granted by this session: no window can show it unused yet') && p;
    });
    expect(list).not.toContain('not available here');
    expect(list).toMatch(/warning: records were read from 1 host, but the cluster lists \d+ masters?/);
    v.keys('q');
    await v.until('the exit', () => exitCodeWritten(rc));
  }, 60_000);
});
