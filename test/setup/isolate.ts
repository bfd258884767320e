// Runs before every test file (vitest.config.ts `setupFiles`). Two guards:
// - Home: HOME, the XDG base directories, XDG_RUNTIME_DIR (when set) and DCOS_DIR point at a fresh
//   temp dir, and every other DCOS_* variable is removed, so no test reads (or writes) the
//   developer's real cluster config, ledger or SSH files; SSH_AUTH_SOCK is removed too (the developer's
//   ssh-agent is not the tests'). A test that sets HOME or its own agent itself still can.
// - Network: a connection from this process to anything but loopback (127.0.0.0/8, ::1, localhost)
//   or a unix socket throws at once and fails the test. Child processes a test spawns (the CLI,
//   sshd, tmux) are not covered: they get the temp HOME through the environment, but their sockets
//   are their own.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'a2g-home-'));
const savedEnv = { ...process.env };
for (const k of Object.keys(process.env)) if (k.startsWith('DCOS_')) delete process.env[k];
delete process.env.SSH_AUTH_SOCK;
Object.assign(process.env, {
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  XDG_DATA_HOME: join(home, '.local', 'share'),
  XDG_STATE_HOME: join(home, '.local', 'state'),
  XDG_CACHE_HOME: join(home, '.cache'),
  DCOS_DIR: join(home, '.dcos'),
});
if (process.env.XDG_RUNTIME_DIR) {
  const runtime = join(home, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = runtime;
}

afterAll(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  rmSync(home, { recursive: true, force: true });
});

/** Where a test's blocked connections are kept (a global: the guard test reads and clears it). */
export const BLOCKED = Symbol.for('audit2grant.test.blockedConnections');
type Registry = { [BLOCKED]?: string[] };
const blocked = ((globalThis as Registry)[BLOCKED] ??= []);

/** Whether `host` (a name or an address, maybe in brackets) is this machine's loopback. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

interface Target {
  host?: unknown;
  port?: unknown;
  path?: unknown;
}

/** The destination of a `Socket#connect` call, whatever form its arguments take. */
function targetOf(args: unknown[]): Target {
  // net.connect() passes its normalized [options, callback] pair as one array argument.
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first !== null && typeof first === 'object') return first as Target;
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first }; // connect(path)
  return { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
}

const connect = net.Socket.prototype.connect;
// One choke point: net.connect, tls.connect, http(s) agents, fetch and ssh2 all end in Socket#connect.
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const t = targetOf(args);
  if (typeof t.path !== 'string') {
    const host = typeof t.host === 'string' && t.host !== '' ? t.host : 'localhost';
    if (!isLoopback(host)) {
      const what = `${host}:${String(t.port)}`;
      blocked.push(what);
      throw new Error(`test network guard: refused a connection to ${what}; tests may reach loopback (127.0.0.0/8, ::1) only`);
    }
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof connect;

// A test that caught the guard's error (a retry loop, a "cannot reach" message) still fails; a
// connection tried in a before/after hook, or by a timer after the file's last test, fails the file.
const reportBlocked = (where: string): void => {
  const seen = blocked.splice(0);
  if (seen.length) throw new Error(`test network guard: ${where} tried to reach ${seen.join(', ')} (only loopback is allowed)`);
};
afterEach(() => reportBlocked('this test'));
afterAll(() => reportBlocked('this file (a hook or a late timer)'));
