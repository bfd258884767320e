// What a scan of a small file loads of Node's own modules. Start-up has a target (a scan of a 4 KB
// file within 2x `node -e 0`, docs/benchmarks.md), and modules that only some inputs need stay
// unloaded: node:net (FIFOs, dcos:// addresses) and perf_hooks (~2 ms together, tenth pass).
// Output goes to files: a pipe on stdout would load node:net itself. Needs `npm run build` first.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
const sample = fileURLToPath(new URL('../../fixtures/sample/master-1.log', import.meta.url));
let dir = '';
let hook = '';
let list = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-startup-'));
  list = join(dir, 'modules.txt');
  hook = join(dir, 'list-modules.mjs');
  writeFileSync(hook, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** process.moduleLoadList at exit. */
  modules: string[];
}

/** `audit2grant scan ARGS`, its output to files (no pipes), and the Node modules it loaded. */
function scan(args: string[]): Run {
  rmSync(list, { force: true }); // a run that never reached its exit leaves no list to misread
  const out = openSync(join(dir, 'out.txt'), 'w');
  const err = openSync(join(dir, 'err.txt'), 'w');
  let status: number | null;
  try {
    const env = { ...process.env, DCOS_URL: '', DCOS_DIR: dir };
    status = spawnSync(process.execPath, ['--import', hook, bin, 'scan', ...args], { stdio: ['ignore', out, err], env, timeout: 30_000 }).status;
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const text = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return { status, stdout: text('out.txt'), stderr: text('err.txt'), modules: readFileSync(list, 'utf8').split('\n') };
}

it('a scan of a file loads neither node:net nor perf_hooks', () => {
  const r = scan([sample, '--format', 'json']);
  expect(r.status, r.stderr).toBe(0);
  expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  expect(r.modules).toContain('NativeModule fs/promises'); // the list is the run's
  expect(r.modules.filter((m) => /^NativeModule (net|perf_hooks)$/.test(m))).toEqual([]);
});

it('a dcos:// address is still told apart, node:net loaded for it', () => {
  // Only isIP says this is an IPv6 address written without brackets.
  const r = scan(['dcos://fe80::1', '--format', 'json']);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('dcos://fe80::1: write an IPv6 address in brackets, e.g. dcos://[fe80::1]');
  expect(r.modules).toContain('NativeModule net');
});
