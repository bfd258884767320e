// Each command's --help names, under "Environment:", every variable the command reads, with its
// default; and no variable the program reads is left out of every help. In-process (main() with
// process.exit replaced by a throw, as in cli-exit.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';

let out: string[];
beforeEach(() => {
  out = [];
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`process.exit(${String(code)}) called`);
  });
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(`${a.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The variables under "Environment:" in a command's help, in order. */
async function envOf(args: string[]): Promise<string[]> {
  expect(await main([...args, '--help'])).toBe(0);
  const help = out.join('');
  const at = help.indexOf('\nEnvironment:\n');
  expect(at, `${args.join(' ')} --help has no Environment section`).toBeGreaterThan(-1);
  return [...help.slice(at).matchAll(/^ {2}([A-Z][A-Z0-9_]+)$/gm)].map((m) => m[1] as string);
}

const CLUSTER = ['DCOS_URL', 'DCOS_ACS_TOKEN', 'DCOS_PASSWORD', 'DCOS_TLS_CA_PATH', 'DCOS_TLS_INSECURE', 'DCOS_SSL_VERIFY', 'DCOS_DIR', 'DCOS_CLUSTER', 'DCOS_CONFIG', 'AUDIT2GRANT_IAM_DEADLINE'];
const SOURCES = ['AUDIT2GRANT_LOG_DEADLINE', 'SSH_AUTH_SOCK', 'SHELL'];

describe('--help: the environment each command reads', () => {
  it.each([
    [['grant'], [...CLUSTER, 'XDG_STATE_HOME', 'SUDO_UID']],
    [['revoke'], [...CLUSTER, 'XDG_STATE_HOME', 'SUDO_UID']],
    [['undo'], [...CLUSTER, 'XDG_STATE_HOME', 'SUDO_UID']],
    [['scan'], [...CLUSTER, ...SOURCES, 'NO_COLOR', 'TERM']],
    [['unused'], [...CLUSTER, ...SOURCES]],
    [[], [...CLUSTER, ...SOURCES, 'XDG_STATE_HOME', 'SUDO_UID', 'NO_COLOR']],
    [['history'], ['XDG_STATE_HOME']],
    [['completion'], ['SHELL']],
    [['demo'], ['NO_COLOR']],
  ])('%j', async (args, want) => {
    expect(await envOf(args)).toEqual(want);
  });

  it('the time limits with their defaults and range', async () => {
    await envOf(['grant']);
    const help = out.join('').replace(/\s+/g, ' ');
    expect(help).toContain('AUDIT2GRANT_IAM_DEADLINE seconds one request to the cluster API (IAM, login, node list) may take, retries and waits included (default 60; 1-3600)');
    out = [];
    await envOf(['scan']);
    expect(out.join('').replace(/\s+/g, ' ')).toContain('AUDIT2GRANT_LOG_DEADLINE seconds one range request of a dcos:// source (a page, a --since probe) may take (default 120; 1-3600; the --follow stream has none)');
  });
});

/** Every `env.NAME` and `process.env.NAME` the program reads (the sandbox is a program of its own). */
function variablesRead(): Set<string> {
  const src = fileURLToPath(new URL('../../src/', import.meta.url));
  const names = new Set<string>();
  for (const f of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(f) || f.startsWith('sandbox')) continue;
    const text = readFileSync(join(src, f), 'utf8');
    for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b|\b(AUDIT2GRANT_[A-Z0-9_]+)\b/g)) names.add((m[1] ?? m[2]) as string);
  }
  return names;
}

/** Read but not listed, and why. */
const UNLISTED: Record<string, string> = {
  HOME: 'the base of the defaults the help writes as ~',
  USER: 'a fallback login name when the system has none',
  NODE_ENV: 'set by the program itself for React',
  FORCE_COLOR: 'what NO_COLOR is turned into for the UI library',
  AUDIT2GRANT_EXTRA_CA_CERTS: "the launcher's own: NODE_EXTRA_CA_CERTS kept from Node's start (bin/audit2grant.js)",
};

describe('no variable the program reads is missing from every help', () => {
  it('each is listed by some command, or known not to be', async () => {
    const listed = new Set<string>();
    for (const args of [[], ['scan'], ['grant'], ['revoke'], ['undo'], ['history'], ['unused'], ['completion'], ['demo'], ['sandbox']]) {
      out = [];
      expect(await main([...args, '--help'])).toBe(0);
      for (const m of out.join('').matchAll(/^ {2}([A-Z][A-Z0-9_]+)$/gm)) listed.add(m[1] as string);
    }
    const read = variablesRead();
    expect(read).toContain('AUDIT2GRANT_IAM_DEADLINE');
    expect(read).toContain('DCOS_URL');
    for (const name of read) expect(listed.has(name) || name in UNLISTED, `${name} is read but no --help names it`).toBe(true);
  });
});
