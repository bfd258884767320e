// The one ssh2 adapter. Every connection, direct, through jump hosts or through a ProxyCommand,
// verifies the host key (host-key-check.ts; no option turns that off): `--accept-new-host-key` or
// StrictHostKeyChecking accept-new only adds keys of hosts never seen. A changed key is always refused.
import type { Duplex } from 'node:stream';
import { remoteText } from '../../core/text.js';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { makeAuthHandler, type KeyLoader } from './auth.js';
import type { SshTarget } from './config.js';
import { SshError } from './errors.js';
import { prepareHostKeyCheck } from './host-key-check.js';
import { ProxyStream } from './proxy-command.js';

export interface ConnectParams {
  keys: KeyLoader;
  agent: string | null;
  /** `-i` files, tried before the target's IdentityFile entries. */
  identity: string[];
  defaultFiles: string[];
  /** Handshake timeout per hop, unless the hop has its own ConnectTimeout. */
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  signal: AbortSignal;
}

/** A running remote command; `exit` is filled as soon as the status arrives (it can come before any listener). */
export interface RemoteCommand {
  channel: ClientChannel;
  exit: { code: number | null; signal: string | null; seen: boolean };
}

export interface SshSession {
  exec(command: string, timeoutMs: number): Promise<RemoteCommand>;
  /** Called once when any hop of the session closes or fails. */
  onClose(cb: (err: Error | null) => void): void;
  close(): void;
}

const timeoutOf = (t: SshTarget, p: ConnectParams): number => t.connectTimeoutMs ?? p.connectTimeoutMs;

/**
 * A ProxyCommand's end, classified where it is detected. Its last stderr line is all there is, and
 * for `ssh -W` (the common bastion) OpenSSH's own final words say the failure will repeat: a host
 * key refused, authentication refused, a name that does not resolve. Anything else may pass.
 */
export function proxyFailureKind(ended: string): SshError['kind'] {
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/.test(ended)) return 'host-key';
  if (/Permission denied \(/.test(ended)) return 'auth';
  if (/Could not resolve hostname/.test(ended)) return 'dns';
  return 'proxy';
}

/** ssh2's error as an SshError: one line saying what failed and what to check, and its kind (exported for tests). */
export function describeConnectError(e: Error & { level?: string; code?: string }, t: SshTarget, p: ConnectParams, problems: string[], through: string): SshError {
  const where = `${t.user}@${t.hostname}:${t.port}`;
  const fail = (kind: SshError['kind'], message: string) => new SshError(message + through, kind, e.code);
  if (e.level === 'client-authentication') {
    const tried = [p.agent ? (t.identitiesOnly ? 'ssh-agent (IdentitiesOnly: only keys of the identity files)' : 'ssh-agent') : null, ...p.identity, ...t.identityFiles, 'default keys'].filter(Boolean).join(', ');
    const extra = problems.length ? ` (${[...new Set(problems)].join('; ')})` : '';
    return fail('auth', `authentication failed for ${where}: tried ${tried}${extra}; check the user (ssh://USER@host) and that the key is in its authorized_keys`);
  }
  if (e.level === 'client-timeout') return fail('timeout', `timed out after ${Math.round(timeoutOf(t, p) / 1000)} s waiting for the SSH handshake with ${where}`);
  if (e.code === 'ECONNREFUSED') return fail('refused', `connection refused by ${t.hostname}:${t.port}: is sshd running, is the port right?`);
  if (e.code === 'ENOTFOUND') return fail('dns', `cannot resolve host ${t.hostname}`);
  // The resolver asked to try again (a DNS server briefly away): a reconnect may cure it.
  if (e.code === 'EAI_AGAIN') return fail('network', `cannot resolve host ${t.hostname} (the resolver said: try again)`);
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return fail('unreachable', `host ${t.hostname} is unreachable`);
  // ssh2 marks a failed algorithm negotiation (no common cipher, host key format, …) as 'handshake'.
  // ssh2's message may carry the server's words (a disconnect reason, its version line): made safe.
  return fail(e.level === 'handshake' ? 'handshake' : 'network', `SSH connection to ${where} failed: ${remoteText(e.message)}`);
}

/** Connect one hop (over `sock` when it comes through a previous hop) and authenticate. */
async function connectHop(t: SshTarget, sock: Duplex | undefined, p: ConnectParams): Promise<Client> {
  const check = await prepareHostKeyCheck(t.hostKey);
  const problems: string[] = [];
  const client = new Client();
  // A ProxyCommand that ended says why (its exit status, its last stderr line) better than ssh2 can.
  const proxyEnded = (): string | null => (sock instanceof ProxyStream && sock.exit ? sock.describe() : null);
  // A handshake that times out over a live ProxyCommand: what the command last said may be why.
  const proxyStillRunning = (): string => {
    if (!(sock instanceof ProxyStream)) return '';
    const last = sock.lastStderrLine();
    return ` (through its ProxyCommand, still running${last ? `, which last said: ${last}` : ''})`;
  };
  const cfg: ConnectConfig = {
    host: t.hostname,
    port: t.port,
    username: t.user,
    readyTimeout: timeoutOf(t, p),
    keepaliveInterval: p.keepaliveIntervalMs,
    keepaliveCountMax: p.keepaliveCountMax,
    hostVerifier: (blob: Buffer, verify: (ok: boolean) => void) => check.verify(blob, verify),
    authHandler: makeAuthHandler(
      {
        username: t.user,
        agent: p.agent,
        identitiesOnly: t.identitiesOnly,
        identityFiles: [...p.identity, ...t.identityFiles],
        defaultFiles: p.defaultFiles,
        // Well inside the handshake timeout, so the identity files still get their turn.
        agentListTimeoutMs: Math.min(5_000, Math.max(500, timeoutOf(t, p) / 4)),
      },
      p.keys,
      problems,
    ),
    ...(sock ? { sock } : {}),
    ...(check.preferred.length ? { algorithms: { serverHostKey: { prepend: check.preferred } as never } } : {}),
  };
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const fail = (err: SshError): void => {
      if (settled) return;
      settled = true;
      p.signal.removeEventListener('abort', onAbort);
      client.destroy();
      reject(err);
    };
    // Why the connection ended, when the host key check or the ProxyCommand knows better than ssh2.
    const known = (): SshError | null => {
      const refused = check.refusal();
      if (refused) return new SshError(refused, 'host-key');
      const ended = proxyEnded();
      return ended ? new SshError(ended, proxyFailureKind(ended)) : null;
    };
    const onAbort = (): void => fail(new SshError('aborted', 'aborted'));
    if (p.signal.aborted) return fail(new SshError('aborted', 'aborted'));
    p.signal.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      p.signal.removeEventListener('abort', onAbort);
      resolve(client);
    });
    client.on('error', (e: Error & { level?: string }) => {
      // ssh2 reports an unusable agent (dead socket, no answer, refused signature) as an error,
      // then goes on with the next method: note it for the failure message, do not give up.
      if (e.level === 'agent') return void problems.push(`ssh-agent at ${p.agent}: ${e.message}`);
      fail(known() ?? describeConnectError(e, t, p, problems, proxyStillRunning()));
    });
    client.once('close', () => fail(known() ?? new SshError(`connection to ${t.hostname}:${t.port} closed during the SSH handshake`, 'closed')));
    client.connect(cfg);
  });
}

/** A tunnel through `via` to `t` (exported for tests). A tunnel opening after the timeout is destroyed, not leaked. */
export function forward(via: Client, t: SshTarget, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new SshError(`timed out opening a tunnel to ${t.hostname}:${t.port}`, 'timeout'));
    }, timeoutMs);
    via.forwardOut('127.0.0.1', 0, t.hostname, t.port, (err, stream) => {
      clearTimeout(timer);
      if (timedOut) stream?.destroy();
      else if (err) reject(new SshError(`the jump host could not reach ${t.hostname}:${t.port}: ${remoteText(err.message)}`, 'tunnel'));
      else resolve(stream);
    });
  });
}

/** Open a session to `t`, hopping through `t.jumps` in order (each hop's key verified). */
export async function openSession(t: SshTarget, p: ConnectParams): Promise<SshSession> {
  const clients: Client[] = [];
  const closeAll = (): void => {
    for (const c of [...clients].reverse()) c.destroy();
  };
  let proxy: ProxyStream | null = null;
  try {
    let sock: Duplex | undefined;
    for (const hop of [...t.jumps, t]) {
      const previous = clients.at(-1);
      if (previous) sock = await forward(previous, hop, timeoutOf(hop, p));
      // Only the first hop is reached by itself, so only its ProxyCommand runs (config.ts).
      else if (hop.proxyCommand !== null) sock = proxy = new ProxyStream(hop.proxyCommand.command, hop.proxyCommand.from);
      try {
        clients.push(await connectHop(hop, sock, p));
      } catch (e) {
        if (hop === t) throw e;
        const prefix = `jump host ${hop.hostname}: `;
        throw e instanceof SshError ? e.prefixed(prefix) : new Error(prefix + (e as Error).message);
      }
    }
  } catch (e) {
    closeAll();
    proxy?.destroy();
    throw e;
  }
  const last = clients.at(-1);
  if (!last) throw new Error(`no SSH connection to ${t.hostname}`); // the loop above connects the target or throws
  let closed = false;
  const listeners: Array<(err: Error | null) => void> = [];
  const closeWith = (err: Error | null): void => {
    if (closed) return;
    closed = true;
    closeAll();
    const why = proxy?.exit ? new Error(proxy.describe()) : null;
    proxy?.destroy();
    for (const l of listeners) l(err ?? why);
  };
  for (const c of clients) {
    c.on('error', (e) => closeWith(e));
    c.on('close', () => closeWith(null));
  }
  return {
    exec: (command, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new SshError(`timed out starting the remote command on ${t.hostname}`, 'timeout')), timeoutMs);
        last.exec(command, (err, ch) => {
          clearTimeout(timer);
          if (err) return reject(new SshError(`the remote command could not start on ${t.hostname}: ${remoteText(err.message)}`, 'remote'));
          const exit: RemoteCommand['exit'] = { code: null, signal: null, seen: false };
          // ssh2 emits 'exit' synchronously while parsing; record it before any await.
          ch.on('exit', (code: number | null, signal?: string) => {
            exit.seen = true;
            exit.code = typeof code === 'number' ? code : null;
            exit.signal = signal ?? null;
          });
          resolve({ channel: ch, exit });
        });
      }),
    onClose: (cb) => {
      if (closed) cb(null);
      else listeners.push(cb);
    },
    close: () => closeWith(null),
  };
}
