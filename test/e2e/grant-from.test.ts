// `grant --from`: a file of several accounts (a scan made without --uid holds anyone who was denied
// anything) needs --uid or --all-accounts; before anything is sent it says how many grants go to whom
// on which cluster, and names the derived findings; the file is read bounded and abortably.
// Whole-program runs against the sandbox IAM (needs `npm run build`).
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run, sandboxSuite, writeFile } from '../iam/helpers.js';
import { waitFor } from '../helpers/wait.js';

const sb = sandboxSuite('a2g-from-', (iam) => {
  iam.addUser('svc', 'svc-pw');
  iam.addUser('web', 'web-pw');
});

const scan = (findings: unknown[]) => JSON.stringify({ version: 1, findings, authFailures: [], stats: {}, errors: [] });
const f = (uid: string, rid: string, action: string, kind = 'permission') => ({ uid, rid, action, kind, count: 1, risk: 'normal', catalog: null, example: '' });
const TWO = () => scan([f('svc', 'dcos:mesos:master:log', 'read'), f('web', 'dcos:mesos:master:flags', 'read'), f('web', 'dcos:mesos:master:log', 'read')]);

describe('grant --from a file of several accounts', () => {
  it('is refused without --uid or --all-accounts (exit 2, nothing sent), dry run included', async () => {
    const file = writeFile(sb.dir, 'scan.json', TWO());
    const before = sb.iam.requests.length;
    for (const extra of [[], ['--dry-run']]) {
      const r = await run(['grant', '--from', file, ...sb.flags(), ...extra], sb.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/scan\.json holds findings of 2 accounts \(svc, web\).*nothing was granted/);
      expect(r.stderr).toMatch(/hint: pass --uid UID .*--uid svc\), or --all-accounts/);
      expect(r.stdout).toBe('');
    }
    expect(sb.iam.requests.slice(before).filter((q) => q.method === 'PUT')).toEqual([]);
    expect([...sb.aces('svc'), ...sb.aces('web')]).toEqual([]);
  });

  it('--uid takes one account\'s; the summary names it, the count and the cluster first', async () => {
    const file = writeFile(sb.dir, 'scan.json', TWO());
    const r = await run(['grant', '--from', file, '--uid', 'web', ...sb.flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(`granting 2 permissions to account web on ${sb.iam.httpsUrl} (from ${file})`);
    expect(sb.aces('web')).toEqual(['dcos:mesos:master:flags read', 'dcos:mesos:master:log read']);
    expect(sb.aces('svc')).toEqual([]);
    await run(['undo', ...sb.flags()], sb.env);
  });

  it('--uid that no account can have is a usage error; one the file lacks names the accounts it holds', async () => {
    const file = writeFile(sb.dir, 'scan.json', TWO());
    const bad = await run(['grant', '--from', file, '--uid', 'a b', ...sb.flags()], sb.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--uid: /);
    const typo = await run(['grant', '--from', file, '--uid', 'WEB', ...sb.flags()], sb.env);
    expect(typo.code).toBe(0);
    expect(typo.stderr).toContain('nothing to grant: ' + file + ' has no grantable finding for WEB (it holds findings of svc, web; did you mean --uid web?');
    const trimmed = await run(['grant', '--from', file, '--uid', ' web ', '--dry-run', ...sb.flags()], sb.env);
    expect(trimmed.code).toBe(0);
    expect(trimmed.stderr).toContain('to account web ');
    expect(sb.aces('web')).toEqual([]);
  });

  it('--all-accounts grants them all and says so, with each account\'s count', async () => {
    const file = writeFile(sb.dir, 'scan.json', TWO());
    const r = await run(['grant', '--from', file, '--all-accounts', ...sb.flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`granting 3 permissions to 2 accounts: svc (1), web (2) on ${sb.iam.httpsUrl} (from ${file})`);
    expect(sb.aces('svc')).toEqual(['dcos:mesos:master:log read']);
    await run(['undo', ...sb.flags()], sb.env);
  });

  it.each([
    [['--all-accounts', '--uid', 'svc'], /--uid .* or --all-accounts .*not both/],
    [['--uid', 'svc', 'dcos:mesos:master:log', 'read', '--all-accounts'], /--all-accounts goes with grant --from/],
  ])('--all-accounts misused is a usage error: %j', async (args, msg) => {
    const file = writeFile(sb.dir, 'scan.json', TWO());
    const r = await run(['grant', ...(args.includes('read') ? [] : ['--from', file]), ...args, ...sb.flags()], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
  });

  // A derived finding is audit2grant's inference, not the pair a log line denied: granted only on --allow-derived.
  const DERIVED = () => scan([f('svc', 'dcos:mesos:master:log', 'read'), f('svc', 'dcos:service:marathon:marathon:services:/dev', 'read', 'derived')]);

  it('a derived finding is left out with a note without --allow-derived, --yes included; the rest is granted', async () => {
    const file = writeFile(sb.dir, 'scan.json', DERIVED());
    const r = await run(['grant', '--from', file, '--yes', ...sb.flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: skipped .*finding #2 \(svc dcos:service:marathon:marathon:services:\/dev read\): derived: inferred .*pass --allow-derived/);
    expect(r.stderr).toContain(`granting 1 permission to account svc on ${sb.iam.httpsUrl} (from ${file})\n`);
    expect(sb.aces('svc')).toEqual(['dcos:mesos:master:log read']);
    await run(['undo', ...sb.flags()], sb.env);
  });

  it('only derived findings left: nothing granted for want of --allow-derived is a usage error (exit 2), dry run and --uid included', async () => {
    const DEV = 'dcos:service:marathon:marathon:services:/dev';
    // A non-rid finding no consent grants does not change it: what is missing is --allow-derived.
    const only = writeFile(sb.dir, 'derived.json', scan([f('svc', DEV, 'read', 'derived'), f('svc', DEV, 'update', 'derived'), f('svc', 'marathon', 'read', 'non-rid'), f('web', 'dcos:mesos:master:log', 'read')]));
    const before = sb.iam.requests.length;
    for (const extra of [[], ['--dry-run'], ['--yes']]) {
      const none = await run(['grant', '--from', only, '--uid', 'svc', ...extra, ...sb.flags()], sb.env);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain(`audit2grant: nothing was granted from ${only}: 2 derived finding(s) left out\n  hint: pass --allow-derived to grant them (check each inferred mapping first)\n`);
      expect(none.stderr).not.toContain('nothing to grant');
      expect(none.stdout).toBe('');
    }
    expect(sb.iam.requests.slice(before).filter((q) => q.method === 'PUT')).toEqual([]);
    expect(sb.aces('svc')).toEqual([]);
    // Nothing derived left out: still "nothing to grant", exit 0.
    const nonRid = writeFile(sb.dir, 'non-rid.json', scan([f('svc', 'marathon', 'read', 'non-rid')]));
    const empty = await run(['grant', '--from', nonRid, ...sb.flags()], sb.env);
    expect([empty.code, empty.stderr]).toEqual([0, expect.stringContaining(`nothing to grant: ${nonRid} has no grantable finding`)]);
  });

  it('with --allow-derived a derived finding is granted, counted in the summary and named in a note', async () => {
    const file = writeFile(sb.dir, 'scan.json', DERIVED());
    const r = await run(['grant', '--from', file, '--allow-derived', '--dry-run', '--cluster-url', 'https://m.example.com'], sb.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`would grant 2 permissions to account svc on https://m.example.com (from ${file}); 1 of them from derived findings (see the notes)`);
    expect(r.stderr).toMatch(/note: .*finding #2 \(svc dcos:service:marathon:marathon:services:\/dev read\) is derived: inferred .*--allow-derived/);
  });

  it('--allow-derived goes with grant --from only', async () => {
    const r = await run(['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'read', '--allow-derived', '--dry-run'], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--allow-derived goes with grant --from/);
  });
});

describe('reading --from', () => {
  it('refuses past 64 MiB (/dev/zero) with one line, exit 2', async () => {
    const r = await run(['grant', '--from', '/dev/zero', '--dry-run'], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--from \/dev\/zero is larger than 64 MiB: not a findings file/);
  });

  it('stops reading stdin on SIGTERM', async () => {
    const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
    // The child says when its SIGTERM handler goes in (it reads right after): a signal before it
    // would end the process by default, without the message this test is about.
    const marker = 'process.on("newListener",(e)=>{if(e==="SIGTERM")process.stderr.write("[handler]\\n")})';
    const p = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(marker)}`, bin, 'grant', '--from', '-', '--dry-run'], { env: sb.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.stdin.write('{"version": 1, "findings": [');
    await waitFor(() => stderr.includes('[handler]'), { what: 'the SIGTERM handler', timeoutMs: 10_000 });
    const t0 = Date.now();
    p.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => p.on('close', resolve));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/interrupted/);
    p.stdin.destroy();
  });
});
