// known_hosts parsing and matching, as OpenSSH does it: plain patterns (several per line, `*`/`?`
// wildcards, `!` negation, `[host]:port`), hashed `|1|salt|hash` entries (HMAC-SHA1 of the name),
// and markers (`@revoked` refuses a key; `@cert-authority` lines are not host keys: a host they
// cover is reported as such, since audit2grant cannot check host certificates).
import { createHash, createHmac, randomBytes } from 'node:crypto';

export interface KnownHostLine {
  marker: 'revoked' | 'cert-authority' | null;
  /** Comma-separated patterns, or one hashed entry. */
  hosts: string;
  keyType: string;
  /** Base64 of the key blob, as written in the file. */
  key: string;
  /** The file it came from, for messages. */
  file?: string;
}

export type HostKeyVerdict =
  | { kind: 'known' }
  | { kind: 'unknown'; otherTypesKnown: string[] }
  | { kind: 'changed'; knownTypes: string[]; file?: string }
  | { kind: 'revoked'; file?: string };

/** The name a host is stored under: `host` on port 22, else `[host]:port`. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string, file?: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const f = line.split(/\s+/);
    let marker: KnownHostLine['marker'] = null;
    if (f[0]?.startsWith('@')) {
      const m = f.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue; // unknown marker: ignore the line, as OpenSSH does
    }
    const [hosts, keyType, key] = f;
    if (hosts === undefined || keyType === undefined || key === undefined) continue;
    out.push(file === undefined ? { marker, hosts, keyType, key } : { marker, hosts, keyType, key, file });
  }
  return out;
}

function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i');
}

function hashedMatches(entry: string, name: string): boolean {
  const parts = entry.split('|'); // ['', '1', salt, hash]
  const [, version, salt = '', hash] = parts;
  if (parts.length !== 4 || version !== '1') return false;
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return mac === hash;
}

/** Does a known_hosts host field name this host? Negated patterns win over positive ones. */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatches(field, name);
  let matched = false;
  for (const pat of field.split(',')) {
    if (!pat) continue;
    if (pat.startsWith('!')) {
      if (globToRegExp(pat.slice(1)).test(name)) return false;
    } else if (globToRegExp(pat).test(name)) matched = true;
  }
  return matched;
}

/** The key type written at the start of an SSH key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** `SHA256:…` as `ssh-keygen -l` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Check a presented host key blob against parsed known_hosts lines, for every name the host goes by. */
export function verifyHostKey(lines: KnownHostLine[], names: string[], blob: Buffer): HostKeyVerdict {
  const type = keyTypeOf(blob);
  const b64 = blob.toString('base64');
  let known = false;
  const types = new Set<string>();
  let changedIn: string | undefined;
  for (const l of lines) {
    if (l.marker === 'revoked') {
      if (l.key === b64) return l.file === undefined ? { kind: 'revoked' } : { kind: 'revoked', file: l.file }; // refused whatever host it names
      continue;
    }
    if (l.marker === 'cert-authority') continue;
    if (!names.some((n) => hostFieldMatches(l.hosts, n))) continue;
    if (l.keyType === type) {
      if (l.key === b64) known = true;
      else {
        types.add(l.keyType);
        changedIn ??= l.file;
      }
    } else types.add(l.keyType);
  }
  if (known) return { kind: 'known' };
  if (types.has(type)) return changedIn === undefined ? { kind: 'changed', knownTypes: [...types] } : { kind: 'changed', knownTypes: [...types], file: changedIn };
  return { kind: 'unknown', otherTypesKnown: [...types] };
}

/** Key types already known for a host, to ask the server for those first (as OpenSSH does). */
export function knownTypesFor(lines: KnownHostLine[], names: string[]): string[] {
  const types = new Set<string>();
  for (const l of lines) if (!l.marker && names.some((n) => hostFieldMatches(l.hosts, n))) types.add(l.keyType);
  return [...types];
}

/** The `@cert-authority` line covering this host, if any (host certificates are not supported). */
export function certAuthorityFor(lines: KnownHostLine[], names: string[]): KnownHostLine | null {
  return lines.find((l) => l.marker === 'cert-authority' && names.some((n) => hostFieldMatches(l.hosts, n))) ?? null;
}

/** A line to append for accept-new: the plain name, or hashed as OpenSSH writes it with HashKnownHosts yes. */
export function knownHostsLine(name: string, blob: Buffer, hash = false): string {
  return `${hash ? hashHostName(name) : name} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`;
}

/** A hashed host field, for tests and for users who want hashed entries. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}
