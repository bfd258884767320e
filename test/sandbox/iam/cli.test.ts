// `audit2grant sandbox` as a process (the built CLI: `npm run build` first, as `npm test` does).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { API, call, loginPassword } from './client.js';
import { defined } from '../../helpers/nth.js';

const bin = fileURLToPath(new URL('../../../bin/audit2grant.js', import.meta.url));

function run(args: string[], onStdout?: (all: string, kill: () => void) => void) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(stdout, () => child.kill('SIGINT'));
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('audit2grant sandbox (process)', () => {
  test('serves until SIGINT, then exits 0 and removes its CA file', async () => {
    let checked: Promise<void> | null = null;
    let caPath = '';
    const r = await run(['sandbox', '--token-ttl', '600'], (out, kill) => {
      if (checked || !out.includes('Ctrl-C')) return;
      checked = (async () => {
        const url = defined(/HTTP\s+(http:\S+)/.exec(out)?.[1], 'the HTTP url');
        caPath = defined(/CA\s+(\S+)/.exec(out)?.[1], 'the CA path');
        const uid = defined(/superuser\s+uid (\S+)/.exec(out)?.[1], 'the superuser uid');
        const password = defined(/password (\S+)/.exec(out)?.[1], 'the password');
        const token = await loginPassword(url, uid, password);
        expect((await call(url, 'GET', `${API}/users/${uid}/permissions`, { token })).status).toBe(200);
      })().finally(kill);
    });
    await checked;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('stopping');
    expect(caPath).not.toBe('');
    expect(existsSync(caPath)).toBe(false);
  });

  test.each([
    [['sandbox', '--service-account', 'x'], /--public-key/],
    [['sandbox', '--port', '70000'], /port number/],
    [['sandbox', '--token-ttl', '-1'], /positive/],
  ])('usage error %j: exit 2, one line', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
