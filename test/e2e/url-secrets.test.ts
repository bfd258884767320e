// A cluster URL with a password in it (or a token in its query) never shows up in stdout, stderr, the
// ledger or a script, whichever way it comes in (--cluster-url, DCOS_URL, the DC/OS CLI config, a
// ledger written by hand, a server's answer) and whatever is printed (an error, a dry run, --json, history, a curl
// script). Needs `npm run build`; the sandbox IAM and every other address are on loopback.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedPort } from '../helpers/ports.js';
import { run, sandboxSuite, type Run } from '../iam/helpers.js';
import { startIamProxy } from '../helpers/iam-proxy.js';

const SECRET = 'url-S3cret-pw';
const LOG = 'dcos:mesos:master:log';
const sb = sandboxSuite('a2g-url-secrets-', (iam) => iam.addUser('svc', 'svc-pw'));

/** `https://admin:SECRET@host:port` of a URL. */
const withPassword = (url: string): string => url.replace('://', `://admin:${SECRET}@`);

function noSecret(...runs: Run[]): void {
  for (const r of runs) expect(`${r.stdout}\n${r.stderr}`, `${r.stdout}\n${r.stderr}`).not.toContain(SECRET);
}

const ledgerFile = (): string => join(sb.dir, 'state', 'audit2grant', 'ledger.jsonl');

/** A ledger as an older audit2grant or a hand edit could have left it: a password in its cluster URLs. */
function seedLedger(lines: object[]): void {
  mkdirSync(join(sb.dir, 'state', 'audit2grant'), { recursive: true, mode: 0o700 });
  writeFileSync(ledgerFile(), lines.map((l) => `${JSON.stringify(l)}\n`).join(''), { mode: 0o600 });
}

const record = (session: string, cluster: string, extra: object = {}) => ({
  time: '2026-03-01T10:00:00.000Z', cluster, session, uid: 'svc', rid: LOG, action: 'read', op: 'grant', outcome: 'granted', aclCreated: false, ...extra,
});

describe('a password in the cluster URL is refused, and never shown', () => {
  it('an unreachable cluster: refused before any connection (exit 2), the URL shown without it', async () => {
    const url = withPassword(`https://127.0.0.1:${await closedPort()}`);
    const r = await run(['grant', '--uid', 'svc', LOG, 'read', '--cluster-url', url, '--token', sb.token], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^audit2grant: the cluster URL from --cluster-url holds a user name or password \(https:\/\/\*\*\*@127\.0\.0\.1:\d+\/\)/);
    noSecret(r);
  });

  it('a dry run and --json, from DCOS_URL: refused too (a real run would be), nothing on stdout', async () => {
    const env = { ...sb.env, DCOS_URL: withPassword(sb.iam.httpsUrl), DCOS_ACS_TOKEN: sb.token };
    const dry = await run(['grant', '--uid', 'svc', LOG, 'read', '--dry-run'], env);
    const dryJson = await run(['grant', '--uid', 'svc', LOG, 'read', '--dry-run', '--json'], env);
    const json = await run(['revoke', '--uid', 'svc', LOG, 'read', '--json', '--ca-cert', sb.iam.caPath], env);
    seedLedger([record('s1', sb.iam.httpsUrl)]);
    const undo = await run(['undo', '--dry-run'], env);
    for (const r of [dry, dryJson, json, undo]) {
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(/the cluster URL from DCOS_URL holds a user name or password/);
    }
    noSecret(dry, dryJson, json, undo);
    expect(sb.aces('svc')).toEqual([]);
  });

  it('the DC/OS CLI config\'s dcos_url: refused, naming the file', async () => {
    const d = join(sb.dir, 'dcos', 'clusters', 'c1');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'dcos.toml'), `[core]\ndcos_url = "${withPassword(sb.iam.httpsUrl)}"\ndcos_acs_token = "${sb.token}"\nssl_verify = "${sb.iam.caPath}"\n`);
    const r = await run(['grant', '--uid', 'svc', LOG, 'read', '--json'], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the cluster URL from .*dcos\.toml holds a user name or password/);
    noSecret(r);
  });

  it('a token in the query of the URL: refused, the query not shown', async () => {
    const r = await run(['grant', '--uid', 'svc', LOG, 'read', '--dry-run', '--cluster-url', `${sb.iam.httpsUrl}/?token=${SECRET}`], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has a query or fragment, which audit2grant would drop \(https:\/\/127\.0\.0\.1:\d+\/\?…\)/);
    noSecret(r);
  });

  it('DCOS_URL with a password but not used (--cluster-url wins): the grant runs, the warning, --json and the ledger hide it', async () => {
    // The DC/OS CLI login of the sandbox authenticates; DCOS_ACS_TOKEN belongs to DCOS_URL, so it is left unused.
    const d = join(sb.dir, 'dcos', 'clusters', 'c1');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'dcos.toml'), `[core]\ndcos_url = "${sb.iam.httpsUrl}"\ndcos_acs_token = "${sb.token}"\nssl_verify = "${sb.iam.caPath}"\n`);
    const env = { ...sb.env, DCOS_URL: withPassword('https://elsewhere.invalid'), DCOS_ACS_TOKEN: 'not-for-this-cluster' };
    const r = await run(['grant', '--uid', 'svc', LOG, 'read', '--json', '--cluster-url', sb.iam.httpsUrl], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('DCOS_ACS_TOKEN is not used: it belongs to DCOS_URL=https://***@elsewhere.invalid');
    expect(JSON.parse(r.stdout)).toMatchObject({ cluster: sb.iam.httpsUrl, results: [{ outcome: 'granted' }] });
    noSecret(r);
    expect(readFileSync(ledgerFile(), 'utf8')).not.toContain(SECRET);
    expect(sb.aces('svc')).toEqual([`${LOG} read`]);
  });
});

describe('an answer that holds such a URL', () => {
  it('a grant refused with it (a proxy in front of the IAM): the lines, --json and the ledger show it redacted', async () => {
    // An action no other test grants: the sandbox keeps what earlier tests of this suite granted. One
    // the catalog does not list for the rid, so --yes confirms it (docs/policy.md).
    const echoed = `${withPassword('https://iam.internal')}/v1?token=${SECRET}#frag`;
    const proxy = await startIamProxy(sb.iam.httpUrl, (req, res) => {
      if (req.method !== 'PUT' || !req.url?.endsWith('/users/svc/update')) return false;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'ERR_BAD_REQUEST', description: `rejected by ${echoed}` }));
      return true;
    });
    try {
      const via = ['--cluster-url', proxy.url, '--token', sb.token, '--yes'];
      const lines = await run(['grant', '--uid', 'svc', LOG, 'update', ...via], sb.env);
      const json = await run(['grant', '--uid', 'svc', LOG, 'update', '--json', ...via], sb.env);
      expect([lines.code, json.code]).toEqual([1, 1]);
      const shown = 'rejected by https://***@iam.internal/v1?token=***#frag';
      expect(lines.stdout).toBe(`failed         svc ${LOG} update  (400 ERR_BAD_REQUEST ${shown})\n`);
      expect(JSON.parse(json.stdout)).toMatchObject({ results: [{ outcome: 'failed', detail: `400 ERR_BAD_REQUEST ${shown}` }] });
      noSecret(lines, json);
      const ledger = readFileSync(ledgerFile(), 'utf8');
      expect(ledger).toContain(shown);
      expect(ledger).not.toContain(SECRET);
    } finally {
      await proxy.close();
    }
  });
});

describe('a ledger that holds such a URL', () => {
  it('history (table and json) hides it, in the cluster and in the detail', async () => {
    seedLedger([
      record('s-old', withPassword('https://old.example'), { outcome: 'failed', detail: `no answer from https://old.example/?token=${SECRET}` }),
    ]);
    const table = await run(['history'], sb.env);
    const json = await run(['history', '--format', 'json'], sb.env);
    expect([table.code, json.code]).toEqual([0, 0]);
    expect(table.stdout).toMatch(/https:\/\/\*\*\*@old\.example$/m);
    expect(JSON.parse(json.stdout)).toMatchObject([{ cluster: 'https://***@old.example', detail: 'no answer from https://old.example/?token=***' }]);
    noSecret(table, json);
  });

  it('undo of a session recorded with it: the error for another cluster, and --json and the new lines for this one, hide it', async () => {
    seedLedger([
      record('s-other', withPassword('https://other.example'), { time: '2026-03-01T09:00:00.000Z', action: 'create' }),
      // The sandbox's own URL with a password: the same cluster (same origin), so undo proceeds.
      record('s-here', withPassword(sb.iam.httpsUrl), { action: 'create' }),
    ]);
    const other = await run(['undo', '--session', 's-other', ...sb.flags()], sb.env);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/session s-other granted on https:\/\/\*\*\*@other\.example, not on https:\/\/127\.0\.0\.1:\d+/);
    // With no cluster configured, the dry run names the recorded one.
    const dry = await run(['undo', '--session', 's-here', '--dry-run', '--json'], sb.env);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/a real run must connect to https:\/\/\*\*\*@127\.0\.0\.1:\d+, where session s-here/);
    expect(JSON.parse(dry.stdout)).toMatchObject({ cluster: withPassword(sb.iam.httpsUrl).replace(`admin:${SECRET}`, '***') });
    const here = await run(['undo', '--session', 's-here', '--json', ...sb.flags()], sb.env);
    expect(here.code).toBe(0);
    expect(JSON.parse(here.stdout)).toMatchObject({ op: 'undo', cluster: sb.iam.httpsUrl, undoOf: 's-here', results: [{ outcome: 'already absent' }] });
    noSecret(other, dry, here);
    const written = readFileSync(ledgerFile(), 'utf8').split('\n').filter(Boolean).slice(2);
    expect(written.length).toBeGreaterThan(0);
    for (const l of written) expect(JSON.parse(l)).toMatchObject({ cluster: sb.iam.httpsUrl });
  });
});

describe('sources and scripts', () => {
  it('scan --format curl with such a DCOS_URL: the script names the variable only', async () => {
    const log = fileURLToPath(new URL('../../fixtures/sample/master-1.log', import.meta.url));
    const r = await run(['scan', log, '--format', 'curl', '--year', '2026'], { ...sb.env, DCOS_URL: withPassword(sb.iam.httpsUrl) });
    expect(r.stdout).toMatch(/^#!\/bin\/sh/);
    expect(r.stdout).toContain('"${DCOS_URL}"');
    noSecret(r);
  });

  it('a dcos:// or ssh:// source with a password: a usage error, shown without it (also in --format json)', async () => {
    const dcos = await run(['scan', `dcos://admin:${SECRET}@leader`], sb.env);
    expect(dcos.code).toBe(2);
    expect(dcos.stderr).toMatch(/dcos:\/\/\*\*\*@leader: a dcos:\/\/ source names nodes only/);
    const ssh = await run(['scan', `ssh://core:${SECRET}@127.0.0.1`, '--format', 'json'], sb.env);
    expect(ssh.code).toBe(2);
    expect(ssh.stderr).toMatch(/invalid SSH destination "ssh:\/\/\*\*\*@127\.0\.0\.1": a password in the URL is not used/);
    expect(ssh.stdout).toBe('');
    noSecret(dcos, ssh);
  });
});
