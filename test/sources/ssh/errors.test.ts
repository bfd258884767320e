// SSH failures carry their kind and whether reconnecting may help, set where they are detected
// (connection.ts): the reconnect loop reads `retriable`, never the message text.
import { describe, expect, it } from 'vitest';
import type { SshTarget } from '../../../src/sources/ssh/config.js';
import { describeConnectError, proxyFailureKind, type ConnectParams } from '../../../src/sources/ssh/connection.js';
import { isRetriable, SshError, type SshFailureKind } from '../../../src/sources/ssh/errors.js';
import { closedPort } from '../../helpers/ports.js';
import { connectOnce, isolated, useFakeNodes } from './helpers.js';

const fixture = useFakeNodes();

const target = { user: 'core', hostname: '10.0.0.7', port: 22, identityFiles: [], identitiesOnly: false } as unknown as SshTarget;
const params = { agent: null, identity: ['/k/id'], connectTimeoutMs: 15_000 } as unknown as ConnectParams;
const ssh2Error = (props: { level?: string; code?: string }, message = 'boom'): Error => Object.assign(new Error(message), props);

describe('SshError', () => {
  it('host key, authentication, name resolution, algorithm negotiation and abort are final; the rest may pass on a reconnect', () => {
    const final: SshFailureKind[] = ['host-key', 'auth', 'dns', 'handshake', 'aborted'];
    const passing: SshFailureKind[] = ['refused', 'unreachable', 'timeout', 'closed', 'proxy', 'tunnel', 'remote', 'network'];
    for (const k of final) expect(new SshError('x', k).retriable, k).toBe(false);
    for (const k of passing) expect(new SshError('x', k).retriable, k).toBe(true);
  });

  it('said of a jump host: the message gains the prefix, the kind and code stay', () => {
    const e = new SshError('host key of x is not in y', 'host-key').prefixed('jump host 10.0.0.1: ');
    expect(e).toBeInstanceOf(SshError);
    expect([e.message, e.kind, e.retriable]).toEqual(['jump host 10.0.0.1: host key of x is not in y', 'host-key', false]);
    const r = new SshError('connection refused by h:22', 'refused', 'ECONNREFUSED').prefixed('jump host j: ');
    expect([r.kind, r.code, r.retriable]).toEqual(['refused', 'ECONNREFUSED', true]);
  });

  it('an error that is not an SshError is given a reconnect (a local surprise, not a verdict on the host)', () => {
    expect(isRetriable(new Error('authentication failed (a text that once meant final)'))).toBe(true);
    expect(isRetriable(new SshError('authentication failed', 'auth'))).toBe(false);
  });
});

describe('describeConnectError: the kind from what ssh2 and Node report, the message as before', () => {
  const cases: Array<[string, { level?: string; code?: string }, SshFailureKind, RegExp]> = [
    ['authentication', { level: 'client-authentication' }, 'auth', /^authentication failed for core@10\.0\.0\.7:22: tried \/k\/id, default keys; check the user/],
    ['handshake timeout', { level: 'client-timeout' }, 'timeout', /^timed out after 15 s waiting for the SSH handshake with core@10\.0\.0\.7:22$/],
    ['refused', { code: 'ECONNREFUSED' }, 'refused', /^connection refused by 10\.0\.0\.7:22: is sshd running, is the port right\?$/],
    ['unknown name', { code: 'ENOTFOUND' }, 'dns', /^cannot resolve host 10\.0\.0\.7$/],
    ['resolver trouble (try again): a reconnect may cure it', { code: 'EAI_AGAIN' }, 'network', /^cannot resolve host 10\.0\.0\.7 \(the resolver said: try again\)$/],
    ['no route', { code: 'EHOSTUNREACH' }, 'unreachable', /^host 10\.0\.0\.7 is unreachable$/],
    ['no network', { code: 'ENETUNREACH' }, 'unreachable', /^host 10\.0\.0\.7 is unreachable$/],
    ['no common algorithm', { level: 'handshake' }, 'handshake', /^SSH connection to core@10\.0\.0\.7:22 failed: boom$/],
    ['a reset', { code: 'ECONNRESET', level: 'client-socket' }, 'network', /^SSH connection to core@10\.0\.0\.7:22 failed: boom$/],
  ];
  for (const [what, props, kind, message] of cases) {
    it(what, () => {
      const e = describeConnectError(ssh2Error(props), target, params, [], '');
      expect(e.kind).toBe(kind);
      expect(e.message).toMatch(message);
      expect(e.code).toBe(props.code);
    });
  }

  it("a ProxyCommand's end: OpenSSH's own final words are final, anything else may pass", () => {
    expect(proxyFailureKind('ProxyCommand exited with status 255: Host key verification failed.')).toBe('host-key');
    expect(proxyFailureKind('ProxyCommand exited with status 255: core@bastion: Permission denied (publickey).')).toBe('auth');
    expect(proxyFailureKind('ProxyCommand exited with status 255: ssh: Could not resolve hostname bastion: Name or service not known')).toBe('dns');
    expect(proxyFailureKind('ProxyCommand exited with status 255: kex_exchange_identification: Connection closed by remote host')).toBe('proxy');
    expect(new SshError('x', proxyFailureKind('Host key verification failed.')).retriable).toBe(false);
  });

  it('what a live ProxyCommand last said is kept at the end of the message', () => {
    const e = describeConnectError(ssh2Error({ level: 'client-timeout' }), target, params, [], ' (through its ProxyCommand, still running)');
    expect([e.kind, e.message.endsWith('(through its ProxyCommand, still running)')]).toEqual(['timeout', true]);
  });
});

describe('kinds of real connections on 127.0.0.1', () => {
  it('a port nothing listens on: refused, retriable', async () => {
    const port = await closedPort();
    const e = await connectOnce(`ssh://127.0.0.1:${port}`, isolated(fixture.home));
    expect(e).toBeInstanceOf(SshError);
    expect(e).toMatchObject({ kind: 'refused', retriable: true, code: 'ECONNREFUSED', message: `connection refused by 127.0.0.1:${port}: is sshd running, is the port right?` });
  });

  it('an unknown host key: host-key, not retriable', async () => {
    const n = await fixture.node();
    const e = await connectOnce(`ssh://127.0.0.1:${n.port}`, isolated(fixture.home));
    expect(e).toMatchObject({ kind: 'host-key', retriable: false });
    expect((e as Error).message).toMatch(/^host key of \[127\.0\.0\.1\]:\d+ is not in /);
  });

  it('a known host that does not take the key: auth, not retriable', async () => {
    const n = await fixture.node({ authorized: [] });
    fixture.trust(n.port);
    const e = await connectOnce(`ssh://127.0.0.1:${n.port}`, isolated(fixture.home));
    expect(e).toMatchObject({ kind: 'auth', retriable: false });
    expect((e as Error).message).toMatch(/^authentication failed for tester@127\.0\.0\.1:\d+: tried /);
  });

  it('a trusted node with the authorized key: connects (the control)', async () => {
    const n = await fixture.node();
    fixture.trust(n.port);
    expect(await connectOnce(`ssh://127.0.0.1:${n.port}`, isolated(fixture.home))).toBeNull();
  });

  it('an aborted connection: aborted, not retriable', async () => {
    const ac = new AbortController();
    ac.abort();
    const n = await fixture.node();
    fixture.trust(n.port);
    expect(await connectOnce(`ssh://127.0.0.1:${n.port}`, isolated(fixture.home), ac.signal)).toMatchObject({ kind: 'aborted', retriable: false });
  });
});
