import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { sshOptionsOf, withSshOptions } from '../../../src/commands/options/ssh.js';
import { UsageError } from '../../../src/errors.js';

async function parse(argv: string[]) {
  return withSshOptions(yargs(argv).exitProcess(false).strict()).parseAsync();
}
const times = { since: Date.UTC(2019, 2, 1), until: null, follow: false };

describe('ssh flags', () => {
  it('parses every flag into SshOptions', async () => {
    const a = await parse(['-i', 'k1', '--identity', 'k2', '--jump', 'centos@m1:2222', '--known-hosts', 'kh', '--accept-new-host-key', '--sudo', '--concurrency', '3', '--units', 'dcos-a*,dcos-b*', '--units', 'dcos-c']);
    expect(sshOptionsOf(a, times)).toEqual({
      identity: ['k1', 'k2'], jump: 'centos@m1:2222', knownHosts: 'kh', acceptNewHostKey: true, sudo: true, concurrency: 3,
      units: ['dcos-a*', 'dcos-b*', 'dcos-c'], since: '2019-03-01T00:00:00.000Z', until: null, follow: false,
    });
  });
  it('defaults', async () => {
    const o = sshOptionsOf(await parse([]), { since: null, until: null, follow: true });
    expect(o).toMatchObject({ identity: [], jump: null, concurrency: 8, units: ['dcos-*'], sudo: false, follow: true, since: null });
  });
  it.each([['--concurrency', '0'], ['--concurrency', '2.5'], ['--units', "x';id"]])('refuses %s %s as a usage error', async (...args) => {
    const a = await parse(args.filter((x): x is string => typeof x === 'string'));
    expect(() => sshOptionsOf(a, times)).toThrow(UsageError);
  });
});
