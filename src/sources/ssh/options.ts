// The SSH flags as the scan pipeline passes them (`OpenOptions.ssh`), with the defaults in one place.
import type { PassphrasePrompt } from './auth.js';

export interface SshOptions {
  /** `-i/--identity`, repeatable; tried after ssh-agent, before the default keys. */
  identity?: string[];
  /** `--jump [user@]host[:port]` (comma-separated chain allowed); beats ProxyJump from ~/.ssh/config. */
  jump?: string | null;
  /** `--known-hosts FILE`; default `~/.ssh/known_hosts`. */
  knownHosts?: string | null;
  /** `--accept-new-host-key`: append unknown host keys (changed keys are still refused). */
  acceptNewHostKey?: boolean;
  /** `--sudo`: run `sudo -n journalctl`. */
  sudo?: boolean;
  /** `--concurrency N` (default 8). */
  concurrency?: number;
  /** `--units` (default `['dcos-*']`). */
  units?: string[];
  /** `--since/--until` as ISO 8601 timestamps. */
  since?: string | null;
  until?: string | null;
  /** `--follow`: keep streaming new lines; reconnects and resumes with `--after-cursor`. */
  follow?: boolean;
  /** Yield one merged stream of whole lines from every host instead of one stream per host. Default: `follow`. */
  merge?: boolean;
  /** Where ~/.ssh/config is; null = do not read one. Default `~/.ssh/config`. */
  sshConfigFile?: string | null;
  /** ssh-agent socket; default `SSH_AUTH_SOCK`; null = no agent. */
  agent?: string | null;
  /** Try ~/.ssh/id_ed25519, id_ecdsa, id_rsa (default true). */
  defaultKeys?: boolean;
  /** How to ask an encrypted key's passphrase; default: the terminal when there is one, else a clear error. The TUI passes its own. */
  askPassphrase?: PassphrasePrompt | null;
  /** Home directory and local user (default: the process's); tests set them. */
  home?: string;
  localUser?: string;
  /** Handshake timeout per hop (default 15 s). */
  connectTimeoutMs?: number;
  /** A non-follow read receiving nothing for this long fails; time paused by backpressure does not count (default 10 min; 0 = none). */
  commandTimeoutMs?: number;
  /** Dead-connection detection (default every 5 s, 3 misses). */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Reconnect attempts after a dropped connection, per drop (default 5), first delay (default 500 ms, doubling, max 15 s). */
  maxReconnects?: number;
  reconnectBaseMs?: number;
  /** Bytes buffered per host before its channel is paused (default 1 MiB). */
  highWaterBytes?: number;
}

export const SSH_DEFAULTS = {
  concurrency: 8,
  units: ['dcos-*'],
  connectTimeoutMs: 15_000,
  commandTimeoutMs: 600_000,
  keepaliveIntervalMs: 5_000,
  keepaliveCountMax: 3,
  maxReconnects: 5,
  reconnectBaseMs: 500,
  highWaterBytes: 1 << 20,
} as const;
