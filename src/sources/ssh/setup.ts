// From the SSH options to what resolving a host needs: the config files OpenSSH would read (`-F`,
// else ~/.ssh/config then the system file) and the command-line settings as config lines, the way
// OpenSSH treats `-o` (read before any file, so they win).
import { hostname as localHostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { ResolveEnv } from './config.js';
import { loadConfig, type LoadedConfig } from './ssh-config/load.js';
import type { ConfigLine } from './ssh-config/parse.js';
import type { SshOptions } from './options.js';

export const SYSTEM_SSH_CONFIG = '/etc/ssh/ssh_config';

const FIX = '(fix it, or move it away to connect without it)';

/** The config files to read, or why they cannot be: a config we cannot read is not ignored (it may hold a ProxyCommand). */
export function loadSshConfigs(o: SshOptions, home: string): { configs: LoadedConfig[]; error: string | null } {
  const system = o.systemSshConfigFile === undefined ? SYSTEM_SSH_CONFIG : o.systemSshConfigFile;
  const lo = { home, systemDir: system ? dirname(system) : dirname(SYSTEM_SSH_CONFIG) };
  try {
    if (o.sshConfigFile === null) return { configs: [], error: null }; // -F none
    if (o.sshConfigFile !== undefined) {
      // -F FILE: that file only, not checked for permissions, and it must exist (as in OpenSSH).
      const f = loadConfig(o.sshConfigFile, 'user', lo, false);
      if (!f) return { configs: [], error: `cannot read ${o.sshConfigFile} (-F): ENOENT` };
      return { configs: [f], error: null };
    }
    const user = loadConfig(join(home, '.ssh', 'config'), 'user', lo, true);
    const sys = system ? loadConfig(system, 'system', lo, false) : null;
    return { configs: [user, sys].filter((c): c is LoadedConfig => c !== null), error: null };
  } catch (e) {
    return { configs: [], error: `${(e as Error).message} ${FIX}` };
  }
}

function line(keyword: string, args: string[]): ConfigLine {
  return { file: `-o ${keyword}`, line: 0, keyword: keyword.toLowerCase(), args, rest: args.join(' ') };
}

/** `-p`/`-o` settings of the destination (where, as whom) and of every hop (how), as config lines. */
export function commandLineSettings(o: SshOptions): { destination: ConfigLine[]; everyHop: ConfigLine[] } {
  const destination: ConfigLine[] = [];
  if (o.port != null) destination.push(line('Port', [String(o.port)]));
  if (o.user != null) destination.push(line('User', [o.user]));
  if (o.hostName != null) destination.push(line('HostName', [o.hostName]));
  if (o.hostKeyAlias != null) destination.push(line('HostKeyAlias', [o.hostKeyAlias]));
  if (o.proxyCommand != null) destination.push(line('ProxyCommand', [o.proxyCommand]));
  const everyHop: ConfigLine[] = [];
  const known = o.knownHosts == null ? null : Array.isArray(o.knownHosts) ? o.knownHosts : [o.knownHosts];
  if (known) everyHop.push(line('UserKnownHostsFile', known.length ? known : ['none']));
  if (o.globalKnownHosts != null) everyHop.push(line('GlobalKnownHostsFile', o.globalKnownHosts.length ? o.globalKnownHosts : ['none']));
  if (o.acceptNewHostKey !== undefined) everyHop.push(line('StrictHostKeyChecking', [o.acceptNewHostKey ? 'accept-new' : 'yes']));
  if (o.hashKnownHosts !== undefined) everyHop.push(line('HashKnownHosts', [o.hashKnownHosts ? 'yes' : 'no']));
  if (o.identitiesOnly !== undefined) everyHop.push(line('IdentitiesOnly', [o.identitiesOnly ? 'yes' : 'no']));
  return { destination, everyHop };
}

export function resolveEnvOf(o: SshOptions, home: string, configs: LoadedConfig[], localUser: string): ResolveEnv {
  const { destination, everyHop } = commandLineSettings(o);
  let localHost = 'localhost';
  try {
    localHost = localHostname();
  } catch {
    /* keep localhost */
  }
  return { configs, destination, everyHop, localUser, home, env: process.env, localHost, connectTimeoutMs: o.connectTimeoutMs };
}
