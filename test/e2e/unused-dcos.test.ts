// Issue 16 through the logging API: `unused` reads allow lines from dcos:// sources (the sandbox's
// simulated masters and agents write them as the components do) with the same cluster credentials
// it reads the account's grants with. Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { cleanEnv, run, writeFile } from '../iam/helpers.js';
import { denial, logCluster, type LogCluster } from '../sources/dcos/helpers.js';

const USED = 'dcos:mesos:master:framework:role:used';
const IDLE = 'dcos:mesos:master:framework:role:idle';
/** The role rid without its suffix: every role, so the use of USED is one of it. */
const ANY_ROLE = 'dcos:mesos:master:framework:role';
const DAY = 24 * 3600 * 1000;

describe('audit2grant unused dcos://all (built CLI, sandbox logging API over HTTPS)', () => {
  let c: LogCluster;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    c = await logCluster();
    c.iam.addUser('svc', 'svc-pw');
    await c.grant('svc', USED);
    await c.grant('svc', IDLE);
    await c.grant('svc', ANY_ROLE);
    const logs = c.iam.logs!;
    const now = Date.now();
    // Each master: another account a while ago (the window), the account's use of one role today.
    logs.masters.forEach((ip, i) => {
      logs.writeLines(ip, denial('other', 'dcos:mesos:master:framework:role:x', { now: now - 3 * DAY, result: 'allow' }));
      logs.writeLines(ip, denial('svc', USED, { now: now - i * 1000, result: 'allow' }));
    });
    env = cleanEnv(c.dir, { DCOS_URL: c.iam.httpsUrl, DCOS_ACS_TOKEN: c.su, DCOS_TLS_CA_PATH: c.iam.caPath });
  });
  afterAll(() => c?.close());

  it('full covers the create it was used for, as does the role rid without a suffix; the other grant is unused; the 3-day window is a warning', async () => {
    const r = await run(['unused', '--uid', 'svc', 'dcos://masters', '--json'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.errors).toEqual([]);
    // Each master's journal names its own host (the one in the records is the node's, as journald's).
    const hosts = doc.window.hosts.map((h: { host: string }) => h.host);
    expect(hosts).toHaveLength(3);
    const by = Object.fromEntries(doc.grants.map((g: { rid: string }) => [g.rid, g]));
    expect(by[USED]).toMatchObject({ action: 'full', status: 'used', uses: 3, lastUse: { host: hosts[0], component: 'mesos-master', action: 'create' } });
    expect(by[IDLE]).toMatchObject({ action: 'full', status: 'unused', lastUse: null });
    expect(by[ANY_ROLE]).toMatchObject({ action: 'full', status: 'used', uses: 3, onlyAs: [USED] });
    expect(doc.warnings.map((w: { kind: string }) => w.kind)).toContain('short-window');
    expect(r.stderr).toMatch(/warning: the window read is shorter than 7 d on 3 hosts/);
  });

  // Every node was read (stats.sources 6), but the agents' logs hold no audit record: they were
  // counted as not read ("read every node: dcos://all"), advice to read what was read.
  it('dcos://all: nodes read that held no audit record are named as read, not as unread; revoke --from still wants --allow-gaps', async () => {
    const r = await run(['unused', '--uid', 'svc', 'dcos://all', '--json'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.stats.sources).toBe(6);
    expect(doc.nodes).toEqual({ masters: 3, agents: 3 });
    const agents = c.iam.logs!.agents.map((a) => `dcos://${a.ip}`).sort();
    expect(doc.quietNodes).toEqual(agents);
    const w = doc.warnings.find((x: { kind: string }) => x.kind === 'nodes-without-records');
    expect(w?.message).toMatch(/^every node was read \(6 nodes; the cluster lists 3 masters and 3 agents\), but 3 of them held no audit record \(dcos:\/\/\S+, dcos:\/\/\S+, dcos:\/\/\S+\): /);
    expect(doc.warnings.map((x: { kind: string }) => x.kind)).not.toContain('nodes-not-read');
    expect(r.stderr).not.toMatch(/read every node|records were read from/);
    // docs/usage.md: with no record, how far back a node's log reaches cannot be told: still a gap.
    const file = writeFile(c.dir, 'all.json', r.stdout);
    const refused = await run(['revoke', '--from', file, '--dry-run'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/every node was read \(6 nodes;.*but 3 of them held no audit record/);
  });

  // Ctrl-C while the nodes were read: the run said the cluster lists 3 masters and 3 agents (read
  // every node: dcos://all) after it said it was interrupted.
  it('interrupted while the nodes are read: it says so, and counts no node against the cluster', async () => {
    let child: ChildProcess | null = null;
    // Once: a second Ctrl-C ends the process at once.
    // Every log request is left unanswered: the run cannot end before the interrupt (on a fast
    // Node the reads could all finish between the signal sent and its handling).
    c.iam.logs!.nodes.onRequest = () => {
      child?.kill('SIGINT');
      child = null;
      return 'hold';
    };
    try {
      const r = await run(['unused', '--uid', 'svc', 'dcos://all'], env, '', (p) => (child = p));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/audit2grant: interrupted: the verdict above is partial/);
      expect(r.stderr).not.toMatch(/the cluster lists|cannot list|read every node/);
    } finally {
      c.iam.logs!.nodes.onRequest = null;
    }
  });
});
