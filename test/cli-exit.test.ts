// yargs never ends the process itself: --help, --version and usage errors come back from main()
// as an exit code (bin/audit2grant.js sets process.exitCode), so cleanups run and output is flushed
// like on any other path. Run in-process with process.exit replaced by a throw.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { main } from '../src/cli.js';

let exit: MockInstance<typeof process.exit>;
let out: string[];
let err: string[];

beforeEach(() => {
  out = [];
  err = [];
  exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`process.exit(${String(code)}) called`);
  });
  // yargs prints help and the version with console.log; our own output goes to the streams.
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(`${a.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(`${a.join(' ')}\n`));
  // As a stream does, the write's callback is called (the commands wait for their output to settle).
  const into = (sink: string[]) => (chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
    sink.push(String(chunk));
    const done = typeof enc === 'function' ? enc : cb;
    if (typeof done === 'function') queueMicrotask(() => done());
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(into(out) as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(into(err) as typeof process.stderr.write);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('main() returns the exit code; yargs does not call process.exit', () => {
  it('--help: the help on stdout, exit 0', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(exit).not.toHaveBeenCalled();
    expect(out.join('')).toContain('audit2grant scan');
    expect(err.join('')).toBe('');
  });

  it('scan --help: the command help, and the command does not run', async () => {
    expect(await main(['scan', '--help'])).toBe(0);
    expect(exit).not.toHaveBeenCalled();
    expect(out.join('')).toMatch(/--uid/);
    expect(err.join('')).toBe('');
  });

  it('--version: the version on stdout, exit 0', async () => {
    expect(await main(['--version'])).toBe(0);
    expect(exit).not.toHaveBeenCalled();
    expect(out.join('').trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a usage error: one line on stderr, exit 2', async () => {
    expect(await main(['scan', '--bogus-flag'])).toBe(2);
    expect(exit).not.toHaveBeenCalled();
    expect(err.join('')).toMatch(/^audit2grant: unknown option --bogus-flag/);
    expect(out.join('')).toBe('');
  });

  // yargs reads `--switch=VALUE` as false for any VALUE but `true`: `grant --dry-run=1` granted.
  it.each([
    [['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'read', '--dry-run=1'], '--dry-run'],
    [['scan', 'x.log', '--fail-on-findings=yes'], '--fail-on-findings'],
    [['scan', 'x.log', '--failOnFindings=on'], '--failOnFindings'],
    [['revoke', '--uid', 'svc', 'dcos:mesos:master:log', 'read', '--no-dry-run=0'], '--no-dry-run'],
    [['undo', '--yes=1'], '--yes'],
  ])('a switch given a value other than true/false is a usage error: %j', async (args, flag) => {
    expect(await main(args)).toBe(2);
    expect(err.join('')).toMatch(new RegExp(`^audit2grant: ${flag} is a switch: it takes no value`));
    expect(out.join('')).toBe('');
  });

  it('--switch=false is still off, and a value after `--` is an operand', async () => {
    expect(await main(['scan', '--help=false', '--version=false', 'missing-file.log', '--fail-on-findings=false', '--', '--yes=1'])).toBe(1);
    expect(err.join('')).not.toMatch(/is a switch/);
  });
});
