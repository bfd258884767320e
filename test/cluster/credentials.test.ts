import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCluster } from '../../src/cluster/credentials.js';
import { ClusterUrlError } from '../../src/cluster/clusterUrl.js';
import { interpretSslVerify, loadDcosConfig } from '../../src/cluster/dcosConfig.js';
import { cleanEnv, rsaPair, tempDir, writeFile } from '../iam/helpers.js';

let t: ReturnType<typeof tempDir>;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = tempDir();
  env = cleanEnv(t.dir);
});
afterEach(() => t.cleanup());

function cluster(id: string, toml: string, attached = false): string {
  const d = join(env.DCOS_DIR as string, 'clusters', id);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'dcos.toml'), toml);
  if (attached) writeFileSync(join(d, 'attached'), '');
  return d;
}
const toml = (url: string, token: string, extra = '', name = 'c') => `[core]\ndcos_url = "${url}"\ndcos_acs_token = "${token}"\n${extra}\n[cluster]\nname = "${name}"\n`;

describe('precedence: flags > env > config', () => {
  it('config alone (a lone cluster is current by itself)', () => {
    cluster('id1', toml('https://cfg.example', 'cfg-token'));
    const r = resolveCluster({}, env, { needAuth: true });
    expect(r.clusterUrl).toBe('https://cfg.example');
    expect(r.login).toMatchObject({ kind: 'token', token: 'cfg-token' });
  });

  it('env beats config, flags beat env', () => {
    cluster('id1', toml('https://cfg.example', 'cfg-token'));
    env.DCOS_URL = 'https://env.example';
    env.DCOS_ACS_TOKEN = 'env-token';
    let r = resolveCluster({}, env, { needAuth: true });
    expect([r.clusterUrl, r.login]).toMatchObject(['https://env.example', { token: 'env-token', from: 'DCOS_ACS_TOKEN' }]);
    r = resolveCluster({ clusterUrl: 'https://flag.example/', token: 'flag-token' }, env, { needAuth: true });
    expect([r.clusterUrl, r.login]).toMatchObject(['https://flag.example', { token: 'flag-token', from: '--token' }]);
  });

  it('never sends a token to another cluster than its own', () => {
    cluster('id1', toml('https://cfg.example', 'cfg-token'));
    expect(() => resolveCluster({ clusterUrl: 'https://other.example' }, env, { needAuth: true })).toThrow(/no way to authenticate to https:\/\/other.example/);
    env.DCOS_URL = 'https://env.example';
    env.DCOS_ACS_TOKEN = 'env-token';
    expect(() => resolveCluster({ clusterUrl: 'https://other.example' }, env, { needAuth: true })).toThrow(/no way to authenticate/);
    // The config token is fine when the flag names the config's own cluster.
    const r = resolveCluster({ clusterUrl: 'https://cfg.example/' }, { ...env, DCOS_URL: undefined, DCOS_ACS_TOKEN: undefined }, { needAuth: true });
    expect(r.login).toMatchObject({ token: 'cfg-token' });
  });

  it('--login-uid + DCOS_PASSWORD, --private-key, --sa-secret', () => {
    const k = rsaPair();
    const keyFile = writeFile(t.dir, 'key.pem', k.privatePem);
    const secret = writeFile(t.dir, 'sa.json', JSON.stringify({ scheme: 'RS256', uid: 'ci', private_key: k.privatePem, login_endpoint: 'https://sa.example/acs/api/v1/auth/login' }));
    expect(resolveCluster({ clusterUrl: 'https://x', loginUid: 'bob' }, { ...env, DCOS_PASSWORD: 'pw' }, { needAuth: true }).login).toMatchObject({ kind: 'password', uid: 'bob', password: 'pw' });
    expect(resolveCluster({ clusterUrl: 'https://x', loginUid: 'ci', privateKey: keyFile }, env, { needAuth: true }).login).toMatchObject({ kind: 'service', uid: 'ci' });
    const r = resolveCluster({ saSecret: secret }, env, { needAuth: true });
    expect(r.login).toMatchObject({ kind: 'service', uid: 'ci' });
    expect(r.clusterUrl).toBe('https://sa.example'); // from login_endpoint, when nothing else names a cluster
  });

  it.each([
    [{ clusterUrl: 'https://x', loginUid: 'bob' }, /--login-uid bob needs a credential/],
    [{ clusterUrl: 'https://x', privateKey: '/nonexistent/key.pem', loginUid: 'ci' }, /^cannot read the --private-key file \/nonexistent\/key.pem \(ENOENT\)$/],
    [{ clusterUrl: 'https://x', privateKey: '/nonexistent/key.pem' }, /--private-key needs --login-uid/],
    [{ clusterUrl: 'https://x' }, /^no way to authenticate to https:\/\/x$/],
    [{}, /^no cluster to talk to$/],
  ])('one clear line: %j', (flags, msg) => {
    expect(() => resolveCluster(flags, env, { needAuth: true })).toThrow(msg);
  });

  it('a file that is not a key, or a broken sa-secret, never quotes its content', () => {
    const junk = writeFile(t.dir, 'junk.pem', 'SECRET-JUNK-CONTENT');
    const e1 = (() => { try { resolveCluster({ clusterUrl: 'https://x', loginUid: 'ci', privateKey: junk }, env, { needAuth: true }); } catch (e) { return e as Error; } })();
    expect(e1?.message).toBe(`the --private-key file ${junk} does not hold a PEM private key`);
    const bad = writeFile(t.dir, 'sa.json', '{"uid":"ci","private_key":"SECRET-JUNK-CONTENT",');
    const e2 = (() => { try { resolveCluster({ clusterUrl: 'https://x', saSecret: bad }, env, { needAuth: true }); } catch (e) { return e as Error; } })();
    expect(e2?.message).toBe(`the --sa-secret file ${bad} is not JSON`);
    for (const e of [e1, e2]) expect(String(e?.message) + String((e as { hint?: string }).hint)).not.toContain('SECRET-JUNK');
  });
});

describe('DC/OS CLI config layouts', () => {
  it('picks the attached cluster among several; DCOS_CLUSTER (name or id) overrides', () => {
    cluster('aaa', toml('https://a.example', 'ta', '', 'alpha'));
    cluster('bbb', toml('https://b.example', 'tb', '', 'beta'), true);
    expect(loadDcosConfig(env)?.dcosUrl).toBe('https://b.example');
    expect(loadDcosConfig({ ...env, DCOS_CLUSTER: 'alpha' })?.dcosUrl).toBe('https://a.example');
    expect(loadDcosConfig({ ...env, DCOS_CLUSTER: 'aaa' })?.dcosUrl).toBe('https://a.example');
    expect(() => loadDcosConfig({ ...env, DCOS_CLUSTER: 'gamma' })).toThrow(/DCOS_CLUSTER=gamma matches no cluster/);
  });

  it('two attached clusters is an error; several without attached is no current cluster', () => {
    cluster('aaa', toml('https://a.example', 'ta'), true);
    cluster('bbb', toml('https://b.example', 'tb'), true);
    expect(() => loadDcosConfig(env)).toThrow(/2 attached clusters/);
    expect(() => resolveCluster({}, env, { needAuth: true })).toThrow(/2 attached clusters/);
  });

  it('several clusters, none attached: nothing current', () => {
    cluster('aaa', toml('https://a.example', 'ta'));
    cluster('bbb', toml('https://b.example', 'tb'));
    expect(loadDcosConfig(env)).toBeNull();
  });

  it('legacy layout: $DCOS_DIR/dcos.toml, or $DCOS_CONFIG', () => {
    mkdirSync(env.DCOS_DIR as string, { recursive: true });
    writeFileSync(join(env.DCOS_DIR as string, 'dcos.toml'), toml('https://legacy.example', 'tl'));
    expect(loadDcosConfig(env)).toMatchObject({ dcosUrl: 'https://legacy.example', token: 'tl', clusterDir: null });
    const other = writeFile(t.dir, 'other.toml', toml('https://other.example', 'to'));
    expect(loadDcosConfig({ ...env, DCOS_CONFIG: other })?.dcosUrl).toBe('https://other.example');
  });

  it('invalid TOML: one line with the position, never the content', () => {
    cluster('aaa', '[core]\ndcos_acs_token = "SECRET-TOKEN\n');
    const e = (() => { try { loadDcosConfig(env); } catch (x) { return x as Error; } })();
    expect(e?.message).toMatch(/is not valid TOML/);
    expect(e?.message).not.toContain('SECRET');
  });
});

describe('TLS trust', () => {
  it.each([
    ['', { insecure: false, caPath: null }],
    ['true', { insecure: false, caPath: null }],
    ['False', { insecure: true, caPath: null }],
    ['/etc/ca.pem', { insecure: false, caPath: '/etc/ca.pem' }],
  ])('ssl_verify %j', (v, want) => expect(interpretSslVerify(v)).toEqual(want));

  it('config ssl_verify path, DCOS_SSL_VERIFY, DCOS_TLS_CA_PATH, DCOS_TLS_INSECURE, --ca-cert, --insecure in that rising order', () => {
    const pem = (n: string) => `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----\n`;
    const [CA1, CA2, CA3] = [pem('CA1'), pem('CA2'), pem('CA3')];
    const ca1 = writeFile(t.dir, 'ca1.pem', CA1);
    const ca2 = writeFile(t.dir, 'ca2.pem', CA2);
    const ca3 = writeFile(t.dir, 'ca3.pem', CA3);
    cluster('aaa', toml('https://a.example', 'ta', `ssl_verify = "${ca1}"`));
    const tlsOf = (flags: object, e: NodeJS.ProcessEnv) => resolveCluster(flags, e, { needAuth: true }).tls;
    expect(tlsOf({}, env)).toEqual({ caPem: CA1, caPath: ca1, caOrigin: expect.stringMatching(/^ssl_verify in .*dcos\.toml$/) });
    expect(tlsOf({}, { ...env, DCOS_SSL_VERIFY: 'false' })).toEqual({ insecure: true, insecureOrigin: 'DCOS_SSL_VERIFY' });
    expect(tlsOf({}, { ...env, DCOS_SSL_VERIFY: 'false', DCOS_TLS_CA_PATH: ca2 })).toEqual({ caPem: CA2, caPath: ca2, caOrigin: 'DCOS_TLS_CA_PATH' });
    expect(tlsOf({}, { ...env, DCOS_TLS_INSECURE: '1' })).toEqual({ insecure: true, insecureOrigin: 'DCOS_TLS_INSECURE' });
    expect(tlsOf({ caCert: ca3 }, { ...env, DCOS_TLS_INSECURE: '1' })).toEqual({ caPem: CA3, caPath: ca3, caOrigin: '--ca-cert' });
    const r = resolveCluster({ insecure: true }, env, { needAuth: true });
    expect(r.tls).toEqual({ insecure: true, insecureOrigin: '--insecure' });
    expect(r.warnings.join('\n')).toMatch(/TLS certificate verification is disabled \(--insecure\)/);
  });

  it('DCOS_TLS_INSECURE neither yes nor no: verification stays on, and a warning says it was ignored', () => {
    const at = (v: string) => resolveCluster({ clusterUrl: 'https://master.example', token: 't' }, { DCOS_TLS_INSECURE: v }, { needAuth: true });
    const odd = at('garbage');
    expect(odd.tls).toEqual({});
    expect(odd.warnings).toContain('DCOS_TLS_INSECURE is set to neither 1/true/yes/on nor 0/false/no/off: ignored, certificates are verified');
    for (const v of ['0', 'false', 'No', ' off ', '', 'yes']) expect(at(v).warnings.join('\n'), v).not.toContain('neither');
  });

  it('warns when credentials would cross the network over plain HTTP (loopback excepted)', () => {
    const plain = resolveCluster({ clusterUrl: 'http://master.example', token: 't' }, {}, { needAuth: true });
    expect(plain.warnings.join('\n')).toMatch(/http:\/\/master\.example is plain HTTP: the token crosses the network unencrypted/);
    const login = resolveCluster({ clusterUrl: 'http://master.example', loginUid: 'u' }, { DCOS_PASSWORD: 'p' }, { needAuth: true });
    expect(login.warnings.join('\n')).toMatch(/login credentials and the token cross the network unencrypted/);
    for (const u of ['http://127.0.0.1:8080', 'http://localhost:1', 'https://master.example']) {
      expect(resolveCluster({ clusterUrl: u, token: 't' }, {}, { needAuth: true }).warnings.join('\n')).not.toMatch(/plain HTTP/);
    }
  });
});

describe('review r-iam findings 5, 6, 8, 9, 10', () => {
  const thrown = (f: () => unknown): Error & { hint?: string } => {
    try {
      f();
    } catch (e) {
      return e as Error & { hint?: string };
    }
    throw new Error('did not throw');
  };
  const saSecret = (endpoint: string, mode = 0o600) =>
    writeFile(t.dir, `sa-${mode.toString(8)}.json`, JSON.stringify({ scheme: 'RS256', uid: 'ci', private_key: rsaPair().privatePem, login_endpoint: endpoint }), mode);

  it('5: a cluster from the DC/OS CLI or DCOS_URL that is not the --sa-secret login_endpoint is refused, a dry run too', () => {
    cluster('id1', toml('https://attached.example', 'cfg-token'), true);
    const secret = saSecret('https://sa.example/acs/api/v1/auth/login');
    const e = thrown(() => resolveCluster({ saSecret: secret }, env, { needAuth: true }));
    expect(e).toBeInstanceOf(ClusterUrlError);
    expect(e.message).toMatch(/^the --sa-secret file .* was made for https:\/\/sa\.example \(its login_endpoint\), but the cluster is https:\/\/attached\.example \(from .*dcos\.toml\): its signed login is not sent to another cluster unasked$/);
    expect(e.hint).toMatch(/--cluster-url https:\/\/sa\.example .* --cluster-url https:\/\/attached\.example/);
    expect(() => resolveCluster({ saSecret: secret }, env, { needAuth: false })).toThrow(ClusterUrlError);
    expect(() => resolveCluster({ saSecret: secret }, { ...env, DCOS_URL: 'https://env.example' }, { needAuth: true })).toThrow(/but the cluster is https:\/\/env\.example \(from DCOS_URL\)/);
  });

  it('5: --cluster-url naming another cluster goes ahead with a warning; the same origin, or an in-cluster name, says nothing', () => {
    cluster('id1', toml('https://attached.example', 'cfg-token'), true);
    const secret = saSecret('https://sa.example/acs/api/v1/auth/login');
    const r = resolveCluster({ saSecret: secret, clusterUrl: 'https://attached.example' }, env, { needAuth: true });
    expect(r.clusterUrl).toBe('https://attached.example');
    expect(r.warnings.join('\n')).toMatch(/was made for https:\/\/sa\.example \(its login_endpoint\); logging in to https:\/\/attached\.example instead, as --cluster-url asks/);
    expect(resolveCluster({ saSecret: secret }, { ...env, DCOS_URL: 'https://sa.example/' }, { needAuth: true }).warnings).toEqual([]);
    const inCluster = saSecret('https://master.mesos/acs/api/v1/auth/login', 0o400);
    const r2 = resolveCluster({ saSecret: inCluster }, env, { needAuth: true });
    expect([r2.clusterUrl, r2.warnings]).toEqual(['https://attached.example', []]);
  });

  it('6: a host name that starts with 127. is no loopback address', () => {
    const w = (u: string) => resolveCluster({ clusterUrl: u, token: 't' }, {}, { needAuth: true }).warnings.join('\n');
    expect(w('http://127.0.0.1.example.invalid:1')).toMatch(/is plain HTTP: the token crosses the network unencrypted/);
    expect(w('http://127.1:8080')).not.toMatch(/plain HTTP/);
  });

  it('8: a stored token left aside is named in the refusal', () => {
    const e = thrown(() => resolveCluster({ clusterUrl: 'http://127.0.0.1:19042' }, { ...env, DCOS_URL: 'https://127.0.0.1:19041', DCOS_ACS_TOKEN: 'x' }, { needAuth: true }));
    expect(e.message).toBe('no way to authenticate to http://127.0.0.1:19042 (DCOS_ACS_TOKEN is not used: it belongs to DCOS_URL=https://127.0.0.1:19041, not http://127.0.0.1:19042)');
    cluster('id1', toml('https://cfg.example', 'cfg-token'));
    expect(thrown(() => resolveCluster({ clusterUrl: 'https://other.example' }, env, { needAuth: true })).message).toMatch(
      /^no way to authenticate to https:\/\/other\.example \(the DC\/OS CLI token in .*dcos\.toml is not used: it belongs to https:\/\/cfg\.example, not https:\/\/other\.example\)$/,
    );
  });

  it('9: --token-file is --token read from a file, its line end dropped; never with --token; a bad token names the file, not the value', () => {
    const f = writeFile(t.dir, 'tok', 'file-token\r\n');
    const r = resolveCluster({ clusterUrl: 'https://x', tokenFile: f }, env, { needAuth: true });
    expect(r.login).toEqual({ kind: 'token', token: 'file-token', from: `--token-file ${f}` });
    expect(r.origin.auth).toBe(`--token-file ${f}`);
    expect(() => resolveCluster({ clusterUrl: 'https://x', tokenFile: f, token: 't' }, env, { needAuth: true })).toThrow(/^give either --token or --token-file, not both$/);
    const two = writeFile(t.dir, 'two', 'SECRET-A\nSECRET-B\n');
    const e = thrown(() => resolveCluster({ clusterUrl: 'https://x', tokenFile: two }, env, { needAuth: true }));
    expect(e.message).toBe(`the auth token in --token-file ${two} holds a line break (\\n): it cannot be sent in an HTTP header (the value is a secret: not shown)`);
    expect(() => resolveCluster({ clusterUrl: 'https://x', tokenFile: join(t.dir, 'none') }, env, { needAuth: true })).toThrow(/^cannot read the --token-file .*none \(ENOENT\)$/);
  });

  it('9, 10: a secret file others may read is used, with a warning (an orchestrator may have mounted it so)', () => {
    for (const mode of [0o644, 0o640, 0o604]) {
      const f = writeFile(t.dir, `token-${mode.toString(8)}`, 'tok\n', mode);
      chmodSync(f, mode); // whatever the umask
      const r = resolveCluster({ clusterUrl: 'https://x', tokenFile: f }, env, { needAuth: true });
      expect(r.login).toMatchObject({ kind: 'token', token: 'tok' });
      expect(r.warnings).toContain(`the --token-file ${f} may be read by other users of this machine (mode 0${mode.toString(8)}): it holds a secret; make it private (chmod 600 ${f}) unless an orchestrator mounted it so`);
    }
    const key = writeFile(t.dir, 'key-644', 'KEY', 0o644);
    chmodSync(key, 0o644);
    // Read, then judged on what it holds (not a PEM key here), not refused for its mode.
    expect(() => resolveCluster({ clusterUrl: 'https://x', loginUid: 'ci', privateKey: key }, env, { needAuth: true })).toThrow(/PEM/);
    const mine = writeFile(t.dir, 'token-600', 'tok\n', 0o600);
    chmodSync(mine, 0o600);
    expect(resolveCluster({ clusterUrl: 'https://x', tokenFile: mine }, env, { needAuth: true }).warnings.join('\n')).not.toMatch(/other users/);
  });

  it('7: a CA file that holds no PEM certificate is refused, not silently trusted for nothing', () => {
    const bad = writeFile(t.dir, 'notpem.crt', 'hello\n', 0o644);
    expect(() => resolveCluster({ clusterUrl: 'https://x', token: 't', caCert: bad }, env, { needAuth: true })).toThrow(
      new RegExp(`^the CA certificate \\(--ca-cert\\) ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} holds no PEM certificate`),
    );
  });
});
