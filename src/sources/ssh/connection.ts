// The one ssh2 adapter. Every connection, direct or through jump hosts, verifies the host key
// against known_hosts (no option turns that off); `--accept-new-host-key` only adds keys of hosts
// never seen, like OpenSSH's StrictHostKeyChecking=accept-new. A changed key is always refused.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { makeAuthHandler, type KeyLoader } from './auth.js';
import type { SshTarget } from './config.js';
import { fingerprint, keyTypeOf, knownHostName, knownHostsLine, knownTypesFor, parseKnownHosts, verifyHostKey } from './known-hosts.js';

export interface ConnectParams {
  knownHostsFile: string;
  acceptNewHostKey: boolean;
  keys: KeyLoader;
  agent: string | null;
  /** `-i` files, tried before the target's IdentityFile entries. */
  identity: string[];
  defaultFiles: string[];
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

const ALGOS: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
};

/** Keys accepted during this run, so 20 connections through one new jump host append it once. */
const appended = new Map<string, Promise<void>>();

async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new Error(`cannot read known_hosts ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

async function acceptNew(file: string, name: string, blob: Buffer): Promise<void> {
  const line = knownHostsLine(name, blob);
  let p = appended.get(file + '\0' + line);
  if (!p) {
    p = (async () => {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await appendFile(file, line, { mode: 0o600 });
    })();
    appended.set(file + '\0' + line, p);
  }
  await p;
}

function describeConnectError(e: Error & { level?: string; code?: string }, t: SshTarget, p: ConnectParams, problems: string[]): string {
  const where = `${t.user}@${t.hostname}:${t.port}`;
  if (e.level === 'client-authentication') {
    const tried = [p.agent ? 'ssh-agent' : null, ...p.identity, ...t.identityFiles, 'default keys'].filter(Boolean).join(', ');
    const extra = problems.length ? ` (${[...new Set(problems)].join('; ')})` : '';
    return `authentication failed for ${where}: tried ${tried}${extra}; check the user (ssh://USER@host) and that the key is in its authorized_keys`;
  }
  if (e.level === 'client-timeout') return `timed out after ${Math.round(p.connectTimeoutMs / 1000)} s waiting for the SSH handshake with ${where}`;
  if (e.code === 'ECONNREFUSED') return `connection refused by ${t.hostname}:${t.port}: is sshd running, is the port right?`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `cannot resolve host ${t.hostname}`;
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return `host ${t.hostname} is unreachable`;
  return `SSH connection to ${where} failed: ${e.message}`;
}

/** Connect one hop (over `sock` when it comes through a previous hop) and authenticate. */
async function connectHop(t: SshTarget, sock: Duplex | undefined, p: ConnectParams): Promise<Client> {
  const lines = parseKnownHosts(await readKnownHosts(p.knownHostsFile));
  const names = [...new Set([knownHostName(t.alias, t.port), knownHostName(t.hostname, t.port)])];
  const preferred = knownTypesFor(lines, names).flatMap((k) => ALGOS[k] ?? []);
  const problems: string[] = [];
  let refusal: string | null = null;
  const client = new Client();
  const hostVerifier = (blob: Buffer, verify: (ok: boolean) => void): void => {
    const v = verifyHostKey(lines, names, blob);
    const fp = `${keyTypeOf(blob)} key ${fingerprint(blob)}`;
    if (v.kind === 'known') return verify(true);
    if (v.kind === 'revoked') refusal = `host key of ${names[0]} (${fp}) is marked @revoked in ${p.knownHostsFile}: refused`;
    else if (v.kind === 'changed')
      refusal = `WARNING: THE HOST KEY OF ${names[0]} HAS CHANGED (it now presents ${fp}; ${p.knownHostsFile} holds another). Someone may be intercepting the connection, or the node was reinstalled. Refused. If the new key is right, remove the old one with: ssh-keygen -R '${names[0]}' -f ${p.knownHostsFile}`;
    // Known under another key type only: a switch of key type is a changed key too (accept-new must
    // not add it, or whoever sits in the middle just presents another type).
    else if (v.otherTypesKnown.length)
      refusal = `WARNING: THE HOST KEY OF ${names[0]} HAS CHANGED (it now presents ${fp}; ${p.knownHostsFile} holds a key of another type: ${v.otherTypesKnown.join(', ')}). Someone may be intercepting the connection, or the node was reinstalled. Refused. If the new key is right, remove the old one with: ssh-keygen -R '${names[0]}' -f ${p.knownHostsFile}`;
    else if (!p.acceptNewHostKey)
      refusal = `host key of ${names[0]} is not in ${p.knownHostsFile} (${fp}): refused. Check the fingerprint, then rerun with --accept-new-host-key to add it`;
    if (refusal) return verify(false);
    acceptNew(p.knownHostsFile, names[0], blob).then(
      () => verify(true),
      (e) => {
        refusal = `cannot add the host key of ${names[0]} to ${p.knownHostsFile}: ${(e as Error).message}`;
        verify(false);
      },
    );
  };
  const cfg: ConnectConfig = {
    host: t.hostname,
    port: t.port,
    username: t.user,
    readyTimeout: p.connectTimeoutMs,
    keepaliveInterval: p.keepaliveIntervalMs,
    keepaliveCountMax: p.keepaliveCountMax,
    hostVerifier,
    authHandler: makeAuthHandler(
      {
        username: t.user,
        agent: p.agent,
        identityFiles: [...p.identity, ...t.identityFiles],
        defaultFiles: p.defaultFiles,
        // Well inside the handshake timeout, so the identity files still get their turn.
        agentListTimeoutMs: Math.min(5_000, Math.max(500, p.connectTimeoutMs / 4)),
      },
      p.keys,
      problems,
    ),
    ...(sock ? { sock } : {}),
    ...(preferred.length ? { algorithms: { serverHostKey: { prepend: preferred } as never } } : {}),
  };
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const fail = (msg: string): void => {
      if (settled) return;
      settled = true;
      p.signal.removeEventListener('abort', onAbort);
      client.destroy();
      reject(new Error(msg));
    };
    const onAbort = (): void => fail('aborted');
    if (p.signal.aborted) return fail('aborted');
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
      fail(refusal ?? describeConnectError(e, t, p, problems));
    });
    client.once('close', () => fail(refusal ?? `connection to ${t.hostname}:${t.port} closed during the SSH handshake`));
    client.connect(cfg);
  });
}

/** A tunnel through `via` to `t` (exported for tests). A tunnel opening after the timeout is destroyed, not leaked. */
export function forward(via: Client, t: SshTarget, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`timed out opening a tunnel to ${t.hostname}:${t.port}`));
    }, timeoutMs);
    via.forwardOut('127.0.0.1', 0, t.hostname, t.port, (err, stream) => {
      clearTimeout(timer);
      if (timedOut) stream?.destroy();
      else if (err) reject(new Error(`the jump host could not reach ${t.hostname}:${t.port}: ${err.message}`));
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
  try {
    let sock: Duplex | undefined;
    for (const hop of [...t.jumps, t]) {
      if (clients.length) sock = await forward(clients[clients.length - 1], hop, p.connectTimeoutMs);
      try {
        clients.push(await connectHop(hop, sock, p));
      } catch (e) {
        const prefix = hop === t ? '' : `jump host ${hop.hostname}: `;
        throw new Error(prefix + (e as Error).message);
      }
    }
  } catch (e) {
    closeAll();
    throw e;
  }
  const last = clients[clients.length - 1];
  let closed = false;
  const listeners: Array<(err: Error | null) => void> = [];
  const closeWith = (err: Error | null): void => {
    if (closed) return;
    closed = true;
    closeAll();
    for (const l of listeners) l(err);
  };
  for (const c of clients) {
    c.on('error', (e) => closeWith(e));
    c.on('close', () => closeWith(null));
  }
  return {
    exec: (command, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out starting the remote command on ${t.hostname}`)), timeoutMs);
        last.exec(command, (err, ch) => {
          clearTimeout(timer);
          if (err) return reject(new Error(`the remote command could not start on ${t.hostname}: ${err.message}`));
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
