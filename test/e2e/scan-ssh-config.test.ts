// `audit2grant scan ssh://HOST` as a process with HOME pointing at a temp dir whose ~/.ssh/config
// gives HOST a ProxyCommand: one line on stderr naming the host and the file, exit 1, no
// connection (the HostName is a loopback listener counting them). Needs `npm run build`.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scratch } from '../helpers/tmp.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
const { tmp } = scratch('a2g-e2e-sshcfg-');
const servers: Array<() => void> = [];
afterEach(() => servers.splice(0).forEach((close) => close()));

describe('audit2grant scan ssh://HOST with a ProxyCommand for HOST in ~/.ssh/config', () => {
  it('refuses the host in one line naming it and the file, exit 1, without connecting', async () => {
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(() => server.close());
    const port = (server.address() as { port: number }).port;
    const home = tmp();
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    const file = join(home, '.ssh', 'config');
    writeFileSync(file, `Host node1\n  HostName 127.0.0.1\n  Port ${port}\n  ProxyCommand ssh -W %h:%p gateway\n`);
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NO_COLOR: '1' };
    delete env.SSH_AUTH_SOCK;
    const child = spawn(process.execPath, [bin, 'scan', 'ssh://node1', '--format', 'json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, stderr).toBe(1);
    expect(stderr).toBe(
      `audit2grant: ssh://node1: ${file} sets ProxyCommand for host node1, which audit2grant does not run: refusing to connect without it (that could reach another machine); use -J/--jump [user@]host[:port], or ProxyJump in ${file}, to go through a jump host\n`,
    );
    expect(JSON.parse(stdout).errors).toEqual([{ source: 'ssh://node1', message: expect.stringContaining('sets ProxyCommand for host node1') }]);
    expect(connections).toBe(0);
  });
});
