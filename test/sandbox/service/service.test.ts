import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CASSANDRA_STAGES, createService, neededPairs } from '../../../src/sandbox/service/index.js';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { loginToken, rsaPair } from '../../iam/helpers.js';

const UID = 'cassandra-sa';
const T = Date.parse('2026-03-01T12:00:00Z');

function fakeIam() {
  const held = new Set<string>();
  return {
    held,
    grant: (rid: string, action: string) => held.add(`${rid} ${action}`),
    isAllowed: (_uid: string, rid: string, action: string) => held.has(`${rid} ${action}`) || held.has(`${rid} full`),
  };
}

describe('simulated service (fake IAM)', () => {
  it('moves stage by stage, only after every check of a stage passes', async () => {
    const iam = fakeIam();
    const lines: string[] = [];
    const svc = createService({ uid: UID, authorizer: iam, write: (l) => void lines.push(...l), now: () => T, noise: 0, expiredTokenFirst: false });
    let st = await svc.attempt();
    expect(st).toMatchObject({ stage: 0, done: false });
    expect(st.denied.map((c) => c.rid)).toEqual(['dcos:mesos:master:framework:role:cassandra-role']);
    // Still denied: retrying logs the same denial again and stays put.
    expect((await svc.attempt()).stage).toBe(0);
    iam.grant('dcos:mesos:master:framework:role:cassandra-role', 'create');
    st = await svc.attempt();
    expect(st.stage).toBe(1);
    expect(st.denied).toHaveLength(3); // reservation, volume, task:user in one go
    iam.grant('dcos:mesos:master:reservation:role:cassandra-role', 'create');
    st = await svc.attempt();
    expect(st.stage).toBe(1);
    expect(st.denied).toHaveLength(2);
    for (const p of neededPairs()) iam.grant(p.rid, p.action);
    st = await svc.attempt();
    expect(st).toMatchObject({ done: true, stage: CASSANDRA_STAGES.length, doing: 'running', denied: [] });
    const denies = lines.filter((l) => /result=deny/.test(l));
    expect(denies.length).toBe(2 + 3 + 2);
    // Running: it keeps working, logging allow lines (activity for the quiet period).
    const before = lines.length;
    await svc.attempt();
    expect(lines.slice(before).some((l) => /result=allow/.test(l))).toBe(true);
  });

  it('writes each denial in its component\'s form, in a short-iso envelope', async () => {
    const iam = fakeIam();
    for (const p of neededPairs().slice(0, 3)) iam.grant(p.rid, p.action);
    const lines: string[] = [];
    const svc = createService({ uid: UID, authorizer: iam, write: (l) => void lines.push(...l), now: () => T, noise: 3 });
    await svc.attempt(); // stage 'deploy': task:user denied
    iam.grant('dcos:mesos:master:task:user:nobody', 'create');
    await svc.attempt(); // stage 'configure': secrets + marathon denied
    iam.grant('dcos:secrets:default:/cassandra/keystore', 'read');
    iam.grant('dcos:service:marathon:marathon:services:/cassandra', 'read');
    await svc.attempt(); // reaches 'serve': Admin Router denied
    for (const l of lines) expect(l).toMatch(/^2026-03-01T12:00:00\+0000 dcos-master-1 [\w.-]+\[\d+\]: /);
    const mesos = lines.find((l) => l.includes('mesos-master[') && l.includes('result=deny'))!;
    expect(mesos).toMatch(/I0301 12:00:00\.\d{6}  3710 logfmt\.cpp:178\] .*type=audit timestamp=2026-03-01 12:00:00\.\d{9}\+00:00 .*uid="cassandra-sa" object="dcos:mesos:master:task:user:nobody" .*action="create" result=deny/);
    const marathon = lines.find((l) => l.includes('marathon.sh[') && l.includes('result=deny'))!;
    expect(marathon).toMatch(/\[2026-03-01 12:00:00,000\] INFO  timestamp=2026-03-01T12:00:00\.000Z type=audit uid=cassandra-sa .*authorizer=marathon action=ViewRunSpec path=\/cassandra result=deny \(dcos\.marathon\.auditlog:/);
    const ar = lines.filter((l) => l.includes('auditlog()') && l.includes('result=deny'));
    // The first one is the expired-token request (no uid), the last the permission denial.
    expect(ar[0]).toMatch(/reason="not authenticated" .*request_uri=\/service\/cassandra\/v1\/plans\/deploy, client: /);
    expect(lines.some((l) => l.includes("Invalid token. Reason: 'exp' claim expired"))).toBe(true);
    expect(ar.at(-1)).toMatch(/nginx\[1240\]: dcos-master-1 nginx: 2026\/03\/01 12:00:00 \[notice\] 1240#0: \*\d+ \[lua\] ee\.lua:57: auditlog\(\): type=audit timestamp=2026-03-01T12:00:00Z authorizer=adminrouter object=dcos:adminrouter:service:cassandra action=full result=deny reason="IAM PQ response" .* uid=cassandra-sa, client: 10\.0\.2\.15, server: master\.mesos, request: "GET \/service\/cassandra\/v1\/plans\/deploy HTTP\/1\.1", host: "master\.mesos"$/);
    expect(lines.some((l) => l.includes('secrets.sh[') && l.includes('object=dcos:secrets:default:/cassandra/keystore action=read result=deny'))).toBe(true);
    // Noise lines carry no audit marker.
    expect(lines.filter((l) => !l.includes('type=audit')).length).toBeGreaterThanOrEqual(6);
  });

  it('retries on its own every retryMs and stops cleanly', async () => {
    // A fake clock: the retries come on it, and after stop() no timer is left to bring another
    // (shown, not waited for).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const iam = fakeIam();
      let n = 0;
      const svc = createService({ uid: UID, authorizer: iam, write: () => undefined, retryMs: 5, onAttempt: () => void n++ });
      svc.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(n).toBe(1); // the first attempt at once
      await vi.advanceTimersByTimeAsync(10);
      expect(n).toBe(3); // then one every retryMs
      await svc.stop();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(100);
      expect(n).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('simulated service against the sandbox IAM', () => {
  let iam: SandboxIam;
  let token: string;
  beforeAll(async () => {
    iam = await startSandboxIam();
    iam.addServiceAccount(UID, rsaPair().publicPem);
    token = await loginToken(iam);
  });
  afterAll(async () => iam?.close());

  async function grant(rid: string, action: string) {
    const enc = rid.replaceAll('/', '%252F');
    const h = { authorization: `token=${token}`, 'content-type': 'application/json' };
    await fetch(`${iam.httpUrl}/acs/api/v1/acls/${enc}`, { method: 'PUT', headers: h, body: '{"description":"demo"}' });
    const r = await fetch(`${iam.httpUrl}/acs/api/v1/acls/${enc}/users/${UID}/${action}`, { method: 'PUT', headers: h });
    expect([204, 409]).toContain(r.status);
  }

  it('reaches "running" once exactly the needed pairs are granted over HTTP', async () => {
    const svc = createService({ uid: UID, authorizer: iam, write: () => undefined });
    expect((await svc.attempt()).stage).toBe(0);
    for (const p of neededPairs()) {
      await grant(p.rid, p.action);
      await svc.attempt();
    }
    expect(svc.status().done).toBe(true);
    expect(iam.aces().filter((a) => a.uid === UID)).toHaveLength(neededPairs().length);
  });
});

describe('authorizer cache', () => {
  it('repeats a cached denial after the grant until the entry expires', async () => {
    const iam = fakeIam();
    let t = T;
    const svc = createService({ uid: UID, authorizer: iam, write: () => undefined, now: () => t, cacheMs: 3000, expiredTokenFirst: false });
    expect((await svc.attempt()).denied).toHaveLength(1);
    iam.grant('dcos:mesos:master:framework:role:cassandra-role', 'create');
    t += 2000;
    expect((await svc.attempt()).stage).toBe(0); // still the cached denial
    t += 2000;
    expect((await svc.attempt()).stage).toBe(1); // expired: asked again, allowed
  });
});
