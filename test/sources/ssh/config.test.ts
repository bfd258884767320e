import { describe, expect, it } from 'vitest';
import { parseHopSpec, parseSshConfig, parseSshUrl, resolveTarget, type ResolveEnv } from '../../../src/sources/ssh/config.js';
import { knownHostName } from '../../../src/sources/ssh/known-hosts.js';

const CONFIG = `
Host m1
  HostName 10.0.0.1
  User core
  Port 2222
  IdentityFile ~/.ssh/dcos_key
  IdentityFile %d/.ssh/other_%r
  ProxyJump centos@bastion:2200

Host bastion
  HostName 203.0.113.7
  IdentityFile ~/.ssh/bastion_key
  ProxyJump outer

Host agent-*
  User centos
  ProxyJump bastion

Host nojump
  ProxyJump none

Host *
  User fallback
`;
const env: ResolveEnv = { configs: [parseSshConfig(CONFIG)], localUser: 'me', home: '/home/me' };

describe('ssh:// and hop specs', () => {
  it.each([
    ['ssh://m1', { host: 'm1', user: null, port: null }],
    ['ssh://core@10.0.0.1:2222', { host: '10.0.0.1', user: 'core', port: 2222 }],
    ['ssh://[::1]:22', { host: '::1', user: null, port: 22 }],
    ['ssh://a%40b@h', { host: 'h', user: 'a@b', port: null }],
  ])('%s', (spec, want) => expect(parseSshUrl(spec)).toEqual(want));
  it.each(['ssh://', 'ssh://h/path', 'ssh://u:pw@h', 'http://h', 'ssh://h:99999', 'ssh://-oProxyCommand=x'])('rejects %s', (spec) => {
    expect(() => parseSshUrl(spec)).toThrow(/invalid SSH destination/);
  });
  it.each([
    ['bastion', { host: 'bastion', user: null, port: null }],
    ['centos@1.2.3.4:2200', { host: '1.2.3.4', user: 'centos', port: 2200 }],
    ['[::1]:2200', { host: '::1', user: null, port: 2200 }],
  ])('hop %s', (spec, want) => expect(parseHopSpec(spec)).toEqual(want));
  it.each(['a b', '@h', 'h:x', '-oProxyCommand=id'])('rejects hop %s', (spec) => expect(() => parseHopSpec(spec)).toThrow());
});

describe('resolveTarget', () => {
  const hops = (host: string, jump: string | null = null) => resolveTarget(parseSshUrl(`ssh://${host}`), 'x', env, jump).jumps.map((j) => `${j.user}@${j.hostname}:${j.port}`);
  it('takes HostName, User, Port, IdentityFile from the config, the jump hosts resolved too', () => {
    const t = resolveTarget(parseSshUrl('ssh://m1'), 'ssh://m1', env, null);
    expect(t).toMatchObject({ alias: 'm1', hostname: '10.0.0.1', user: 'core', port: 2222, identityFiles: ['/home/me/.ssh/dcos_key', '/home/me/.ssh/other_core'] });
    expect(t.jumps.map((j) => j.alias)).toEqual(['outer', 'bastion']);
    expect(t.jumps[1]).toMatchObject({ alias: 'bastion', hostname: '203.0.113.7', user: 'centos', port: 2200, identityFiles: ['/home/me/.ssh/bastion_key'], jumps: [] });
  });
  it('the first hop reads its own ProxyJump, as the `ssh -W` OpenSSH runs for it does; later hops are reached through the chain', () => {
    expect(hops('agent-3')).toEqual(['fallback@outer:22', 'fallback@203.0.113.7:22']);
    expect(hops('m1', 'j1,bastion')).toEqual(['fallback@j1:22', 'fallback@203.0.113.7:22']);
    expect(hops('m1', 'bastion,j2')).toEqual(['fallback@outer:22', 'fallback@203.0.113.7:22', 'fallback@j2:22']);
  });
  it('the URL beats the config', () => {
    const t = resolveTarget(parseSshUrl('ssh://root@m1:22'), 'x', env, null);
    expect(t).toMatchObject({ user: 'root', port: 22, hostname: '10.0.0.1' });
  });
  it('--jump beats ProxyJump; chains are kept in order; --jump none connects directly', () => {
    expect(hops('m1', 'a@j1,j2:2201')).toEqual(['a@j1:22', 'fallback@j2:2201']);
    expect(hops('m1', 'none')).toEqual([]);
  });
  it('wildcard hosts and ProxyJump none', () => {
    expect(resolveTarget(parseSshUrl('ssh://agent-3'), 'x', env, null)).toMatchObject({ user: 'centos', hostname: 'agent-3', port: 22 });
    expect(resolveTarget(parseSshUrl('ssh://nojump'), 'x', env, null).jumps).toEqual([]);
  });
  it('a ProxyJump loop is refused', () => {
    const loop: ResolveEnv = { configs: [parseSshConfig('Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n')], localUser: 'me', home: '/home/me' };
    expect(() => resolveTarget(parseSshUrl('ssh://a'), 'ssh://a', loop, null)).toThrow(/ProxyJump chain for .* is too long/);
  });
  it('defaults without a config: local user, port 22, no keys, no hops, OpenSSH\'s known_hosts files, strict checking', () => {
    const t = resolveTarget(parseSshUrl('ssh://10.1.1.1'), 'x', { ...env, configs: [] }, null);
    expect(t).toEqual({
      label: 'x',
      alias: '10.1.1.1',
      hostname: '10.1.1.1',
      port: 22,
      user: 'me',
      identityFiles: [],
      identitiesOnly: false,
      connectTimeoutMs: null,
      proxyCommand: null,
      hostKey: {
        name: '10.1.1.1',
        userFiles: ['/home/me/.ssh/known_hosts', '/home/me/.ssh/known_hosts2'],
        globalFiles: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
        acceptNew: false,
        hash: false,
      },
      jumps: [],
    });
  });
  it('host keys are looked up under the HostName, [name]:port off 22, or the HostKeyAlias (as OpenSSH does)', () => {
    expect(resolveTarget(parseSshUrl('ssh://m1'), 'x', env, null).hostKey.name).toBe(knownHostName('10.0.0.1', 2222));
    const aliased: ResolveEnv = { ...env, configs: [parseSshConfig('Host m1\n  HostName 10.0.0.1\n  Port 2222\n  HostKeyAlias Prod-M1\n')] };
    expect(resolveTarget(parseSshUrl('ssh://m1'), 'x', aliased, null).hostKey.name).toBe('prod-m1');
  });
  it('StrictHostKeyChecking no is read as accept-new, with a note', () => {
    const notes: string[] = [];
    const e: ResolveEnv = { ...env, configs: [parseSshConfig('Host *\n  StrictHostKeyChecking no\n', '/etc/ssh/ssh_config')], note: (n) => notes.push(n) };
    expect(resolveTarget(parseSshUrl('ssh://x'), 'x', e, null).hostKey.acceptNew).toBe(true);
    expect(notes).toEqual([
      expect.stringMatching(/^\/etc\/ssh\/ssh_config line 2: StrictHostKeyChecking no is read as accept-new: audit2grant adds keys of new hosts to \S+ \(if it keeps what is written: a regular file, not a device\) but never turns host key checking off/),
    ]);
  });
  it('StrictHostKeyChecking no where no key is kept (UserKnownHostsFile /dev/null or none): the note says that no new host is reached', () => {
    for (const file of ['/dev/null', 'none']) {
      const notes: string[] = [];
      const e: ResolveEnv = { ...env, configs: [parseSshConfig(`Host *\n  StrictHostKeyChecking no\n  UserKnownHostsFile ${file}\n`, '/etc/ssh/ssh_config')], note: (n) => notes.push(n) };
      expect(resolveTarget(parseSshUrl('ssh://x'), 'x', e, null).hostKey.acceptNew).toBe(true);
      expect(notes).toEqual([expect.stringContaining(`StrictHostKeyChecking no is read as accept-new, but UserKnownHostsFile ${file} keeps no key: a host is reached only when its key is already in a known_hosts file`)]);
    }
  });
  it('command-line settings: -o for the destination only, the how-to-connect ones for every hop', () => {
    const e: ResolveEnv = {
      ...env,
      destination: parseSshConfig('Port 4000\nUser cli', '-o').nodes as never,
      everyHop: parseSshConfig('StrictHostKeyChecking accept-new\nIdentitiesOnly yes', '-o').nodes as never,
    };
    const t = resolveTarget(parseSshUrl('ssh://m1'), 'x', e, null);
    expect([t.port, t.user, t.hostKey.acceptNew, t.identitiesOnly]).toEqual([4000, 'cli', true, true]);
    expect(t.jumps.map((j) => [j.port, j.user, j.hostKey.acceptNew, j.identitiesOnly])).toEqual([[22, 'fallback', true, true], [2200, 'centos', true, true]]);
  });
});

describe('ProxyCommand: expanded for the hop that OpenSSH would reach by itself', () => {
  const PROXY = `
Host via-cmd
  HostName 10.0.0.9
  User ops
  ProxyCommand ssh -W %h:%p gateway # %n as %r
  IdentityFile /k

Host cmd-first
  ProxyCommand nc %h %p
  ProxyJump bastion2

Host cmd-none
  ProxyCommand none

Host through-cmd-hop
  ProxyJump via-cmd

Host second-hop-cmd
  ProxyJump bastion2,via-cmd

Host bad-token
  ProxyCommand nc %x

Host *
  User fallback
`;
  const penv: ResolveEnv = { configs: [parseSshConfig(PROXY, '/home/me/.ssh/config')], localUser: 'me', home: '/home/me' };
  const resolve = (host: string, jump: string | null = null) => resolveTarget(parseSshUrl(`ssh://${host}`), `ssh://${host}`, penv, jump);

  it('expands %h %p %r %n %% as OpenSSH does and says where it was set', () => {
    expect(resolve('via-cmd').proxyCommand).toEqual({ command: 'ssh -W 10.0.0.9:22 gateway # via-cmd as ops', from: '/home/me/.ssh/config line 5' });
    expect(resolve('cmd-first')).toMatchObject({ proxyCommand: { command: 'nc cmd-first 22' }, jumps: [] }); // first obtained wins
    expect(resolve('cmd-none')).toMatchObject({ proxyCommand: null, jumps: [] });
  });
  it('--jump replaces it, as ssh -J does', () => {
    expect(resolve('via-cmd', 'bastion2')).toMatchObject({ proxyCommand: null, jumps: [{ alias: 'bastion2' }] });
  });
  it('runs for a first hop (its ProxyCommand reaches it), not for a later one (the chain does)', () => {
    const t = resolve('through-cmd-hop');
    expect(t.proxyCommand).toBe(null);
    expect(t.jumps.map((j) => [j.alias, j.proxyCommand?.command ?? null])).toEqual([['via-cmd', 'ssh -W 10.0.0.9:22 gateway # via-cmd as ops']]);
    expect(resolve('second-hop-cmd').jumps.map((j) => [j.hostname, j.proxyCommand])).toEqual([['bastion2', null], ['10.0.0.9', null]]);
  });
  it('an unknown token is refused, naming it and the line', () => {
    expect(() => resolve('bad-token')).toThrow(/^\/home\/me\/\.ssh\/config line 22: ProxyCommand: %x is not a token/);
  });
  it('ProxyUseFdpass yes is refused rather than run as a plain relay', () => {
    const e: ResolveEnv = { ...penv, configs: [parseSshConfig('Host *\n  ProxyCommand fdpass %h %p\n  ProxyUseFdpass yes\n', '/c')] };
    expect(() => resolveTarget(parseSshUrl('ssh://h'), 'x', e, null)).toThrow('/c line 3: ProxyUseFdpass is not supported by audit2grant');
  });
  it('a user with shell characters is never put into a ProxyCommand', () => {
    const e: ResolveEnv = { ...penv, configs: [parseSshConfig('Host *\n  ProxyCommand nc %h %p %r\n')] };
    expect(() => resolveTarget(parseSshUrl('ssh://a%24(id)@h'), 'x', e, null)).toThrow('config line 2: refusing to put "a$(id)" into ProxyCommand as %r: it holds characters the shell would interpret');
  });
});
