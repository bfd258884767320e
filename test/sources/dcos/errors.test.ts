// dcos:// failures against the sandbox logging API over HTTPS: each names the node and says what to
// do, and one failed node never stops the others. 401 (a login is refreshed once; a static token
// must be renewed by the user), 403 (the permissions to grant), 404 (an unknown agent id), and a
// master unreachable at its own address (the leader falls back to the leader route).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveDcosCluster } from '../../../src/sources/dcos/connect.js';
import { denial, keys, LIST_RIDS, logCluster, READER_RIDS, scanDcos, type LogCluster } from './helpers.js';
import { nth } from '../../helpers/nth.js';

describe('dcos:// errors (sandbox logging API over HTTPS)', () => {
  let c: LogCluster;
  beforeAll(async () => {
    c = await logCluster();
    const logs = c.iam.logs!;
    for (let i = 0; i < 30; i++) logs.writeLines('127.0.0.2', denial('svc-err', 'dcos:mesos:master:framework:role:e2'));
    logs.writeLines(nth(logs.agents, 0).id, denial('svc-err', 'dcos:mesos:agent:task:user:e-agent'));
  });
  afterAll(() => c?.close());

  it('401 with a service login: logs in again once and goes on', async () => {
    const sa = await c.serviceReader('sa-reader');
    const logins = () => c.iam.requests.filter((q) => q.rawPath === '/acs/api/v1/auth/login').length;
    // The signing key turns over while the node is read: its second page gets a 401.
    let pages = 0;
    c.iam.logs!.nodes.onRequest = (path) => {
      if (path.includes('/range/') && ++pages === 2) c.iam.revokeTokens();
    };
    const at = logins();
    const r = await scanDcos(['dcos://127.0.0.2'], sa, { pageSize: 10 }, { uids: ['svc-err'] });
    c.iam.logs!.nodes.onRequest = null;
    expect(r.errors).toEqual([]);
    expect(keys(r)).toEqual(['svc-err dcos:mesos:master:framework:role:e2 create ×30']);
    expect(c.iam.requests.some((q) => q.status === 401 && q.rawPath.includes('/range/'))).toBe(true);
    expect(logins()).toBe(at + 2); // the first login, and one more after the 401
  });

  it('401 with a static token: the node fails with "log in again"; the token is never printed', async () => {
    const cluster = resolveDcosCluster({ clusterUrl: c.iam.httpsUrl, caCert: c.iam.caPath, token: c.su }, {});
    c.iam.revokeTokens(); // the token the user holds is no longer valid
    const r = await scanDcos(['dcos://leader', `dcos://agent/${nth(c.iam.logs!.agents, 0).id}`], cluster);
    expect(r.errors).toHaveLength(2);
    for (const e of r.errors) expect(e.message).toMatch(/^dcos:\/\/\S+: the cluster refused the auth token from --token \(401: expired or invalid\): log in again \(`dcos auth login`\) or pass a new --token$/);
    expect(JSON.stringify(r)).not.toContain(c.su);
  });

  it('401 with a static token on the node lists: once per spec, "log in again", no permission to grant', async () => {
    const cluster = resolveDcosCluster({ clusterUrl: c.iam.httpsUrl, caCert: c.iam.caPath, token: c.su }, {});
    c.iam.revokeTokens();
    const r = await scanDcos(['dcos://all', 'dcos://masters', 'dcos://agents'], cluster);
    expect(r.errors.map((e) => e.source)).toEqual(['dcos://all', 'dcos://masters', 'dcos://agents']);
    for (const e of r.errors) {
      expect(e.message).toMatch(/^dcos:\/\/\w+: the cluster refused the auth token from --token \(401: expired or invalid\): run `dcos auth login` again, pass a new --token/);
      expect(e.message.split('401').length).toBe(2); // said once
      expect(e.message).not.toMatch(/grant|mesos-dns/);
    }
  });

  it('a token that is no JWT is not said to "name no account"; a JWT without a uid is', () => {
    const at = (token: string) => resolveDcosCluster({ clusterUrl: c.iam.httpsUrl, caCert: c.iam.caPath, token }, {});
    expect(at('bogus')).toMatchObject({ readerUid: null, opaqueToken: true });
    const noUid = `e30.${Buffer.from('{"exp":1}').toString('base64url')}.x`;
    expect(at(noUid).opaqueToken).toBeUndefined();
  });

  describe('with a fresh superuser token', () => {
    beforeAll(() => c.relogin());

    it('a 429 and a connection dropped without an answer are retried: every entry once', async () => {
      const faults = c.iam.faults;
      faults.push({ kind: 'rate-limit', path: '/system/v1/logs/v1/range/', times: 1 }, { kind: 'drop-after-apply', path: '/system/v1/logs/v1/range/', times: 1 });
      const r = await scanDcos(['dcos://127.0.0.2'], await c.reader('retry-reader'), { pageSize: 10 }, { uids: ['svc-err'] });
      expect(r.errors).toEqual([]);
      expect(keys(r)).toEqual(['svc-err dcos:mesos:master:framework:role:e2 create ×30']);
      expect(faults.every((f) => (f.times ?? 1) === 0)).toBe(true);
      expect(r.progress.some((p) => p.error?.startsWith('reconnecting: dcos://127.0.0.2: the cluster asked to slow down (429)'))).toBe(true);
    });

    it('403: every node says which two permissions to grant the reading account', async () => {
      const r = await scanDcos(['dcos://all'], await c.reader('no-logs', LIST_RIDS));
      expect(r.errors).toHaveLength(6);
      for (const e of r.errors) {
        expect(e.message).toMatch(/^dcos:\/\/\S+: no-logs may not read this node's logs \(403\): grant it dcos:adminrouter:ops:system-logs full and dcos:adminrouter:system:agent full/);
      }
    });

    it('403 on the agents only: the masters are still read', async () => {
      const r = await scanDcos(['dcos://all'], await c.reader('masters-only', ['dcos:adminrouter:ops:system-logs', ...LIST_RIDS]), {}, { uids: ['svc-err'] });
      expect(r.errors.map((e) => e.source).sort()).toEqual(c.iam.logs!.agents.map((a) => `dcos://${a.ip}`).sort());
      expect(keys(r)).toEqual(['svc-err dcos:mesos:master:framework:role:e2 create ×30']);
    });

    it('404: an unknown agent id is named with what to do; the other node is read', async () => {
      const r = await scanDcos(['dcos://agent/0000-S99', 'dcos://127.0.0.2'], await c.reader('reader-404'), {}, { uids: ['svc-err'] });
      expect(r.errors).toEqual([{ source: 'dcos://agent/0000-S99', message: 'dcos://agent/0000-S99: the cluster has no agent 0000-S99 (404): `dcos node list` shows the agent ids; dcos://agents reads them all' }]);
      expect(keys(r)).toEqual(['svc-err dcos:mesos:master:framework:role:e2 create ×30']);
    });

    it('the node lists refused: says which permission lists them', async () => {
      const r = await scanDcos(['dcos://masters', 'dcos://agents', 'dcos://10.0.1.11'], await c.reader('no-list', ['dcos:adminrouter:ops:system-logs']));
      expect(r.errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/^dcos:\/\/masters: cannot list the masters \(GET \/mesos_dns\/v1\/hosts\/master\.mesos answered 403; GET \/system\/health\/v1\/nodes answered 403\): grant no-list dcos:adminrouter:ops:mesos-dns full/),
        expect.stringMatching(/^dcos:\/\/agents: cannot list the agents \(GET \/mesos\/master\/slaves answered 403\): grant no-list dcos:adminrouter:ops:mesos full/),
        expect.stringMatching(/^dcos:\/\/10\.0\.1\.11: cannot tell a master from an agent/),
      ]);
    });
  });
});

describe('dcos:// masters unreachable at their own address', () => {
  let c: LogCluster | null = null;
  afterEach(async () => {
    await c?.close();
    c = null;
  });

  it('a non-leading master: named as not read, with what to do; the others are read', async () => {
    c = await logCluster({ logs: { masters: ['127.0.0.1', '127.0.0.2', '127.0.0.4'], offline: ['127.0.0.4'], streamIntervalMs: 40 } });
    for (const m of ['127.0.0.1', '127.0.0.2', '127.0.0.4']) c.iam.logs!.writeLines(m, denial('svc-down', `dcos:mesos:master:framework:role:${m}`));
    const r = await scanDcos(['dcos://masters'], await c.reader('reader'), {}, { uids: ['svc-down'] });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.source).toBe('dcos://127.0.0.4');
    expect(r.errors[0]?.message).toMatch(/^dcos:\/\/127\.0\.0\.4: master not read: cannot reach 127\.0\.0\.4:\d+ \(ECONNREFUSED\) at its own address; no route through Admin Router reaches a non-leading master: run audit2grant where the masters' addresses are reachable .*ssh:\/\/127\.0\.0\.4/);
    expect(keys(r)).toEqual(['svc-down dcos:mesos:master:framework:role:127.0.0.1 create ×1', 'svc-down dcos:mesos:master:framework:role:127.0.0.2 create ×1']);
    expect(c.iam.requests.some((q) => q.rawPath.startsWith('/system/v1/leader/'))).toBe(false);
  });

  it('the leader: read through the leader route instead, and the note says which masters were not read', async () => {
    c = await logCluster({ logs: { masters: ['127.0.0.1', '127.0.0.5', '127.0.0.6'], leader: '127.0.0.5', offline: ['127.0.0.5', '127.0.0.6'], streamIntervalMs: 40 } });
    for (const m of ['127.0.0.1', '127.0.0.5', '127.0.0.6']) c.iam.logs!.writeLines(m, denial('svc-lead', `dcos:mesos:master:framework:role:${m}`));
    const r = await scanDcos(['dcos://masters'], await c.reader('reader'), {}, { uids: ['svc-lead'] });
    expect(r.errors.map((e) => e.source)).toEqual(['dcos://127.0.0.6']);
    expect(keys(r)).toEqual(['svc-lead dcos:mesos:master:framework:role:127.0.0.1 create ×1', 'svc-lead dcos:mesos:master:framework:role:127.0.0.5 create ×1']);
    expect(r.findings.find((f) => f.rid.endsWith('127.0.0.5'))?.hosts).toEqual(['dcos-master-2']);
    const note = r.progress.find((p) => p.label === 'dcos://leader' && p.note)?.note;
    expect(note).toBe('masters unreachable at their own address: 127.0.0.5, 127.0.0.6; reading the leader (127.0.0.5) through the leader route (dcos://leader); not read: 127.0.0.6');
    expect(c.iam.requests.some((q) => q.rawPath.startsWith('/system/v1/leader/mesos/logs/v1/range/'))).toBe(true);
  });

  // One master named by its address is not every master: the leader route reads it only when it leads.
  describe('one master named by its address', () => {
    const leaderReads = () => c!.iam.requests.filter((q) => q.rawPath.startsWith('/system/v1/leader/'));
    // Without Mesos-DNS the masters come from the health API.
    const rids = [...READER_RIDS, 'dcos:adminrouter:ops:system-health'];
    const setup = async (o: { leader?: string; mesosDns?: false }) => {
      c = await logCluster({ logs: { masters: ['127.0.0.1', '127.0.0.5'], offline: ['127.0.0.5'], streamIntervalMs: 40, ...(o.leader ? { leader: o.leader } : {}) }, ...(o.mesosDns === false ? { nodeApis: { mesosDns: false } } : {}) });
      for (const m of ['127.0.0.1', '127.0.0.5']) c.iam.logs!.writeLines(m, denial('svc-one', `dcos:mesos:master:framework:role:${m}`));
      return scanDcos(['dcos://127.0.0.5'], await c.reader('reader', rids), {}, { uids: ['svc-one'] });
    };

    it('not the leader: an error naming it and how to reach it; the leader is not read in its place', async () => {
      const r = await setup({ leader: '127.0.0.1' });
      expect(r.findings).toEqual([]);
      expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^dcos:\/\/127\.0\.0\.5: master not read: cannot reach .* no route through Admin Router reaches a non-leading master: .*ssh:\/\/127\.0\.0\.5\)$/)]);
      expect(r.progress.filter((p) => p.note)).toEqual([]);
      expect(leaderReads()).toEqual([]);
    });

    it('the leader: read through the leader route', async () => {
      const r = await setup({ leader: '127.0.0.5' });
      expect(r.errors).toEqual([]);
      expect(keys(r)).toEqual(['svc-one dcos:mesos:master:framework:role:127.0.0.5 create ×1']);
    });

    it('Mesos-DNS does not say which master leads: an error, not the leader route', async () => {
      const r = await setup({ mesosDns: false });
      expect(r.findings).toEqual([]);
      expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^dcos:\/\/127\.0\.0\.5: master not read: .*the leader route reads only the leading master, and whether this one leads Mesos-DNS did not say; .*ssh:\/\/127\.0\.0\.5\)$/)]);
      expect(leaderReads()).toEqual([]);
    });

    it('dcos://masters with no master reachable and Mesos-DNS silent still reads the leader route (docs/logging-api.md)', async () => {
      c = await logCluster({ logs: { masters: ['127.0.0.5', '127.0.0.6'], offline: ['127.0.0.5', '127.0.0.6'], streamIntervalMs: 40 }, nodeApis: { mesosDns: false } });
      c.iam.logs!.writeLines('127.0.0.5', denial('svc-one', 'dcos:mesos:master:framework:role:lead'));
      const r = await scanDcos(['dcos://masters'], await c.reader('reader', rids), {}, { uids: ['svc-one'] });
      expect(keys(r)).toEqual(['svc-one dcos:mesos:master:framework:role:lead create ×1']);
      expect(r.errors.map((e) => e.source)).toEqual(['dcos://127.0.0.5', 'dcos://127.0.0.6']);
    });
  });
});
