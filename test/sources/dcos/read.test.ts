// dcos:// sources against the sandbox's logging API over real HTTPS: every node of `dcos://all` at
// the right address or route, the unit filter pushed to the server, paging by cursor, the --since
// window found by probing, the event stream resumed by Last-Event-ID after a drop, and the reader's
// own log requests kept out of the findings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateSummary } from '../../../src/pipeline/progress-line.js';
import { runScan } from '../../../src/pipeline/scan.js';
import { scanJobFactory } from '../../../src/ui/adapters/scan-job.js';
import type { DcosCluster } from '../../../src/sources/dcos/connect.js';
import { AUDIT_UNITS } from '../../../src/sources/dcos/targets.js';
import { untilWith } from '../../helpers/wait.js';
import { denial, keys, LIST_RIDS, logCluster, scanDcos, type LogCluster } from './helpers.js';
import { nth } from '../../helpers/nth.js';

const until = untilWith({ timeoutMs: 15_000, intervalMs: 10 });

describe('dcos:// sources (sandbox logging API over HTTPS)', () => {
  let c: LogCluster;
  let reader: DcosCluster;
  beforeAll(async () => {
    c = await logCluster();
    reader = await c.reader('log-reader');
  });
  afterAll(() => c?.close());

  it('dcos://all reads each master at its own address and each agent through the agent route; per-node states', async () => {
    const logs = c.iam.logs!;
    logs.masters.forEach((ip, i) => logs.writeLines(ip, denial('svc-all', `dcos:mesos:master:framework:role:m${i + 1}`)));
    logs.agents.forEach((a, i) => logs.writeLines(a.id, denial('svc-all', `dcos:mesos:agent:task:user:a${i + 1}`)));
    // Text that looks like an audit record but comes from a task's unit: the server never sends it.
    logs.append(logs.leader, { unit: 'cassandra.service', ident: 'java', message: 'type=audit authorizer=mesos-master uid=svc-all object=dcos:forged action=create result=deny' });
    const r = await scanDcos(['dcos://all'], reader, {}, { uids: ['svc-all'] });
    expect(r.errors).toEqual([]);
    expect(r.stats.sources).toBe(6);
    expect(keys(r)).toEqual([
      'svc-all dcos:mesos:agent:task:user:a1 create ×1',
      'svc-all dcos:mesos:agent:task:user:a2 create ×1',
      'svc-all dcos:mesos:agent:task:user:a3 create ×1',
      'svc-all dcos:mesos:master:framework:role:m1 create ×1',
      'svc-all dcos:mesos:master:framework:role:m2 create ×1',
      'svc-all dcos:mesos:master:framework:role:m3 create ×1',
    ]);
    // Each master's journal is served only at its own address: its host proves where it was read.
    expect(r.findings.find((f) => f.rid.endsWith(':m2'))?.hosts).toEqual(['dcos-master-2']);
    expect(r.findings.find((f) => f.rid.endsWith(':a3'))?.hosts).toEqual(['dcos-agent-3']);
    const ranges = c.iam.requests.filter((q) => q.rawPath.includes('/logs/v1/range/'));
    expect(ranges.filter((q) => q.rawPath.startsWith('/system/v1/logs/v1/range/'))).toHaveLength(3);
    for (const a of logs.agents) expect(ranges.some((q) => q.rawPath.startsWith(`/system/v1/agent/${a.id}/logs/v1/range/`))).toBe(true);
    // The unit filter is pushed to the server on every request, for exactly the audit-writing units.
    for (const q of ranges) {
      const filters = new URL(q.rawPath, 'https://x').searchParams.getAll('filter');
      expect(filters).toEqual(AUDIT_UNITS.map((u) => `_SYSTEMD_UNIT:${u}`));
    }
    const last = new Map(r.progress.map((p) => [p.label, p.state]));
    expect([...last.keys()].sort()).toEqual(['dcos://10.0.1.11', 'dcos://10.0.1.12', 'dcos://10.0.5.21', 'dcos://127.0.0.1', 'dcos://127.0.0.2', 'dcos://127.0.0.3']);
    expect(stateSummary(last.values())).toBe('6 done');
    expect(r.progress.some((p) => p.state === 'reading')).toBe(true);
  });

  it('--concurrency bounds the nodes read at once', async () => {
    const active = new Set<string>();
    let most = 0;
    const r = await scanDcos(['dcos://all'], reader, { concurrency: 2 }, { uids: ['svc-all'] });
    for (const p of r.progress) {
      if (p.state === 'connecting' || p.state === 'reading') active.add(p.label);
      else active.delete(p.label);
      most = Math.max(most, active.size);
    }
    expect(r.errors).toEqual([]);
    expect(most).toBe(2);
  });

  it("the loop's scan job: one source per node in its header, each with its state", async () => {
    const ac = new AbortController();
    const job = scanJobFactory({ sources: ['dcos://masters', 'dcos://agent/nope-S1'], filter: { uids: ['svc-all'], since: null, until: null }, year: null, follow: false, dcos: { cluster: reader } })(ac.signal);
    await job.done;
    const s = job.snapshot();
    expect(s.sources.map((p) => `${p.label} ${p.state}`).sort()).toEqual(['dcos://127.0.0.1 done', 'dcos://127.0.0.2 done', 'dcos://127.0.0.3 done', 'dcos://agent/nope-S1 failed']);
    expect(s.sources.find((p) => p.state === 'failed')?.error).toContain('the cluster has no agent nope-S1 (404)');
    expect(s.findings.map((f) => f.rid).sort()).toEqual(['dcos:mesos:master:framework:role:m1', 'dcos:mesos:master:framework:role:m2', 'dcos:mesos:master:framework:role:m3']);
  });

  it('pages by cursor: every entry read once, whatever the page size', async () => {
    const logs = c.iam.logs!;
    for (let i = 0; i < 40; i++) logs.writeLines('127.0.0.3', denial('svc-page', 'dcos:mesos:master:reservation:role:paged'));
    const before = c.iam.requests.length;
    const r = await scanDcos(['dcos://127.0.0.3'], reader, { pageSize: 10 }, { uids: ['svc-page'] });
    expect(r.errors).toEqual([]);
    expect(keys(r)).toEqual(['svc-page dcos:mesos:master:reservation:role:paged create ×40']);
    const pages = c.iam.requests.slice(before).filter((q) => q.rawPath.includes('/range/'));
    expect(pages.length).toBeGreaterThan(40 / 10);
    expect(nth(pages, 0).rawPath).not.toContain('cursor=');
    // Later pages start strictly after the last cursor, sent percent-encoded (`;` would split the query).
    for (const q of pages.slice(1)) expect(q.rawPath).toMatch(/&cursor=s%3D[0-9a-f]+%3Bi%3D/);
    expect(pages.every((q) => q.rawPath.includes('limit=10'))).toBe(true);
  });

  it('a page cut in the middle of an entry resumes from the last whole entry: nothing lost, nothing twice', async () => {
    const logs = c.iam.logs!;
    for (let i = 0; i < 600; i++) logs.writeLines('127.0.0.3', denial('svc-cut', `dcos:mesos:master:task:user:cut${i % 3}`));
    logs.nodes.cutNextRange = { afterBytes: 150_000 };
    const r = await scanDcos(['dcos://127.0.0.3'], reader, {}, { uids: ['svc-cut'] });
    expect(logs.nodes.cutNextRange).toBeNull();
    expect(r.errors).toEqual([]);
    expect(keys(r)).toEqual([0, 1, 2].map((k) => `svc-cut dcos:mesos:master:task:user:cut${k} create ×200`));
    expect(r.progress.some((p) => p.error?.startsWith('reconnecting: dcos://127.0.0.3: connection to'))).toBe(true);
  });

  it('--since/--until: probes to the window and reads only about it, not the history before', async () => {
    const logs = c.iam.logs!;
    const agent = nth(logs.agents, 2); // only this test writes here (Admin Router's own lines go to masters)
    const t0 = Date.now() - 600 * 60_000;
    for (let i = 0; i < 600; i++) logs.writeLines(agent.id, denial('svc-win', `dcos:mesos:agent:framework:role:w${i}`, { now: t0 + i * 60_000 }));
    const since = t0 + 300 * 60_000;
    const until = t0 + 400 * 60_000;
    const before = c.iam.requests.length;
    const r = await scanDcos([`dcos://agent/${agent.id}`], reader, { pageSize: 20 }, { uids: ['svc-win'], since, until });
    expect(r.errors).toEqual([]);
    const got = r.findings.map((f) => Number(f.rid.replace(/.*:w/, ''))).sort((a, b) => a - b);
    expect(got).toEqual(Array.from({ length: 101 }, (_, k) => 300 + k));
    const reqs = c.iam.requests.slice(before).filter((q) => q.rawPath.includes(agent.id));
    const probes = reqs.filter((q) => q.rawPath.includes('limit=1&'));
    const pages = reqs.filter((q) => q.rawPath.includes('limit=20&'));
    expect(probes.length).toBeGreaterThan(2);
    expect(probes.some((q) => /skip_prev=\d+/.test(q.rawPath))).toBe(true);
    // 101 entries in the window + 2 × 2 min of slack + at most one page before it: ≤ 7 pages, not 30.
    expect(pages.length).toBeLessThanOrEqual(8);
    expect(pages[0]?.rawPath).toMatch(/cursor=.*&skip_prev=\d+/);
  });

  it('follow: the event stream; a dropped stream resumes by Last-Event-ID: nothing lost, nothing counted twice', async () => {
    const logs = c.iam.logs!;
    for (let i = 1; i <= 3; i++) logs.writeLines('127.0.0.2', denial('svc-follow', `dcos:mesos:master:volume:role:f${i}`));
    const ac = new AbortController();
    const seen = new Map<string, number>();
    const opens = logs.streamOpens.length;
    const done = runScan({
      sources: ['dcos://127.0.0.2'],
      filter: { uids: ['svc-follow'], since: null, until: null },
      year: null,
      signal: ac.signal,
      follow: true,
      dcos: { cluster: reader, reconnectBaseMs: 20 },
      onFinding: (u) => seen.set(u.finding.rid, u.finding.count),
    });
    const count = (n: number) => seen.get(`dcos:mesos:master:volume:role:f${n}`);
    await until('the history read through the range', () => count(3));
    await until('the stream open', () => logs.openStreams > 0);
    logs.writeLines('127.0.0.2', denial('svc-follow', 'dcos:mesos:master:volume:role:f4'));
    await until('f4 through the stream', () => count(4));
    expect(logs.dropStreams()).toBe(1);
    logs.writeLines('127.0.0.2', denial('svc-follow', 'dcos:mesos:master:volume:role:f5'));
    logs.writeLines('127.0.0.2', denial('svc-follow', 'dcos:mesos:master:volume:role:f6'));
    await until('f5 and f6 after the resume', () => count(5) && count(6));
    ac.abort();
    const r = await done;
    expect(r.errors).toEqual([]);
    expect([...seen.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    const mine = logs.streamOpens.slice(opens).filter((s) => s.host === 'dcos-master-2');
    expect(mine.length).toBeGreaterThanOrEqual(2);
    // First from the range's last cursor, then from the last event received before the drop.
    expect(mine.every((s) => s.lastEventId?.startsWith('s='))).toBe(true);
    expect(nth(mine, 1).lastEventId).not.toBe(nth(mine, 0).lastEventId);
  });

  it("the reader's own log requests never become its findings; another reader sees them", async () => {
    // Lacks the agent route: Admin Router denies it there, and writes those denials under its uid.
    const nosy = await c.reader('nosy-reader', ['dcos:adminrouter:ops:system-logs', ...LIST_RIDS]);
    const first = await scanDcos(['dcos://all'], nosy);
    expect(first.errors.map((e) => e.source).sort()).toEqual(['dcos://10.0.1.11', 'dcos://10.0.1.12', 'dcos://10.0.5.21']);
    expect(first.errors[0]?.message).toContain('nosy-reader may not read this node');
    c.iam.logs!.writeLines('127.0.0.1', denial('nosy-reader', 'dcos:adminrouter:service:nosy', { checker: 'adminrouter' }));
    const own = await scanDcos(['dcos://masters'], nosy, {}, { uids: ['nosy-reader'] });
    expect(own.errors).toEqual([]);
    expect(keys(own)).toEqual(['nosy-reader dcos:adminrouter:service:nosy full ×1']);
    const other = await scanDcos(['dcos://masters'], reader, {}, { uids: ['nosy-reader'] });
    expect(keys(other)).toContain('nosy-reader dcos:adminrouter:service:nosy full ×1');
    expect(keys(other).some((k) => k.startsWith('nosy-reader dcos:adminrouter:system:agent full'))).toBe(true);
  });
});
