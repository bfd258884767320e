// `audit2grant demo` without a terminal (stdio piped, as in CI): the loop runs unattended, round by
// round, and ends with the TUI's summary. ink/react are refused by a loader hook: the headless path
// must never load them. Needs `npm run build` first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { neededPairs } from '../../src/sandbox/service/index.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
let dir = '';
let hook = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-demo-headless-'));
  hook = join(dir, 'no-ink.mjs');
  writeFileSync(join(dir, 'no-ink-loader.mjs'), `export async function resolve(spec, ctx, next) {\n  if (/^(ink|react)(\\/|$)/.test(spec)) throw new Error('NO-INK: ' + spec + ' loaded on the headless path');\n  return next(spec, ctx);\n}\n`);
  writeFileSync(hook, `import { register } from 'node:module';\nregister(new URL('./no-ink-loader.mjs', import.meta.url));\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary with piped stdio (no TTY); `onStderr` may act on progress (e.g. send SIGINT). */
function demo(args: string[], onStderr?: (all: string, kill: (sig: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, DCOS_URL: '', DCOS_DIR: dir, XDG_STATE_HOME: dir };
    const p = spawn(process.execPath, ['--import', hook, bin, 'demo', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), 35_000);
    p.stdout.on('data', (d: Buffer) => (stdout += d));
    p.stderr.on('data', (d: Buffer) => {
      stderr += d;
      onStderr?.(stderr, (sig) => p.kill(sig));
    });
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const roundsIn = (out: string) => [...out.matchAll(/^round (\d+): cassandra-sa was denied/gm)].map((m) => Number(m[1]));
// The per-pair result lines of the rounds (the summary's lines name the uid first).
const grantedIn = (out: string) => [...out.matchAll(/^ {2}granted +(dcos:\S+) (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
const pairs = (ps: Array<{ rid: string; action: string }>) => ps.map((p) => `${p.rid} ${p.action}`).sort();
const SECRET = 'dcos:secrets:default:/cassandra/keystore read';
const state = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as { aces: Array<{ rid: string; action: string }>; service: { stage: number; done: boolean } };

describe.concurrent('demo without a terminal', () => {
  it('--auto --yes: every stage granted round by round, the summary, exit 0', async () => {
    const sf = join(dir, 'yes.json');
    const r = await demo(['--auto', '--yes', '--retry-ms', '100', '--state-file', sf]);
    expect(r.stderr).not.toMatch(/NO-INK/);
    expect(r.code, r.stderr).toBe(0);
    expect(roundsIn(r.stdout)).toEqual([1, 2, 3, 4]);
    expect(grantedIn(r.stdout)).toEqual(pairs(neededPairs()));
    // Each round lists its findings with count, risk and the catalog's explanation.
    expect(r.stdout).toMatch(/^ {2}dcos:mesos:master:framework:role:cassandra-role create {2}\d+x {2}normal {2}\S.*$/m);
    expect(r.stdout).toMatch(/^ {2}dcos:secrets:default:\/cassandra\/keystore read {2}\d+x {2}sensitive {2}/m);
    const id = /^audit2grant session (\S+) for cassandra-sa: .*, 5 round\(s\)$/m.exec(r.stdout)?.[1];
    expect(id).toBeTruthy();
    expect(r.stdout).toContain(`to revoke them: audit2grant undo --session ${id}\n`);
    expect(r.stdout).toContain('granted and in place: 7 pair(s)');
    expect(r.stdout).toContain('The demo service reached its last stage with exactly the rights above.');
    expect(r.stderr).toMatch(/^demo: done in [\d.]+ s, 4 rounds granted$/m);
    // The sandbox's ACLs: exactly the least-privilege set, and the service ran.
    const s = state(sf);
    expect(pairs(s.aces)).toEqual(pairs(neededPairs()));
    expect(s.service.done).toBe(true);
  }, 40_000);

  it('plain `demo` (no --yes): normal stages granted, blocked at the SENSITIVE secret, summary, exit 1', async () => {
    const sf = join(dir, 'no-yes.json');
    const r = await demo(['--retry-ms', '100', '--state-file', sf]);
    expect(r.stderr).not.toMatch(/NO-INK/);
    expect(r.code, r.stderr).toBe(1);
    expect(roundsIn(r.stdout)).toEqual([1, 2, 3]);
    const normal = neededPairs().filter((p) => `${p.rid} ${p.action}` !== SECRET && !p.rid.startsWith('dcos:adminrouter:'));
    expect(grantedIn(r.stdout)).toEqual(pairs(normal));
    expect(r.stdout).toMatch(/^ {4}skipped: SENSITIVE: granted unattended only with --yes$/m);
    expect(r.stdout).toMatch(/^round 4: cassandra-sa is denied only what is not granted unattended$/m);
    expect(r.stdout).toMatch(/^audit2grant session \S+ for cassandra-sa: /m);
    expect(r.stdout).toContain('The demo service stopped at stage 3/4');
    expect(r.stderr).toMatch(/^audit2grant: the demo service stays blocked at stage 3\/4 .*dcos:secrets:default:\/cassandra\/keystore read \(sensitive\)/m);
    expect(r.stderr).toMatch(/hint: run `audit2grant demo --auto --yes`/);
    const s = state(sf);
    expect(pairs(s.aces)).toEqual(pairs(normal));
    expect(s.service.stage).toBe(2);
  }, 40_000);

  it('Ctrl-C: stops, prints the partial summary, exit 1', async () => {
    let sent = false;
    const r = await demo(['--retry-ms', '5000'], (err, kill) => {
      if (!sent && /stage 1\/4: trying to/.test(err)) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^audit2grant session \S+ for cassandra-sa: .*1 round\(s\)$/m);
    expect(r.stdout).toContain('The demo service stopped at stage 1/4');
    expect(r.stderr).toMatch(/^audit2grant: interrupted at stage 1\/4 .*: the summary above is partial$/m);
  }, 40_000);
});
