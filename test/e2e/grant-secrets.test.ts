// Secrets (tokens, passwords, private keys) never appear in output, errors or the ledger, whatever
// way the command logs in and however it fails. Also: service-account and password logins end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam } from '../../src/iam/client.js';
import { cleanEnv, loginToken, rsaPair, run, tempDir, writeFile, type Run } from '../iam/helpers.js';
import { nth } from '../helpers/nth.js';

let iam: SandboxIam;
let t: ReturnType<typeof tempDir>;
let token: string;
const key = rsaPair();
const ALICE_PW = 'alice-Pa55-Secret';
const outputs: Run[] = [];

beforeAll(async () => {
  iam = await startSandboxIam();
  t = tempDir('a2g-secrets-');
  iam.addUser('svc', 'svc-pw');
  iam.addUser('alice', ALICE_PW);
  iam.addServiceAccount('ci-admin', key.publicPem);
  token = await loginToken(iam);
  // Make the service account an administrator (what an operator would do once).
  const admin = await connectIam({ flags: { clusterUrl: iam.httpUrl, token }, env: cleanEnv(t.dir), ledgerPath: join(t.dir, 'setup.jsonl') });
  // DANGEROUS: --allow-dangerous and the confirmation (--yes), as the policy wants for any grant of it.
  await admin.grant([{ uid: 'ci-admin', rid: 'dcos:superuser', action: 'full' }], { allowDangerous: true, yes: true });
  admin.close();
});
afterAll(async () => {
  await iam?.close();
  t?.cleanup();
});

/** Distinctive pieces of each secret: the whole token, its signature, the password, key body lines. */
function secrets(): string[] {
  const keyLines = key.privatePem.split('\n').filter((l) => l && !l.startsWith('-----'));
  return [token, nth(token.split('.'), 2, 'token part'), iam.superuser.password, ALICE_PW, 'wrong-Secret-pw', ...keyLines.slice(0, 3), nth(keyLines, -2)];
}

describe('logins end to end, and no secret anywhere', () => {
  const env = () => cleanEnv(t.dir);
  const base = () => ['--cluster-url', iam.httpsUrl, '--ca-cert', iam.caPath];
  const grantArgs = (action: string) => ['grant', '--uid', 'svc', 'dcos:mesos:master:log', action, ...base()];

  it('--private-key service login grants', async () => {
    const keyFile = writeFile(t.dir, 'ci.pem', key.privatePem);
    const r = await run([...grantArgs('read'), '--login-uid', 'ci-admin', '--private-key', keyFile], env());
    outputs.push(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^granted /);
  });

  it('--sa-secret service login (and its login_endpoint as the cluster URL)', async () => {
    const secret = writeFile(t.dir, 'sa.json', JSON.stringify({ scheme: 'RS256', uid: 'ci-admin', private_key: key.privatePem, login_endpoint: `${iam.httpUrl}/acs/api/v1/auth/login` }));
    const r = await run(['revoke', '--uid', 'svc', 'dcos:mesos:master:log', 'read', '--sa-secret', secret], env());
    outputs.push(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^revoked /);
  });

  it('--login-uid + DCOS_PASSWORD and --token', async () => {
    const a = await run([...grantArgs('full'), '--login-uid', iam.superuser.uid], { ...env(), DCOS_PASSWORD: iam.superuser.password });
    const b = await run(['undo', ...base(), '--token', token], env());
    const h = await run(['history', '--format', 'json'], env());
    outputs.push(a, b, h);
    expect([a.code, b.code, h.code]).toEqual([0, 0, 0]);
  });

  it.each([
    ['a wrong password', (e: NodeJS.ProcessEnv) => run([...grantArgs('read'), '--login-uid', 'alice'], { ...e, DCOS_PASSWORD: 'wrong-Secret-pw' }), /^audit2grant: login as alice failed: wrong password or unknown account \(ERR_INVALID_CREDENTIALS\)$/m],
    ['a 403', (e: NodeJS.ProcessEnv) => run([...grantArgs('read'), '--login-uid', 'alice'], { ...e, DCOS_PASSWORD: ALICE_PW }), /lacks the right to manage permissions/],
    ['a bad token', (e: NodeJS.ProcessEnv) => run([...grantArgs('read'), '--token', `${token}x`], e), /refused the auth token from --token \(401/],
    ['an untrusted certificate', (e: NodeJS.ProcessEnv) => run(['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'read', '--cluster-url', iam.httpsUrl, '--token', token], e), /certificate of 127\.0\.0\.1:\d+ is not trusted/],
    ['--insecure (with a warning)', (e: NodeJS.ProcessEnv) => run(['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'create', '--cluster-url', iam.httpsUrl, '--token', token, '--insecure', '--yes'], e), /warning: TLS certificate verification is disabled \(--insecure\)/],
    ['dry run with every secret given', (e: NodeJS.ProcessEnv) => run([...grantArgs('read'), '--token', token, '--dry-run'], { ...e, DCOS_PASSWORD: ALICE_PW, DCOS_ACS_TOKEN: token }), /dry run: nothing was sent/],
  ])('%s: one clear line', async (_n, go, msg) => {
    const r = await go(env());
    outputs.push(r);
    expect(r.stderr).toMatch(msg);
  });

  it('no output and no ledger line holds a secret', () => {
    const ledger = join(t.dir, 'state', 'audit2grant', 'ledger.jsonl');
    expect(existsSync(ledger)).toBe(true);
    const texts = [...outputs.flatMap((o) => [o.stdout, o.stderr]), readFileSync(ledger, 'utf8'), readFileSync(join(t.dir, 'setup.jsonl'), 'utf8')];
    expect(outputs.length).toBeGreaterThanOrEqual(10);
    for (const s of secrets()) {
      expect(s.length).toBeGreaterThan(8);
      for (const text of texts) expect(text.includes(s), `a secret leaked into: ${text.slice(0, 200)}`).toBe(false);
    }
  });
});
