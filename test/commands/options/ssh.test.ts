import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { sshOptionsOf, withSshOptions } from '../../../src/commands/options/ssh.js';
import { splitAttachedShortFlags } from '../../../src/commands/options/ssh-argv.js';
import { UsageError } from '../../../src/errors.js';

async function parse(argv: string[]) {
  return withSshOptions(yargs(argv).exitProcess(false).strict()).parseAsync();
}
const times = { since: Date.UTC(2019, 2, 1), until: null, follow: false };

describe('ssh flags', () => {
  it('parses every flag into SshOptions', async () => {
    const a = await parse(['-i', 'k1', '--identity', 'k2', '--jump', 'centos@m1:2222', '--known-hosts', 'kh', '--accept-new-host-key', '--sudo', '--concurrency', '3', '--units', 'dcos-a*,dcos-b*', '--units', 'dcos-c']);
    expect(sshOptionsOf(a, times)).toEqual({
      identity: ['k1', 'k2'], jump: 'centos@m1:2222', knownHosts: ['kh'], acceptNewHostKey: true, sudo: true, concurrency: 3, port: null,
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
  it.each(['abc', '', '8x', '300'])('--concurrency %j: the error says what was given', async (v) => {
    const a = await parse(['--concurrency', v]);
    expect(() => sshOptionsOf(a, times)).toThrow(`--concurrency: ${JSON.stringify(v)} is not a whole number from 1 to 256`);
  });
  it('-i KEY before a source leaves the source a source (nargs 1), as with ssh', async () => {
    const a = await withSshOptions(yargs(['-i', 'k', 'ssh://h', '--units', 'dcos-a', 'ssh://g']).exitProcess(false).strict().command('$0 [sources..]', 'x')).parseAsync();
    expect([a.identity, a.units, (a as { sources?: string[] }).sources]).toEqual([['k'], ['dcos-a'], ['ssh://h', 'ssh://g']]);
  });
});

describe('OpenSSH spellings: -p, -J, -o, -F', () => {
  const opts = async (argv: string[]) => sshOptionsOf(await parse(splitAttachedShortFlags(argv)), times);

  it('-p, -J, -F, and -o for every key audit2grant reads', async () => {
    const o = await opts([
      '-p', '2222', '-J', 'centos@m1', '-F', 'cfg',
      '-o', 'User=core', '-o', 'HostName=10.0.0.1', '-o', 'HostKeyAlias=prod', '-o', 'IdentityFile=~/.ssh/k2', '-o', 'IdentitiesOnly=yes',
      '-o', 'UserKnownHostsFile=/kh1 /kh2', '-o', 'GlobalKnownHostsFile=none', '-o', 'StrictHostKeyChecking=accept-new', '-o', 'HashKnownHosts=yes',
      '-o', 'ConnectTimeout=1m', '-o', 'BatchMode=yes', '-o', 'ServerAliveInterval=10', '-o', 'ServerAliveCountMax=2', '-i', 'k1',
    ]);
    expect(o).toMatchObject({
      port: 2222, jump: 'centos@m1', sshConfigFile: 'cfg', user: 'core', hostName: '10.0.0.1', hostKeyAlias: 'prod', identity: ['k1', '~/.ssh/k2'],
      identitiesOnly: true, knownHosts: ['/kh1', '/kh2'], globalKnownHosts: [], acceptNewHostKey: true, hashKnownHosts: true,
      connectTimeoutMs: 60_000, askPassphrase: null, keepaliveIntervalMs: 10_000, keepaliveCountMax: 2,
    });
  });
  it('values attached as OpenSSH allows: -oKey=Value, -p2222, -Jhost, -Ffile, -ikey; "Key Value" too; keys in any case; first value wins', async () => {
    const o = await opts(['-oStrictHostKeyChecking=accept-new', '-p2222', '-Jbastion', '-Fnone', '-ik', '-o', 'port 2222', '-o', 'User a', '-o', 'USER=b']);
    expect(o).toMatchObject({ acceptNewHostKey: true, port: 2222, jump: 'bastion', sshConfigFile: null, identity: ['k'], user: 'a' });
  });
  it('-o ProxyJump is -J; -o ProxyCommand keeps the command as written', async () => {
    expect(await opts(['-o', 'ProxyJump=a@b:2,c'])).toMatchObject({ jump: 'a@b:2,c' });
    expect(await opts(['-o', 'ProxyCommand=ssh -W %h:%p bastion'])).toMatchObject({ proxyCommand: 'ssh -W %h:%p bastion', jump: null });
    expect(await opts(['-o', 'StrictHostKeyChecking=yes'])).toMatchObject({ acceptNewHostKey: false });
  });
  it.each([
    [['-o', 'LogLevel=ERROR'], /^-o LogLevel=ERROR: audit2grant does not read the SSH option "loglevel"/],
    [['-o', 'StrictHostKeyChecking=no'], /never turns host key checking off/],
    [['-o', 'Port=x'], /-o Port=x: expected a whole number from 1 to 65535/],
    [['-o', 'IdentitiesOnly=maybe'], /expected yes or no/],
    [['-o', 'ConnectTimeout=soon'], /cannot read "soon" as a time/],
    [['-o', 'User'], /no argument after keyword/],
    [['-p', '0'], /-p: "0" is not a port/],
    [['-p', '22', '-o', 'Port=23'], /-p and -o Port disagree/],
    [['-J', 'a', '-o', 'ProxyJump=b'], /-J\/--jump and -o ProxyJump disagree/],
    [['-J', 'a', '-o', 'ProxyCommand=nc %h %p'], /cannot be used together/],
    [['--known-hosts', 'a', '-o', 'UserKnownHostsFile=b'], /disagree/],
    [['--accept-new-host-key', '-o', 'StrictHostKeyChecking=yes'], /disagree/],
  ])('refuses %j as a usage error', async (argv, msg) => {
    await expect(opts(argv)).rejects.toThrow(UsageError);
    await expect(opts(argv)).rejects.toThrow(msg);
  });
  it('splitting attached values stops at --, and leaves long flags and other short flags alone', () => {
    expect(splitAttachedShortFlags(['-oPort=1', '--units', 'x', '-y', '-h', '--', '-pfoo'])).toEqual(['-o', 'Port=1', '--units', 'x', '-y', '-h', '--', '-pfoo']);
  });
});
