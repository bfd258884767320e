// The host key check of one hop, as OpenSSH's client does it: every UserKnownHostsFile and
// GlobalKnownHostsFile is read, the key is looked up under one name (HostKeyAlias, else the HostName
// with `[…]:port` off port 22; never the alias typed on the command line), a new key is appended to
// the first UserKnownHostsFile (hashed with HashKnownHosts yes) only under StrictHostKeyChecking
// accept-new, and a changed or revoked key is always refused. There is no way to turn it off: a
// UserKnownHostsFile that keeps nothing (`/dev/null`, another device, a FIFO) takes no new key, or
// every key would be new on every run, a changed one included (docs/sources.md, "Known hosts").
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeText } from '../../core/text.js';
import type { HostKeyPolicy } from './config.js';
import { certAuthorityFor, fingerprint, hostFieldMatches, keyTypeOf, knownHostsLine, knownTypesFor, parseKnownHosts, verifyHostKey, type KnownHostLine } from './known-hosts.js';

/** Keys accepted during this run, so 20 connections through one new jump host append it once. */
const appended = new Map<string, Promise<void>>();

/** Larger than any real known_hosts (a line is ~100 bytes): a file past it is refused, not read into memory. */
const MAX_KNOWN_HOSTS_BYTES = 64 << 20;

async function readKnownHosts(file: string): Promise<KnownHostLine[]> {
  let st;
  try {
    st = await stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new Error(`cannot read known_hosts ${file}: ${code ?? String(e)}`);
  }
  // Only a regular file is read: a FIFO would block the scan past any signal, a device (other than
  // the null device, `UserKnownHostsFile /dev/null`) would be read without end.
  if (!st.isFile()) {
    if (st.isCharacterDevice() && st.rdev === (await stat('/dev/null').catch(() => null))?.rdev) return [];
    throw new Error(`cannot read known_hosts ${file}: not a regular file`);
  }
  if (st.size > MAX_KNOWN_HOSTS_BYTES) throw new Error(`cannot read known_hosts ${file}: ${st.size} bytes, more than a known_hosts file holds`);
  try {
    return parseKnownHosts(await readFile(file, 'utf8'), file);
  } catch (e) {
    throw new Error(`cannot read known_hosts ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** Does what is appended to `file` stay there? A regular file (or one to be created) does; `/dev/null`, a device, a FIFO or a socket does not. */
async function keepsWhatIsWritten(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    // Not there yet: it is created as a file (any other trouble shows when the key is appended).
    return true;
  }
}

async function acceptNew(file: string, name: string, blob: Buffer, hash: boolean): Promise<void> {
  const key = `${file}\0${name}\0${blob.toString('base64')}`;
  let p = appended.get(key);
  if (!p) {
    p = (async () => {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await appendFile(file, knownHostsLine(name, blob, hash), { mode: 0o600 });
    })();
    appended.set(key, p);
  }
  await p;
}

export interface HostKeyCheck {
  /** Key algorithms to ask the server for first: the types already known for this host. */
  preferred: string[];
  /** An ssh2 `hostVerifier`. */
  verify(blob: Buffer, done: (ok: boolean) => void): void;
  /** Why the key was refused, once `verify` said no. */
  refusal(): string | null;
}

const ALGOS: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
};

function changed(name: string, fp: string, file: string, what: string): string {
  return `WARNING: THE HOST KEY OF ${name} HAS CHANGED (it now presents ${fp}; ${file} holds ${what}). Someone may be intercepting the connection, or the node was reinstalled. Refused. If the new key is right, remove the old one with: ssh-keygen -R '${name}' -f ${file}`;
}

export async function prepareHostKeyCheck(policy: HostKeyPolicy): Promise<HostKeyCheck> {
  const files = [...policy.userFiles, ...policy.globalFiles];
  const lines = (await Promise.all(files.map(readKnownHosts))).flat();
  const names = [policy.name];
  const name = policy.name;
  const addTo = policy.userFiles[0] ?? null;
  const keeps = addTo !== null && policy.acceptNew ? await keepsWhatIsWritten(addTo) : true;
  const shown = addTo ?? 'any known_hosts file (UserKnownHostsFile is none)';
  let refusal: string | null = null;
  return {
    preferred: knownTypesFor(lines, names).flatMap((k) => ALGOS[k] ?? []),
    refusal: () => refusal,
    verify(blob, done) {
      const v = verifyHostKey(lines, names, blob);
      // The key type is the server's bytes: made safe before it is named in a refusal.
      const fp = `${safeText(keyTypeOf(blob))} key ${fingerprint(blob)}`;
      if (v.kind === 'known') return done(true);
      if (v.kind === 'revoked') refusal = `host key of ${name} (${fp}) is marked @revoked in ${v.file ?? shown}: refused`;
      else if (v.kind === 'changed') refusal = changed(name, fp, v.file ?? shown, 'another');
      // Known under another key type only: a switch of key type is a changed key too (accept-new must
      // not add it, or whoever sits in the middle just presents another type).
      else if (v.otherTypesKnown.length) {
        const other = lines.find((l) => !l.marker && l.keyType !== keyTypeOf(blob) && hostFieldMatches(l.hosts, name));
        refusal = changed(name, fp, other?.file ?? shown, `a key of another type: ${v.otherTypesKnown.join(', ')}`);
      } else if (!policy.acceptNew) {
        const ca = certAuthorityFor(lines, names);
        refusal = ca
          ? `${name} is vouched for by a @cert-authority line in ${ca.file ?? shown}, but audit2grant does not support host certificates: it needs the host's own key (${fp}) in ${shown}. Check that fingerprint, then rerun with --accept-new-host-key to add it`
          : `host key of ${name} is not in ${shown} (${fp}): refused. Check the fingerprint, then rerun with --accept-new-host-key to add it`;
      } else if (addTo === null) refusal = `host key of ${name} (${fp}) is new, and UserKnownHostsFile is none: nowhere to record it, refused`;
      else if (!keeps) {
        refusal =
          `host key of ${name} (${fp}) is new, and UserKnownHostsFile ${addTo} keeps nothing written to it: accepting it would accept any key of ${name} ` +
          `on every run, a changed one included (OpenSSH does so with StrictHostKeyChecking no); refused. Check the fingerprint, then add it to a ` +
          `known_hosts file, e.g. with --known-hosts ~/.ssh/known_hosts --accept-new-host-key`;
      }
      if (refusal) return done(false);
      acceptNew(addTo!, name, blob, policy.hash).then(
        () => done(true),
        (e) => {
          refusal = `cannot add the host key of ${name} to ${addTo}: ${(e as Error).message}`;
          done(false);
        },
      );
    },
  };
}
