// Shared test helpers: a sandbox IAM per suite, temp state/config dirs, an RSA service account.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));

export function tempDir(prefix = 'a2g-iam-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function rsaPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

export function writeFile(dir: string, name: string, text: string, mode = 0o600): string {
  const p = join(dir, name);
  writeFileSync(p, text, { mode });
  return p;
}

/** An environment with nothing from the real user: no DCOS_*, temp HOME/XDG/DCOS_DIR. */
export function cleanEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DCOS_') && !k.startsWith('XDG_')) env[k] = v;
  return { ...env, HOME: join(dir, 'home'), XDG_STATE_HOME: join(dir, 'state'), DCOS_DIR: join(dir, 'dcos'), ...extra };
}

/** Runs the built CLI (e2e tests: needs `npm run build`). */
export interface Run { code: number | null; stdout: string; stderr: string }

export function run(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    p.stdin.end(stdin);
  });
}

export async function loginToken(iam: SandboxIam): Promise<string> {
  const res = await fetch(`${iam.httpUrl}/acs/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(iam.superuser) });
  return ((await res.json()) as { token: string }).token;
}

