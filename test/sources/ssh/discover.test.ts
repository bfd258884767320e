// --all-nodes: node discovery through the cluster API, against the sandbox IAM over real HTTPS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withAllNodes } from '../../../src/commands/live-input.js';
import { OperationalError, UsageError } from '../../../src/errors.js';
import { HttpClient } from '../../../src/cluster/http.js';
import { checkNodeAddress } from '../../../src/cluster/nodes.js';
import { startSandboxIam, type SandboxIam, type SandboxNode } from '../../../src/sandbox/iam/index.js';
import { parseSshUrl } from '../../../src/sources/ssh/config.js';
import { discoverNodes, nodeSpec, sshDefaults, type DiscoverOptions } from '../../../src/sources/ssh/discover.js';
import { cleanEnv, loginToken, tempDir } from '../../iam/helpers.js';

const CLUSTER: SandboxNode[] = [
  { ip: '10.0.4.1', role: 'master' },
  { ip: '10.0.1.1', role: 'agent' },
  { ip: '10.0.4.2', role: 'master' },
  { ip: '10.0.1.2', role: 'agent' },
  { ip: '10.0.6.1', role: 'agent_public' },
  { ip: '10.0.4.3', role: 'master' },
  { ip: '10.0.1.3', role: 'agent' },
  { ip: '10.0.6.2', role: 'agent_public' },
];

let iam: SandboxIam;
let t: ReturnType<typeof tempDir>;

beforeAll(async () => {
  iam = await startSandboxIam({ nodes: CLUSTER });
  iam.addUser('reader', 'reader-pw');
});
afterAll(async () => {
  await iam?.close();
});
beforeEach(() => {
  t = tempDir('a2g-discover-');
  iam.nodes.splice(0, iam.nodes.length, ...CLUSTER);
  for (const k of ['health', 'mesos', 'exhibitor'] as const) delete iam.nodeApis[k];
});
afterEach(() => t.cleanup());

/** Superuser over HTTPS with the sandbox CA, nothing from the real user's environment. */
function opts(extra: Partial<DiscoverOptions> = {}, env: NodeJS.ProcessEnv = {}): DiscoverOptions {
  return {
    flags: { clusterUrl: iam.httpsUrl, caCert: iam.caPath, loginUid: iam.superuser.uid },
    jump: null,
    env: cleanEnv(t.dir, { DCOS_PASSWORD: iam.superuser.password, ...env }),
    retries: 0,
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<Error & { hint?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { hint?: string };
  }
  throw new Error('expected a failure');
}

describe('sandbox cluster APIs', () => {
  it('answer 401 without a token, 403 without the permission, the node list to a superuser', async () => {
    const http = new HttpClient({ baseUrl: iam.httpUrl, retries: 0 });
    try {
      const bare = await http.request({ method: 'GET', path: '/system/health/v1/nodes' });
      expect(bare.status).toBe(401);
      const bad = await http.request({ method: 'GET', path: '/mesos/master/slaves', token: 'not-a-token' });
      expect(bad.status).toBe(401);
      const token = await loginToken(iam);
      const ok = await http.request({ method: 'GET', path: '/system/health/v1/nodes', token });
      expect(ok.status).toBe(200);
      expect((ok.json as { nodes: unknown[] }).nodes).toHaveLength(8);
      expect((ok.json as { nodes: unknown[] }).nodes[0]).toEqual({ host_ip: '10.0.4.1', health: 0, role: 'master' });
      const res = await fetch(`${iam.httpUrl}/acs/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uid: 'reader', password: 'reader-pw' }) });
      const readerToken = ((await res.json()) as { token: string }).token;
      expect((await http.request({ method: 'GET', path: '/system/health/v1/nodes', token: readerToken })).status).toBe(403);
    } finally {
      http.close();
    }
  });
});

describe('discoverNodes against the sandbox (HTTPS, password login)', () => {
  it('lists masters then agents, as ssh://centos@IP through the cluster URL host by default', async () => {
    const d = await discoverNodes(opts());
    expect(d.via).toBe('GET /system/health/v1/nodes');
    expect(d.nodes.map((n) => `${n.role} ${n.ip}`)).toEqual([
      'master 10.0.4.1', 'master 10.0.4.2', 'master 10.0.4.3',
      'agent 10.0.1.1', 'agent 10.0.1.2', 'agent 10.0.1.3',
      'agent_public 10.0.6.1', 'agent_public 10.0.6.2',
    ]);
    expect(d.specs).toEqual(d.nodes.map((n) => `ssh://centos@${n.ip}`));
    expect(d.user).toBe('centos');
    expect(d.jump).toBe('centos@127.0.0.1');
    expect(d.summary).toMatch(/^discovered 3 masters, 5 agents \(2 public\) \(GET \/system\/health\/v1\/nodes\); reading them over SSH as centos through centos@127\.0\.0\.1$/);
    expect(d.list).toBe('masters 10.0.4.1 10.0.4.2 10.0.4.3; agents 10.0.1.1 10.0.1.2 10.0.1.3; public agents 10.0.6.1 10.0.6.2');
    expect(d.warnings).toEqual([]);
  });

  it('--jump core@MASTER: nodes are read as core (same user on both hops); named nodes are not added twice', async () => {
    const d = await discoverNodes(opts({ jump: 'core@203.0.113.9:2222', sources: ['ssh://someone@10.0.4.2', 'journal.log'] }));
    expect(d.jump).toBe('core@203.0.113.9:2222');
    expect(d.specs).toHaveLength(7);
    expect(d.specs).not.toContain('ssh://core@10.0.4.2');
    expect(d.specs[0]).toBe('ssh://core@10.0.4.1');
  });

  it('takes ssh_user and ssh_proxy_ip from the DC/OS CLI config of the same cluster', async () => {
    const dcosDir = join(t.dir, 'dcos');
    mkdirSync(join(dcosDir, 'clusters', 'c1'), { recursive: true });
    writeFileSync(
      join(dcosDir, 'clusters', 'c1', 'dcos.toml'),
      `[core]\ndcos_url = "${iam.httpsUrl}"\nssl_verify = "${iam.caPath}"\nssh_user = "core"\nssh_proxy_ip = "198.51.100.7"\n`,
    );
    const d = await discoverNodes({ ...opts(), flags: { loginUid: iam.superuser.uid } });
    expect(d.user).toBe('core');
    expect(d.jump).toBe('core@198.51.100.7');
    expect(d.specs[0]).toBe('ssh://core@10.0.4.1');
    // The config of another cluster is not used.
    const other = await discoverNodes({ ...opts(), flags: { clusterUrl: iam.httpUrl, loginUid: iam.superuser.uid } });
    expect(other.jump).toBe('centos@127.0.0.1');
  });

  it('a refused token (401) is one clear line, without the token', async () => {
    const e = await failure(discoverNodes(opts({ flags: { clusterUrl: iam.httpsUrl, caCert: iam.caPath, token: 'stale.token.value' } })));
    expect(e).toBeInstanceOf(OperationalError);
    expect(e.message).toMatch(/^--all-nodes: listing the nodes of https:\/\/127\.0\.0\.1:\d+: the cluster refused the auth token from --token \(401/);
    expect(e.hint).toMatch(/dcos auth login|--token/);
    expect(`${e.message} ${e.hint}`).not.toContain('stale.token.value');
  });

  it('no credentials at all is a usage error naming --all-nodes', async () => {
    const e = await failure(discoverNodes({ ...opts(), flags: { clusterUrl: iam.httpsUrl } }));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toMatch(/^--all-nodes lists the nodes through the cluster API, but no way to authenticate/);
  });

  it('an account without ops permissions (403 everywhere): says what to grant', async () => {
    const e = await failure(discoverNodes(opts({ flags: { clusterUrl: iam.httpsUrl, caCert: iam.caPath, loginUid: 'reader' } }, { DCOS_PASSWORD: 'reader-pw' })));
    expect(e).toBeInstanceOf(OperationalError);
    expect(e.message).toContain('cannot list the cluster\'s nodes: GET /system/health/v1/nodes answered 403; GET /mesos/master/slaves answered 403; GET /exhibitor/exhibitor/v1/cluster/status answered 403');
    expect(e.hint).toMatch(/^grant reader dcos:adminrouter:ops:system-health full/);
  });

  it('falls back to Mesos (agents, public by attribute) and Exhibitor (masters)', async () => {
    iam.nodeApis.health = false;
    const d = await discoverNodes(opts());
    expect(d.via).toBe('GET /exhibitor/exhibitor/v1/cluster/status + GET /mesos/master/slaves');
    expect(d.nodes.filter((n) => n.role === 'master').map((n) => n.ip)).toEqual(['10.0.4.1', '10.0.4.2', '10.0.4.3']);
    expect(d.nodes.filter((n) => n.role === 'agent_public').map((n) => n.ip)).toEqual(['10.0.6.1', '10.0.6.2']);
    expect(d.nodes).toHaveLength(8);
    expect(d.warnings).toEqual(['GET /system/health/v1/nodes answered 404: listed the nodes through Mesos and Exhibitor instead']);
  });

  it('a partial fallback lists what it can and says what is missing', async () => {
    iam.nodeApis.health = false;
    iam.nodeApis.exhibitor = false;
    const d = await discoverNodes(opts());
    expect(d.nodes.every((n) => n.role !== 'master')).toBe(true);
    expect(d.nodes).toHaveLength(5);
    expect(d.warnings).toContain('GET /exhibitor/exhibitor/v1/cluster/status answered 404: masters not listed');
    expect(d.summary).toMatch(/^discovered 0 masters, 5 agents \(2 public\)/);
  });

  it('hostile host_ip values and roles from the API are skipped, never turned into destinations', async () => {
    const hostile = [
      '10.0.0.1; rm -rf /', '-oProxyCommand=touch /tmp/pwned', 'root@10.0.0.2', '10.0.0.3:2222', '[::1]', '',
      ' 10.0.0.4', '10.0.0.5\n', 'a/b', '$(id)', 'fe80::1%eth0', 'x'.repeat(300), 'évil.example', '999.1.1.1',
    ];
    iam.nodes.splice(0, iam.nodes.length, ...hostile.map((ip) => ({ ip, role: 'agent' })), { ip: '10.0.0.9', role: 'agent' },
      { ip: 'fd00::7', role: 'master' }, { ip: 'node-1.example.com', role: 'agent_public' }, { ip: '10.0.0.10', role: 'root; id' });
    const d = await discoverNodes(opts());
    expect(d.nodes).toEqual([
      { ip: 'fd00::7', role: 'master' },
      { ip: '10.0.0.9', role: 'agent' },
      { ip: 'node-1.example.com', role: 'agent_public' },
    ]);
    expect(d.specs).toEqual(['ssh://centos@[fd00::7]', 'ssh://centos@10.0.0.9', 'ssh://centos@node-1.example.com']);
    expect(d.warnings.filter((w) => w.includes('invalid address'))).toHaveLength(hostile.length);
    expect(d.warnings).toContain('/system/health/v1/nodes listed 10.0.0.10 with an unknown role "root; id": skipped');
    // Warnings stay one printable line each.
    expect(d.warnings.every((w) => !/[\n\r\u0000-\u001f]/.test(w) && w.length < 200)).toBe(true);
  });
});

describe('checkNodeAddress', () => {
  it.each([
    ['10.0.4.1', '10.0.4.1'],
    ['fd00::1', 'fd00::1'],
    ['FD00::A', 'fd00::a'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['ip-10-0-4-1.ec2.internal', 'ip-10-0-4-1.ec2.internal'],
    ['master.mesos.', 'master.mesos'],
    ['10.0.4', null],
    ['1.2.3.4.5', null],
    ['-x', null],
    ['a..b', null],
    ['a_b.example', null],
    ['host-.example', null],
    ['[::1]', null],
    ['::1%lo', null],
    ['user@host', null],
    ['host:22', null],
    [' host', null],
    ['', null],
    [42, null],
    [null, null],
  ])('%j → %j', (input, want) => {
    expect(checkNodeAddress(input)).toBe(want);
  });
});

describe('sshDefaults and nodeSpec', () => {
  it.each([
    [null, 'https://master.example.com', null, { user: 'centos', jump: 'centos@master.example.com' }],
    [null, 'https://[fd00::1]:8443/', null, { user: 'centos', jump: 'centos@[fd00::1]' }],
    [null, 'https://m', { sshUser: 'core', sshProxyIp: '203.0.113.1' }, { user: 'core', jump: 'core@203.0.113.1' }],
    [null, 'https://m', { sshUser: null, sshProxyIp: 'fd00::9' }, { user: 'centos', jump: 'centos@[fd00::9]' }],
    ['core@m1', 'https://m', { sshUser: 'admin', sshProxyIp: 'x' }, { user: 'core', jump: 'core@m1' }],
    ['m1', 'https://m', { sshUser: 'admin' }, { user: 'admin', jump: 'm1' }],
    ['a@bastion,core@m1:2222', 'https://m', null, { user: 'core', jump: 'a@bastion,core@m1:2222' }],
    ['none', 'https://m', null, { user: 'centos', jump: 'none' }],
  ])('jump %j, url %s, config %j → %j', (jump, url, cfg, want) => {
    expect(sshDefaults(jump, url, cfg)).toEqual(want);
  });

  it('specs parse back to the same host and user, whatever the user name holds', () => {
    for (const [user, ip] of [['centos', '10.0.0.1'], ['core', 'fd00::1'], ['we@ird:/x', 'node.example']] as const) {
      const spec = nodeSpec(user, ip);
      expect(parseSshUrl(spec)).toEqual({ host: ip, user, port: null });
    }
  });
});

describe('withAllNodes (the flag glue)', () => {
  const signal = new AbortController().signal;
  it('appends the nodes, sets the jump, prints the list on stderr', async () => {
    const o = opts();
    let err = '';
    const out = await withAllNodes(
      { allNodes: true, ...o.flags },
      ['journal.log'],
      { jump: null, concurrency: 8 },
      { signal, env: o.env, stderr: { write: (s: string) => (err += s) } },
    );
    expect(out.sources).toEqual(['journal.log', ...CLUSTER.map(() => expect.stringMatching(/^ssh:\/\/centos@10\.0\.\d\.\d$/))]);
    expect(out.sources).toHaveLength(9);
    expect(out.ssh).toEqual({ jump: 'centos@127.0.0.1', concurrency: 8 });
    expect(err).toMatch(/^audit2grant: discovered 3 masters, 5 agents \(2 public\)/);
    expect(err).toContain('audit2grant:   masters 10.0.4.1 10.0.4.2 10.0.4.3; agents');
  });

  it('without --all-nodes changes nothing and asks nothing', async () => {
    const before = iam.requests.length;
    const out = await withAllNodes({}, ['a'], { jump: 'j' }, { signal, stderr: { write: () => expect.fail('printed') } });
    expect(out).toEqual({ sources: ['a'], ssh: { jump: 'j' } });
    expect(iam.requests.length).toBe(before);
  });

  it('no node listed and no other source: an operational error; with other sources: a warning', async () => {
    iam.nodes.splice(0);
    const o = opts();
    const io = { signal, env: o.env, stderr: { write: () => true } };
    const e = await failure(withAllNodes({ allNodes: true, ...o.flags }, [], {}, io));
    expect(e).toBeInstanceOf(OperationalError);
    expect(e.message).toBe('the cluster API listed no node to read');
    let err = '';
    const out = await withAllNodes({ allNodes: true, ...o.flags }, ['x.log'], {}, { ...io, stderr: { write: (s: string) => (err += s) } });
    expect(out.sources).toEqual(['x.log']);
    expect(err).toContain('warning: the cluster API listed no node to read');
  });
});
