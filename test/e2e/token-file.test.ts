// --token-file (review r-iam, finding 9) and the --sa-secret login_endpoint check (finding 5),
// whole-program against the sandbox IAM over real HTTPS.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rsaPair, run, sandboxSuite, writeFile } from '../iam/helpers.js';

const key = rsaPair();
const s = sandboxSuite('a2g-tokfile-', (iam) => {
  iam.addUser('svc', 'svc-pw');
  iam.addServiceAccount('ci-admin', key.publicPem);
});
const RID = 'dcos:mesos:master:log';
const tls = () => ['--cluster-url', s.iam.httpsUrl, '--ca-cert', s.iam.caPath];

describe('--token-file', () => {
  it('- reads the token from stdin (with its line end); FILE from a private file; neither is on the command line', async () => {
    const a = await run(['grant', '--uid', 'svc', RID, 'read', ...tls(), '--token-file', '-'], s.env, `${s.token}\n`);
    expect([a.code, a.stdout]).toEqual([0, expect.stringMatching(/^granted /)]);
    expect(s.aces('svc')).toEqual([`${RID} read`]);
    const f = writeFile(s.dir, 'token', `${s.token}\n`);
    const b = await run(['undo', ...tls(), '--token-file', f], s.env);
    expect([b.code, b.stdout]).toEqual([0, expect.stringMatching(/^revoked /)]);
    expect(s.aces('svc')).toEqual([]);
  });

  it('a bad token is named by its file, never shown', async () => {
    const f = writeFile(s.dir, 'token', `${s.token}x\n`);
    const r = await run(['grant', '--uid', 'svc', RID, 'read', ...tls(), '--token-file', f], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`refused the auth token from --token-file ${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(401`));
    expect(r.stdout + r.stderr).not.toContain(s.token);
  });

  it.each([
    [['grant', '--from', '-'], '--from -'],
    [['scan', '-', '--all-nodes'], 'the SOURCE -'],
    [['unused', '--uid', 'svc', '-'], 'the SOURCE -'],
  ])('%j with --token-file - is a usage error: stdin is read once', async (args, other) => {
    const before = s.iam.requests.length;
    const r = await run([...args, ...tls(), '--token-file', '-'], s.env, `${s.token}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--token-file - and ${other} both read stdin: it can be read only once`);
    expect(s.iam.requests.length).toBe(before);
  });

  it('--help says --token shows in ps and offers --token-file', async () => {
    const r = await run(['grant', '--help'], { ...s.env, COLUMNS: '200' });
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('other users of this machine see it in `ps`: prefer --token-file or DCOS_ACS_TOKEN');
    expect(text).toContain('--token-file read the auth token from FILE (`-` = stdin), as --token but out of `ps`; a file others may read is warned about');
  });
});

describe('--sa-secret login_endpoint', () => {
  it('the attached DC/OS CLI cluster is not the one the secret names: refused, nothing sent; --cluster-url goes ahead with a warning', async () => {
    const d = join(s.env.DCOS_DIR as string, 'clusters', 'c1');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'dcos.toml'), `[core]\ndcos_url = "${s.iam.httpUrl}"\n[cluster]\nname = "c1"\n`);
    writeFileSync(join(d, 'attached'), '');
    const secret = writeFile(s.dir, 'sa.json', JSON.stringify({ scheme: 'RS256', uid: 'ci-admin', private_key: key.privatePem, login_endpoint: 'https://127.0.0.1:1/acs/api/v1/auth/login' }));
    const before = s.iam.requests.length;
    const r = await run(['grant', '--uid', 'svc', RID, 'create', '--yes', '--sa-secret', secret], s.env); // create: not in the row, --yes
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/was made for https:\/\/127\.0\.0\.1:1 \(its login_endpoint\), but the cluster is http:\/\/127\.0\.0\.1:\d+ \(from .*dcos\.toml\)/);
    expect(s.iam.requests.length).toBe(before);
    const ok = await run(['revoke', '--uid', 'svc', RID, 'create', '--sa-secret', secret, '--cluster-url', s.iam.httpUrl], s.env);
    expect(ok.stderr).toMatch(/warning: the --sa-secret file .* was made for https:\/\/127\.0\.0\.1:1 \(its login_endpoint\); logging in to http:\/\/127\.0\.0\.1:\d+ instead, as --cluster-url asks/);
    expect(s.iam.requests.slice(before).some((q) => q.rawPath.includes('/auth/login'))).toBe(true);
  });

  it('an in-cluster login_endpoint (master.mesos) names no cluster: nothing to compare, the configured cluster is used without a word (docs/iam-api.md)', async () => {
    const secret = writeFile(s.dir, 'sa.json', JSON.stringify({ scheme: 'RS256', uid: 'ci-admin', private_key: key.privatePem, login_endpoint: 'https://master.mesos/acs/api/v1/auth/login' }));
    const before = s.iam.requests.length;
    const r = await run(['revoke', '--uid', 'svc', RID, 'create', '--sa-secret', secret], { ...s.env, DCOS_URL: s.iam.httpUrl });
    expect(r.stderr).not.toMatch(/login_endpoint|master\.mesos/);
    expect(s.iam.requests.slice(before).some((q) => q.rawPath.includes('/auth/login'))).toBe(true);
  });
});
