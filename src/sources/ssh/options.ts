// The SSH flags as the scan pipeline passes them (`OpenOptions.ssh`), with the defaults in one place.
import type { PassphrasePrompt } from './auth.js';

export interface SshOptions {
  /** `-i/--identity`, repeatable; tried after ssh-agent, before the default keys. */
  identity?: string[];
  /** `-J/--jump [user@]host[:port]` (comma-separated chain allowed; `none` = direct); beats ProxyJump and ProxyCommand from the config. */
  jump?: string | null;
  /** `--known-hosts FILE` / `-o UserKnownHostsFile` (every hop; [] = none); default: the config's, else `~/.ssh/known_hosts ~/.ssh/known_hosts2`. */
  knownHosts?: string | string[] | null;
  /** `-o GlobalKnownHostsFile` (every hop; [] = none); default: the config's, else `/etc/ssh/ssh_known_hosts{,2}`. */
  globalKnownHosts?: string[] | null;
  /** `--accept-new-host-key` (true) / `-o StrictHostKeyChecking=yes` (false), every hop; unset: the config's StrictHostKeyChecking. Changed keys are always refused. */
  acceptNewHostKey?: boolean;
  /** `-o HashKnownHosts` (every hop): write accepted keys hashed; unset: the config's. */
  hashKnownHosts?: boolean;
  /** `-o IdentitiesOnly` (every hop): the agent offers only keys of the identity files; unset: the config's. */
  identitiesOnly?: boolean;
  /** `-p PORT` / `-o Port`: the destination's port when its ssh:// spec has none. */
  port?: number | null;
  /** `-o User`: the destination's user when its ssh:// spec has none. */
  user?: string | null;
  /** `-o HostName`, `-o HostKeyAlias`: for the destination. */
  hostName?: string | null;
  hostKeyAlias?: string | null;
  /** `-o ProxyCommand`: reach the destination through this command (beats the config's; not with `jump`). */
  proxyCommand?: string | null;
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
  /** `-F FILE`: the only config file read (it must exist); null = `-F none`, no config at all. Unset: ~/.ssh/config, then `systemSshConfigFile`. */
  sshConfigFile?: string | null;
  /** The system-wide config read after ~/.ssh/config when there is no `-F` (default `/etc/ssh/ssh_config`; null = none). Tests point it elsewhere. */
  systemSshConfigFile?: string | null;
  /** ssh-agent socket; default `SSH_AUTH_SOCK`; null = no agent. */
  agent?: string | null;
  /** Try ~/.ssh/id_ed25519, id_ecdsa, id_rsa (default true). */
  defaultKeys?: boolean;
  /** How to ask an encrypted key's passphrase; default: the terminal when there is one, else a clear error. The TUI passes its own. */
  askPassphrase?: PassphrasePrompt | null;
  /** Home directory and local user (default: the process's); tests set them. */
  home?: string;
  localUser?: string;
  /** Handshake timeout per hop (`-o ConnectTimeout`): beats the config's ConnectTimeout. Default: the config's, else 15 s. */
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
