// Shared test helpers: a sandbox IAM per suite, temp state/config dirs, an RSA service account.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam } from '../../src/iam/client.js';
import type { GrantPair } from '../../src/core/types.js';

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

/** `onChild`: the process, for a test that signals it on an event (a request it made). */
export function run(args: string[], env: NodeJS.ProcessEnv, stdin = '', onChild?: (p: ChildProcess) => void): Promise<Run> {
  return started(process.execPath, [bin, ...args], env, stdin, onChild);
}

/** The same, with the launcher started as a command (its `#!/bin/sh`, as npm links it) and this Node first on PATH. */
export function runCommand(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Run> {
  return started(bin, args, { ...env, PATH: `${dirname(process.execPath)}:${env.PATH ?? ''}` }, stdin);
}

function started(cmd: string, args: string[], env: NodeJS.ProcessEnv, stdin: string, onChild?: (p: ChildProcess) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    onChild?.(p);
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


/** One sandbox IAM for a suite (logged in as its superuser) and a fresh temp dir and clean env per test. */
export interface SandboxSuite {
  readonly iam: SandboxIam;
  /** The superuser's token. */
  readonly token: string;
  /** This test's temp dir (its HOME, state and DCOS_DIR live below it). */
  readonly dir: string;
  /** An environment with nothing of the real user's (cleanEnv of `dir`). */
  readonly env: NodeJS.ProcessEnv;
  /** The cluster flags of a CLI run against the sandbox over HTTPS. */
  flags(): string[];
  /** What `uid` holds directly, as sorted `rid action` lines. */
  aces(uid: string): string[];
  /**
   * Grants `pairs` through the IAM API, with a ledger of its own (not the runs' under test): each
   * granted, or already held (the sandbox lives for the suite). Returns the outcomes.
   */
  hold(pairs: GrantPair[]): Promise<string[]>;
}

/** Registers the suite's hooks: the sandbox starts once (`setup` adds its accounts), each test gets its own dir. */
export function sandboxSuite(prefix: string, setup: (iam: SandboxIam) => void): SandboxSuite {
  let iam: SandboxIam | undefined;
  let token = '';
  let t: ReturnType<typeof tempDir> | undefined;
  // Concurrent tests each run beforeEach before any afterEach, so `t` alone would lose all but the last.
  const made: ReturnType<typeof tempDir>[] = [];
  let env: NodeJS.ProcessEnv = {};
  const need = <T,>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`sandboxSuite: ${what} is read outside a test`);
    return v;
  };
  beforeAll(async () => {
    iam = await startSandboxIam();
    setup(iam);
    token = await loginToken(iam);
  });
  afterAll(async () => {
    await iam?.close();
    for (const d of made.splice(0)) d.cleanup();
  });
  beforeEach(() => {
    t = tempDir(prefix);
    made.push(t);
    env = cleanEnv(t.dir);
  });
  afterEach(() => t?.cleanup());
  return {
    get iam() {
      return need(iam, 'the sandbox');
    },
    get token() {
      return token;
    },
    get dir() {
      return need(t, 'the temp dir').dir;
    },
    get env() {
      return env;
    },
    flags() {
      const s = need(iam, 'the sandbox');
      return ['--cluster-url', s.httpsUrl, '--ca-cert', s.caPath, '--token', token];
    },
    aces(uid) {
      return need(iam, 'the sandbox').aces().filter((a) => a.uid === uid).map((a) => `${a.rid} ${a.action}`).sort();
    },
    async hold(pairs) {
      const s = need(iam, 'the sandbox');
      const c = await connectIam({ flags: { clusterUrl: s.httpsUrl, caCert: s.caPath, token }, env, ledgerPath: join(need(t, 'the temp dir').dir, 'setup-ledger.jsonl') });
      try {
        const outcomes = (await c.grant(pairs, { yes: true })).results.map((r) => r.outcome);
        for (const o of outcomes) expect(['granted', 'already held']).toContain(o);
        return outcomes;
      } finally {
        c.close();
      }
    },
  };
}
