// Why an SSH connection failed, decided where the failure is detected (connection.ts) so nothing
// downstream reads it back out of the message text. `retriable` says whether reconnecting may help:
// a refused host key, failed authentication, an unknown host name or a failed algorithm negotiation
// will fail the same way again; a refused, unreachable, timed-out or dropped connection may not.
export type SshFailureKind =
  /** The host key is unknown, changed, of another type, @revoked, or could not be recorded. */
  | 'host-key'
  /** The server accepted none of the keys offered (agent, identity files, default keys). */
  | 'auth'
  /** The host name does not resolve. */
  | 'dns'
  /** Nothing listens on the port (ECONNREFUSED). */
  | 'refused'
  /** No route to the host or its network. */
  | 'unreachable'
  /** No handshake, tunnel or remote command within its time limit. */
  | 'timeout'
  /** Client and server share no key exchange, host key, cipher or MAC algorithm. */
  | 'handshake'
  /** The connection closed during the handshake. */
  | 'closed'
  /** The ProxyCommand ended (its status and last stderr line are the message). */
  | 'proxy'
  /** A jump host could not open the tunnel to the next hop. */
  | 'tunnel'
  /** Connected, but the remote command could not start. */
  | 'remote'
  /** Any other socket or protocol error. */
  | 'network'
  /** Stopped by the user (Ctrl-C, the scan ended). */
  | 'aborted';

const NOT_RETRIABLE: ReadonlySet<SshFailureKind> = new Set<SshFailureKind>(['host-key', 'auth', 'dns', 'handshake', 'aborted']);

export class SshError extends Error {
  readonly retriable: boolean;
  constructor(
    message: string,
    readonly kind: SshFailureKind,
    /** The Node or ssh2 error code, when there was one (ECONNREFUSED, ENOTFOUND, …). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SshError';
    this.retriable = !NOT_RETRIABLE.has(kind);
  }

  /** The same failure, said of a jump host (`jump host HOST: ...`). */
  prefixed(prefix: string): SshError {
    return new SshError(prefix + this.message, this.kind, this.code);
  }
}

/** Whether reconnecting may cure `e`: an error that is not an SshError (a local surprise) gets the benefit of the doubt. */
export function isRetriable(e: unknown): boolean {
  return e instanceof SshError ? e.retriable : true;
}
