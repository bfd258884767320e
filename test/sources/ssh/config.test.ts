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
