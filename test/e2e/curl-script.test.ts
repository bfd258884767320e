// The `--format curl` script as an operator runs it: /bin/sh and the real curl, over loopback HTTP,
// against the sandbox IAM (its 409s are the IAM's JSON errors) and against a server that answers 409
// in HTML as a proxy might. Renders from src (no build needed); needs `curl` (CI installs it, .ci/run).
import { describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFindingsAggregator } from '../../src/core/findings/index.js';
import { renderCurl } from '../../src/core/render/index.js';
import { deny } from '../core/findings/helpers.js';
import { serve } from '../helpers/hostile.js';
import { sandboxSuite } from '../iam/helpers.js';

const HAVE_CURL = spawnSync('sh', ['-c', 'command -v curl']).status === 0;
const RID = 'dcos:service:marathon:marathon:services:/dev';
const sb = sandboxSuite('a2g-curl-script-', (iam) => iam.addUser('svc', 'svc-pw'));

function script(): string {
  const r = createFindingsAggregator({ uids: [], since: null, until: null });
  r.add(deny({ uid: 'svc', rid: RID, ridAction: 'create' }));
  return renderCurl(r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] }));
}

interface ShRun { code: number | null; stdout: string; stderr: string; tmp: string }

/** Runs the script with /bin/sh against `url`, its temp files in a directory of this test's own. */
function runScript(url: string, token: string, extra: NodeJS.ProcessEnv = {}): Promise<ShRun> {
  const file = join(sb.dir, 'grants.sh');
  const tmp = join(sb.dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  writeFileSync(file, script());
  const env = { ...sb.env, DCOS_URL: url, DCOS_ACS_TOKEN: token, TMPDIR: tmp, ...extra };
  return new Promise((resolve) => {
    execFile('/bin/sh', [file], { env, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr, tmp });
    });
  });
}

describe.skipIf(!HAVE_CURL)('the curl script run with /bin/sh and curl', () => {
  it('grants against the sandbox IAM; run again, its 409s (the IAM\'s JSON errors) count as already held', async () => {
    const first = await runScript(sb.iam.httpUrl, sb.token);
    expect(first).toMatchObject({ code: 0, stderr: '', stdout: `granted (or already held): svc ${RID} create\n` });
    expect(sb.aces('svc')).toEqual([`${RID} create`]);
    const seen = sb.iam.requests.length;
    const again = await runScript(sb.iam.httpUrl, sb.token);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(sb.iam.requests.slice(seen).map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 409', 'PUT 409']);
    expect(readdirSync(again.tmp)).toEqual([]);
  });

  it('never puts the token on a command line (ps shows any local user every argv): curl reads it in a config on stdin', async () => {
    // A `curl` earlier on PATH that records each argv it is given, then runs the real one.
    const real = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
    const bin = join(sb.dir, 'bin');
    const log = join(sb.dir, 'argv.log');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'curl'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(join(bin, 'curl'), 0o755);
    const r = await runScript(sb.iam.httpUrl, sb.token, { PATH: `${bin}:${sb.env.PATH ?? ''}` });
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `granted (or already held): svc ${RID} create\n` });
    expect(sb.aces('svc')).toEqual([`${RID} create`]);
    const argvs = readFileSync(log, 'utf8').trim().split('\n');
    expect(argvs).toHaveLength(2);
    // The token went in a config on curl's stdin (`-K -`, which curl 7.29 of CentOS/RHEL 7 reads too), and the grants succeeded with it.
    for (const a of argvs) expect(a).not.toContain(sb.token);
    for (const a of argvs) expect(a).toMatch(/^-K - /);
  });

  it('a refused token (401) says what to do, prints no grant and not the token', async () => {
    const seen = sb.iam.requests.length;
    const r = await runScript(sb.iam.httpUrl, 'tok-expired-not-a-secret');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^unexpected HTTP status 401 \(the token was refused: missing, wrong or expired; log in again, e\.g\. dcos auth login, and set DCOS_ACS_TOKEN anew\), body: /);
    expect(r.stderr).not.toContain('tok-expired');
    // The ACL's request was refused; the grant's was never sent.
    expect(sb.iam.requests.slice(seen).map((q) => `${q.method} ${q.status}`)).toEqual(['PUT 401']);
  });

  const ACL = `/acs/api/v1/acls/${RID.replaceAll('/', '%252F')}`;
  it.each([
    // The ACL's 409 first: the grant is never sent after it.
    ['the ACL', 'ERR_ACL_EXISTS', [`PUT ${ACL}`]],
    ['the grant', 'any', [`PUT ${ACL}`, `PUT ${ACL}/users/svc/create`]],
  ])('stops on a 409 in HTML to %s, even one that quotes the IAM\'s JSON, and says so', async (what, code, sent) => {
    const page = '<html><body>Conflict {"title":"Conflict","description":"exists","code":"ERR_ACL_EXISTS"}</body></html>';
    const proxy = await serve((req, res) => {
      const conflict = what === 'the ACL' || req.url?.endsWith('/create');
      res.writeHead(conflict ? 409 : 201, { 'content-type': 'text/html' });
      res.end(conflict ? page : '');
    });
    try {
      const r = await runScript(proxy.url, 'tok-not-a-secret-value');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toBe(`unexpected HTTP status 409 (not the IAM's JSON error with ${code} code: a proxy or gateway in the way?), body: ${page}\n`);
      expect(proxy.requests).toEqual(sent);
      expect(readdirSync(r.tmp)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
