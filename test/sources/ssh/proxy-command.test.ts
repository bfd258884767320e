// ProxyCommand in a real ~/.ssh/config under a temp HOME runs as OpenSSH runs it: `exec COMMAND`
// through the shell, %-tokens expanded, its stdio the transport (here a small TCP relay, like
// `nc %h %p`), the host key still checked against the target's name; it is killed when the
// session ends, and its last stderr line explains a failure. (The `ssh -W %h:%p bastion` form
// with the real OpenSSH client and two real sshd is in test/integration/ssh-openssh-habits.test.ts.)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/wait.js';
import { jsonLine } from './fake-node.js';
import { collect, isolated, useFakeNodes } from './helpers.js';
import { openSshSources } from '../../../src/sources/ssh/index.js';
import { nth } from '../../helpers/nth.js';

const fixture = useFakeNodes();
const { trust, node } = fixture;
const RELAY = join(import.meta.dirname, 'relay.mjs');
const relay = (pidFile: string, mode = '') => `'${process.execPath}' '${RELAY}' %h %p '${pidFile}' ${mode}`;

/** A loopback TCP listener that only counts connections: where a direct connection would land. */
async function listener(): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const server: Server = createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fixture.onStop(() => new Promise<void>((r) => server.close(() => r())));
  return { port: (server.address() as { port: number }).port, connections: () => n };
}

/** ~/.ssh/config of the temp HOME (the default location: sshConfigFile left unset). */
function config(text: string): string {
  const file = join(fixture.home.dir, '.ssh', 'config');
  writeFileSync(file, text);
  return file;
}
const withConfig = () => isolated(fixture.home, { sshConfigFile: undefined });
const pidFile = () => join(fixture.home.dir, 'relay.pid');
const gone = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

describe('ProxyCommand in ~/.ssh/config', () => {
  it('runs it with %h and %p expanded, reads the node through it, and checks the key of the target', async () => {
    const n = await node({ lines: [jsonLine(1, 'type=audit object=dcos:x result=deny uid=svc', 't')] });
    trust(n.port);
    // sticky: it would never end by itself, so only our kill can end it.
    config(`Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n  ProxyCommand ${relay(pidFile(), 'sticky')}\n`);
    const c = await collect(['ssh://node1'], withConfig());
    expect(c.errors).toEqual([]);
    expect(c.streams.map((s) => s.text)).toEqual([expect.stringContaining('result=deny uid=svc')]);
    const [pid, host, port] = readFileSync(pidFile(), 'utf8').trim().split(' ');
    expect([host, port]).toEqual(['127.0.0.1', String(n.port)]);
    // The session is over: the proxy was ended with it.
    await waitFor(() => gone(Number(pid)), { what: 'the ProxyCommand to end', timeoutMs: 5000 });
  });

  it('the host key is still checked against the target name: an unknown target is refused', async () => {
    const n = await node();
    config(`Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n  ProxyCommand ${relay(pidFile())}\n`);
    const c = await collect(['ssh://node1'], withConfig());
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`^host key of \\[127\\.0\\.0\\.1\\]:${n.port} is not in .*known_hosts`))]);
    expect(n.commands).toEqual([]);
  });

  it('a failing ProxyCommand is reported with its exit status and last stderr line, never with the command', async () => {
    const file = config(`Host node1\n  HostName 127.0.0.1\n  Port 1\n  ProxyCommand ${relay(pidFile())} secret-token\n`);
    const c = await collect(['ssh://node1'], withConfig());
    expect(c.errors[0]).toEqual({ source: 'ssh://node1', message: `ProxyCommand (${file} line 4) exited with status 3: relay: cannot connect to 127.0.0.1:1: ECONNREFUSED` });
    expect(nth(c.errors, 0).message).not.toContain('secret-token');
  });

  it('a handshake that times out over a ProxyCommand still running says what the command last said', async () => {
    config(`Host node1\n  ProxyCommand sh -c 'echo "waiting for approval" >&2; exec sleep 30'\n`);
    const c = await collect(['ssh://node1'], { ...withConfig(), connectTimeoutMs: 500 });
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^timed out after \d+ s waiting for the SSH handshake with tester@node1:22 \(through its ProxyCommand, still running, which last said: waiting for approval\)$/)]);
  });

  it('a ProxyCommand that cannot start says so', async () => {
    const file = config(`Host node1\n  ProxyCommand /nonexistent/proxy %h %p\n`);
    const c = await collect(['ssh://node1'], withConfig());
    const esc = file.replace(/[.]/g, '\\.');
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`^ProxyCommand \\(${esc} line 2\\) exited with status 127: .*/nonexistent/proxy`))]);
  });

  it('runs the first jump host\'s ProxyCommand, then goes through that jump host', async () => {
    const jump = await node();
    const target = await node({ lines: [jsonLine(1, 'type=audit object=dcos:x result=deny uid=svc', 't')] });
    trust(jump.port);
    trust(target.port);
    config(`Host node1\n  HostName 127.0.0.1\n  Port ${target.port}\n  ProxyJump bastion\nHost bastion\n  HostName 127.0.0.1\n  Port ${jump.port}\n  ProxyCommand ${relay(pidFile())}\n`);
    const c = await collect(['ssh://node1'], withConfig());
    expect(c.errors).toEqual([]);
    expect(c.streams).toHaveLength(1);
    expect(jump.tunnels()).toBe(1);
    expect(readFileSync(pidFile(), 'utf8')).toContain(` 127.0.0.1 ${jump.port}`);
  });

  it('--jump replaces the ProxyCommand, as ssh -J does: the command is not run', async () => {
    const jump = await node();
    const target = await node({ lines: [jsonLine(1, 'type=audit object=dcos:x result=deny uid=svc', 't')] });
    trust(jump.port);
    trust(target.port);
    config(`Host node1\n  HostName 127.0.0.1\n  Port ${target.port}\n  ProxyCommand ${relay(pidFile())}\n`);
    const c = await collect(['ssh://node1'], { ...withConfig(), jump: `127.0.0.1:${jump.port}` });
    expect(c.errors).toEqual([]);
    expect(c.streams).toHaveLength(1);
    expect(jump.tunnels()).toBe(1);
    expect(existsSync(pidFile())).toBe(false);
  });

  it('an abort kills the ProxyCommand of a live session', async () => {
    const n = await node({ lines: [jsonLine(1, 'type=audit object=dcos:x result=deny uid=svc', 't')] });
    trust(n.port);
    config(`Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n  ProxyCommand ${relay(pidFile(), 'sticky')}\n`);
    const ac = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const item of openSshSources(['ssh://node1'], { signal: ac.signal, year: null, ssh: { ...withConfig(), follow: true } })) {
        if ('chunks' in item) for await (const ch of item.chunks) seen.push(ch.toString());
      }
    })();
    await waitFor(() => seen.join('').includes('uid=svc'), { what: 'the line through the proxy', timeoutMs: 10_000 });
    const pid = Number(readFileSync(pidFile(), 'utf8').split(' ')[0]);
    expect(gone(pid)).toBe(false);
    ac.abort();
    await run;
    await waitFor(() => gone(pid), { what: 'the ProxyCommand to be killed', timeoutMs: 5000 });
  });

  it('a config that exists but cannot be read refuses the hosts instead of being ignored', async () => {
    const direct = await listener();
    mkdirSync(join(fixture.home.dir, '.ssh', 'config')); // a directory: EISDIR, even for root
    const c = await collect([`ssh://127.0.0.1:${direct.port}`], withConfig());
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^cannot read .*\.ssh\/config: EISDIR.*\(fix it, or move it away to connect without it\)$/)]);
    expect(direct.connections()).toBe(0);
  });
});
