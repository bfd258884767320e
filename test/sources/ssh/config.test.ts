import { describe, expect, it } from 'vitest';
import { parseHopSpec, parseSshConfig, parseSshUrl, resolveTarget, type ResolveEnv } from '../../../src/sources/ssh/config.js';

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
  ProxyJump should-be-ignored

Host agent-*
  User centos
  ProxyJump bastion

Host nojump
  ProxyJump none

Host *
  User fallback
`;
const env: ResolveEnv = { config: parseSshConfig(CONFIG), localUser: 'me', home: '/home/me' };

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
  it('takes HostName, User, Port, IdentityFile, ProxyJump from the config, the jump host resolved too', () => {
    const t = resolveTarget(parseSshUrl('ssh://m1'), 'ssh://m1', env, null);
    expect(t).toMatchObject({ alias: 'm1', hostname: '10.0.0.1', user: 'core', port: 2222, identityFiles: ['/home/me/.ssh/dcos_key', '/home/me/.ssh/other_core'] });
    expect(t.jumps).toHaveLength(1);
    expect(t.jumps[0]).toMatchObject({ alias: 'bastion', hostname: '203.0.113.7', user: 'centos', port: 2200, identityFiles: ['/home/me/.ssh/bastion_key'], jumps: [] });
  });
  it('the URL beats the config', () => {
    const t = resolveTarget(parseSshUrl('ssh://root@m1:22'), 'x', env, null);
    expect(t).toMatchObject({ user: 'root', port: 22, hostname: '10.0.0.1' });
  });
  it('--jump beats ProxyJump; chains are kept in order', () => {
    const t = resolveTarget(parseSshUrl('ssh://m1'), 'x', env, 'a@j1,j2:2201');
    expect(t.jumps.map((j) => [j.user, j.hostname, j.port])).toEqual([['a', 'j1', 22], ['fallback', 'j2', 2201]]);
  });
  it('wildcard hosts and ProxyJump none', () => {
    expect(resolveTarget(parseSshUrl('ssh://agent-3'), 'x', env, null)).toMatchObject({ user: 'centos', hostname: 'agent-3', port: 22 });
    expect(resolveTarget(parseSshUrl('ssh://agent-3'), 'x', env, null).jumps[0].hostname).toBe('203.0.113.7');
    expect(resolveTarget(parseSshUrl('ssh://nojump'), 'x', env, null).jumps).toEqual([]);
  });
  it('defaults without a config: local user, port 22, no keys, no hops', () => {
    const t = resolveTarget(parseSshUrl('ssh://10.1.1.1'), 'x', { ...env, config: null }, null);
    expect(t).toEqual({ label: 'x', alias: '10.1.1.1', hostname: '10.1.1.1', port: 22, user: 'me', identityFiles: [], jumps: [] });
  });
});

describe('ProxyCommand (not run yet): the host is refused, never reached directly', () => {
  const PROXY = `
Host via-cmd
  HostName 10.0.0.9
  ProxyCommand ssh -W %h:%p gateway

Host jump-first
  ProxyJump bastion2
  ProxyCommand nc %h %p

Host cmd-first
  ProxyCommand nc %h %p
  ProxyJump bastion2

Host cmd-none
  ProxyCommand none

Host through-cmd-hop
  ProxyJump via-cmd

Host second-hop-cmd
  ProxyJump bastion2,via-cmd

Host *
  User fallback
`;
  const penv: ResolveEnv = { config: parseSshConfig(PROXY), configFile: '/home/me/.ssh/config', localUser: 'me', home: '/home/me' };
  const resolve = (host: string, jump: string | null = null) => resolveTarget(parseSshUrl(`ssh://${host}`), `ssh://${host}`, penv, jump);

  it('refuses a host with a ProxyCommand in one line naming the host and the file, and suggesting -J/ProxyJump', () => {
    expect(() => resolve('via-cmd')).toThrow(
      '/home/me/.ssh/config sets ProxyCommand for host via-cmd, which audit2grant does not run: refusing to connect without it (that could reach another machine); use -J/--jump [user@]host[:port], or ProxyJump in /home/me/.ssh/config, to go through a jump host',
    );
    expect(() => resolve('cmd-first')).toThrow(/sets ProxyCommand for host cmd-first/); // first obtained wins, as in OpenSSH
  });
  it('--jump replaces it, as ssh -J does; so does a ProxyJump obtained first, and ProxyCommand none is no proxy', () => {
    expect(resolve('via-cmd', 'bastion2').jumps.map((j) => j.alias)).toEqual(['bastion2']);
    expect(resolve('jump-first').jumps.map((j) => j.alias)).toEqual(['bastion2']);
    expect(resolve('cmd-none')).toMatchObject({ hostname: 'cmd-none', jumps: [] });
  });
  it('refuses a first hop with a ProxyCommand (OpenSSH would run it to reach the hop), not a later one (the chain replaces it)', () => {
    expect(() => resolve('through-cmd-hop')).toThrow(/sets ProxyCommand for jump host via-cmd, which audit2grant does not run/);
    expect(resolve('second-hop-cmd').jumps.map((j) => j.hostname)).toEqual(['bastion2', '10.0.0.9']);
    expect(() => resolve('x', 'via-cmd,bastion2')).toThrow(/for jump host via-cmd/);
  });
});
