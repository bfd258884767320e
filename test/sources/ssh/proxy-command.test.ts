// ProxyCommand in a real ~/.ssh/config under a temp HOME: until audit2grant runs it, the host is
// refused in one line and never connected to (a plain loopback listener counts the attempts);
// `--jump` replaces it as `ssh -J` does. A config that exists but cannot be read is not ignored.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLine } from './fake-node.js';
import { collect, isolated, useFakeNodes } from './helpers.js';

const fixture = useFakeNodes();
const { trust, node } = fixture;

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

describe('ProxyCommand in ~/.ssh/config', () => {
  it('refuses the host in one line naming it and the config file, and never connects', async () => {
    const direct = await listener();
    const file = config(`Host node1\n  HostName 127.0.0.1\n  Port ${direct.port}\n  ProxyCommand nc %h %p\n`);
    const c = await collect(['ssh://node1', `ssh://127.0.0.1:${direct.port}`], withConfig());
    expect(c.errors[0]).toEqual({
      source: 'ssh://node1',
      message: `${file} sets ProxyCommand for host node1, which audit2grant does not run: refusing to connect without it (that could reach another machine); use -J/--jump [user@]host[:port], or ProxyJump in ${file}, to go through a jump host`,
    });
    expect(c.streams.map((s) => s.label)).not.toContain('ssh://node1');
    // the other host (no ProxyCommand for it) was tried: the listener counts only that one
    expect(direct.connections()).toBe(1);
  });

  it('refuses a host whose first jump host has a ProxyCommand', async () => {
    const direct = await listener();
    config(`Host node1\n  HostName 127.0.0.1\n  Port ${direct.port}\n  ProxyJump bastion\nHost bastion\n  HostName 127.0.0.1\n  Port ${direct.port}\n  ProxyCommand nc %h %p\n`);
    const c = await collect(['ssh://node1'], withConfig());
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(/sets ProxyCommand for jump host bastion, which audit2grant does not run/)]);
    expect(direct.connections()).toBe(0);
  });

  it('--jump replaces the ProxyCommand, as ssh -J does: the host is read through the jump host', async () => {
    const jump = await node();
    const target = await node({ lines: [jsonLine(1, 'type=audit object=dcos:x result=deny uid=svc', 't')] });
    trust(jump.port);
    trust(target.port);
    config(`Host node1\n  HostName 127.0.0.1\n  Port ${target.port}\n  ProxyCommand nc %h %p\n`);
    const c = await collect(['ssh://node1'], { ...withConfig(), jump: `127.0.0.1:${jump.port}` });
    expect(c.errors).toEqual([]);
    expect(c.streams).toHaveLength(1);
    expect(jump.tunnels()).toBe(1);
  });

  it('a config that exists but cannot be read refuses the hosts instead of being ignored', async () => {
    const direct = await listener();
    mkdirSync(join(fixture.home.dir, '.ssh', 'config')); // a directory: EISDIR, even for root
    const c = await collect([`ssh://127.0.0.1:${direct.port}`], withConfig());
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^cannot read .*\.ssh\/config: EISDIR.*\(fix it, or move it away to connect without it\)$/)]);
    expect(direct.connections()).toBe(0);
  });
});
