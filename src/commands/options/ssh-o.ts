// `-o Key=Value` as OpenSSH reads it (also `Key Value`; keys case-insensitive; the first value of a
// key wins, IdentityFile accumulates) → the SSH options it stands for. Keys audit2grant does not act
// on are a usage error naming the ones it does, never silently ignored. Light: no SSH code loads here.
import { UsageError } from '../../errors.js';
import { parseLine } from '../../sources/ssh/ssh-config/parse.js';
import { parseDuration, yesNo } from '../../sources/ssh/ssh-config/values.js';
import type { SshOptions } from '../../sources/ssh/options.js';

export const O_KEYS = [
  'Port',
  'User',
  'HostName',
  'HostKeyAlias',
  'IdentityFile',
  'IdentitiesOnly',
  'UserKnownHostsFile',
  'GlobalKnownHostsFile',
  'StrictHostKeyChecking',
  'HashKnownHosts',
  'ConnectTimeout',
  'ProxyJump',
  'ProxyCommand',
  'BatchMode',
  'ServerAliveInterval',
  'ServerAliveCountMax',
] as const;

/** What `-o` options set; `identity` adds to `-i`, `jump` is `-J`. */
export type FromO = Pick<
  SshOptions,
  | 'port'
  | 'user'
  | 'hostName'
  | 'hostKeyAlias'
  | 'identitiesOnly'
  | 'knownHosts'
  | 'globalKnownHosts'
  | 'acceptNewHostKey'
  | 'hashKnownHosts'
  | 'connectTimeoutMs'
  | 'proxyCommand'
  | 'askPassphrase'
  | 'keepaliveIntervalMs'
  | 'keepaliveCountMax'
> & { identity: string[]; jump?: string };

const HINT = 'e.g. -o Port=2222, -o StrictHostKeyChecking=accept-new';

function bad(text: string, why: string): UsageError {
  return new UsageError(`-o ${text}: ${why}`, HINT);
}

function bool(text: string, value: string): boolean {
  const v = yesNo(value);
  if (v === null) throw bad(text, 'expected yes or no');
  return v;
}

function count(text: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw bad(text, `expected a whole number from ${min} to ${max}`);
  return n;
}

/** Parse every `-o`; throws UsageError for an unknown key or a bad value. */
export function parseSshOptionFlags(list: readonly string[]): FromO {
  const out: FromO = { identity: [] };
  const seen = new Set<string>();
  for (const text of list) {
    let line;
    try {
      line = parseLine(text, '-o', 0);
    } catch (e) {
      throw bad(text, (e as Error).message.replace(/^-o line 0: /, ''));
    }
    if (!line) throw bad(text, 'expected Key=Value');
    const key = O_KEYS.find((k) => k.toLowerCase() === line.keyword);
    if (!key) throw new UsageError(`-o ${text}: audit2grant does not read the SSH option ${JSON.stringify(line.keyword)}`, `it reads ${O_KEYS.join(', ')}`);
    const v = line.args[0] ?? '';
    if (key !== 'IdentityFile') {
      if (seen.has(key)) continue; // the first value obtained wins, as in OpenSSH
      seen.add(key);
    }
    switch (key) {
      case 'Port':
        out.port = count(text, v, 1, 65535);
        break;
      case 'User':
        out.user = v;
        break;
      case 'HostName':
        out.hostName = v;
        break;
      case 'HostKeyAlias':
        out.hostKeyAlias = v;
        break;
      case 'IdentityFile':
        if (v.toLowerCase() !== 'none') out.identity.push(v);
        break;
      case 'IdentitiesOnly':
        out.identitiesOnly = bool(text, v);
        break;
      case 'UserKnownHostsFile':
        out.knownHosts = line.args.some((a) => a.toLowerCase() === 'none') ? [] : line.args;
        break;
      case 'GlobalKnownHostsFile':
        out.globalKnownHosts = line.args.some((a) => a.toLowerCase() === 'none') ? [] : line.args;
        break;
      case 'StrictHostKeyChecking': {
        const s = v.toLowerCase();
        if (s === 'accept-new') out.acceptNewHostKey = true;
        else if (s === 'yes' || s === 'true' || s === 'ask') out.acceptNewHostKey = false;
        else if (s === 'no' || s === 'off' || s === 'false')
          throw new UsageError(`-o ${text}: audit2grant never turns host key checking off`, 'use -o StrictHostKeyChecking=accept-new (or --accept-new-host-key): it adds keys of new hosts and still refuses changed ones');
        else throw bad(text, 'expected yes, accept-new or ask');
        break;
      }
      case 'HashKnownHosts':
        out.hashKnownHosts = bool(text, v);
        break;
      case 'ConnectTimeout':
      case 'ServerAliveInterval': {
        let ms: number | null;
        try {
          ms = key === 'ServerAliveInterval' && v === '0' ? 0 : parseDuration(v, key);
        } catch (e) {
          throw bad(text, (e as Error).message.replace(`${key}: `, ''));
        }
        if (key === 'ConnectTimeout') {
          if (ms !== null) out.connectTimeoutMs = ms;
        } else out.keepaliveIntervalMs = ms ?? 0;
        break;
      }
      case 'ServerAliveCountMax':
        out.keepaliveCountMax = count(text, v, 1, 100);
        break;
      case 'BatchMode':
        // Never ask for a passphrase (audit2grant asks for nothing else).
        if (bool(text, v)) out.askPassphrase = null;
        break;
      case 'ProxyJump':
        out.jump = line.rest.replace(/#.*$/, '').trim();
        break;
      case 'ProxyCommand':
        out.proxyCommand = line.rest;
        break;
    }
  }
  return out;
}
