// Opening the ledger file so that nobody else can steer it (docs/ledger.md, "Who may touch it"):
// never through a symbolic link (O_NOFOLLOW), never a FIFO or device (O_NONBLOCK, then fstat), only in
// a directory of our own that others cannot write, only a file of our own; a file others may read or
// write loses those bits (0644 becomes 0600; we own it, so we may), except when only read on a read-only
// file system and others cannot write it (a warning then). Every refusal is one line saying what to do.
import { closeSync, constants, fchmodSync, fstatSync, mkdirSync, lstatSync, openSync, readSync, statfsSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { OperationalError } from '../errors.js';

export class LedgerError extends OperationalError {}

const READ = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const APPEND = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;
// Every hint is a whole sentence: this one alone, or joined to what else may be done with `orElsewhere`.
const ELSEWHERE = 'point XDG_STATE_HOME to a directory of your own';
const orElsewhere = (first: string): string => `${first}, or ${ELSEWHERE}`;

const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`;

/** Our effective uid, or null where there is none (not POSIX: the owner checks are skipped). */
function myUid(): number | null {
  return typeof process.geteuid === 'function' ? process.geteuid() : null;
}

/** The directory is ours, not a symbolic link, and others cannot write it. False when it does not exist (reading only). */
function checkDir(dir: string, create: boolean): boolean {
  if (create) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new LedgerError(`cannot create the ledger directory ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, ELSEWHERE);
    }
  }
  let st;
  try {
    // lstat: a link would let whoever can change it (or its target) steer the ledger, as for the file.
    st = lstatSync(dir);
  } catch (e) {
    if (!create && (e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new LedgerError(`cannot use the ledger directory ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, ELSEWHERE);
  }
  if (st.isSymbolicLink()) throw new LedgerError(`the ledger directory ${dir} is a symbolic link: refused`, orElsewhere('move the link away (audit2grant makes a directory of its own there)'));
  if (!st.isDirectory()) throw new LedgerError(`the ledger directory ${dir} is not a directory`, ELSEWHERE);
  const me = myUid();
  if (me !== null && st.uid !== me) {
    throw new LedgerError(`the ledger directory ${dir} belongs to uid ${st.uid}, not to you (uid ${me}): refused`, ELSEWHERE);
  }
  if (st.mode & 0o022) {
    throw new LedgerError(`the ledger directory ${dir} may be written by others (mode ${octal(st.mode)}): refused`, orElsewhere(`run \`chmod go-w ${dir}\``));
  }
  return true;
}

/** Open and check the file; null when reading a file that does not exist. */
function openChecked(path: string, flags: number, onWarning?: (w: string) => void): number | null {
  let fd: number;
  try {
    fd = openSync(path, flags, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !(flags & constants.O_CREAT)) return null;
    if (code === 'ELOOP') throw new LedgerError(`the ledger ${path} is a symbolic link: refused`, orElsewhere('move the link away (audit2grant writes a regular file there)'));
    // EISDIR: a directory opened for writing; ENXIO: a FIFO with no reader.
    if (code === 'EISDIR' || code === 'ENXIO') throw new LedgerError(`the ledger ${path} is not a regular file: refused`, orElsewhere('move it away'));
    throw new LedgerError(`cannot open the ledger ${path} (${code ?? (e as Error).message})`, orElsewhere(code === 'EROFS' ? 'its file system is read-only: remount it read-write' : 'check the file'));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LedgerError(`the ledger ${path} is not a regular file: refused`, orElsewhere('move it away'));
    const me = myUid();
    if (me !== null && st.uid !== me) {
      throw new LedgerError(`the ledger ${path} belongs to uid ${st.uid}, not to you (uid ${me}): refused`, orElsewhere('move it away'));
    }
    if (st.mode & 0o077) {
      // Only the others' bits go: a file its owner made read-only (0444) stays so (0400), even when read by `history`.
      const tight = st.mode & 0o700;
      try {
        fchmodSync(fd, tight);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // Reading a file nobody else can write, on a read-only file system (a backup, a bind mount):
        // its mode cannot change there, and what it says cannot have been forged by others since it
        // was mounted so. Read with a warning; writing never gets here (its open fails: EROFS).
        if (code === 'EROFS' && !(flags & constants.O_CREAT) && !(st.mode & 0o022)) {
          onWarning?.(`the ledger ${path} can be read by others (mode ${octal(st.mode)}), and its file system is read-only, so its mode was not tightened: read as it is`);
          return fd;
        }
        const hint = code === 'EROFS' ? `others may write it: move it to a directory of your own and run \`chmod 600\` on it there, or ${ELSEWHERE}` : `run \`chmod 600 ${path}\``;
        throw new LedgerError(`the ledger ${path} may be read or written by others (mode ${octal(st.mode)}) and cannot be tightened (${code ?? 'error'}): refused`, hint);
      }
      onWarning?.(`the ledger ${path} could be read or written by others (mode ${octal(st.mode)}): tightened to ${octal(tight)}`);
    }
    return fd;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** The file's text; null when it (or its directory) does not exist yet. */
export function readLedgerFile(path: string, onWarning?: (w: string) => void): string | null {
  if (!checkDir(dirname(path), false)) return null;
  const fd = openChecked(path, READ, onWarning);
  if (fd === null) return null;
  try {
    const chunks: Buffer[] = [];
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    throw new LedgerError(`cannot read the ledger ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, orElsewhere('check the file'));
  } finally {
    closeSync(fd);
  }
}

/**
 * Append whole lines: each one write(2) on an O_APPEND descriptor, so concurrent runs never interleave.
 * When the file does not end with a newline (a writer died mid-line), the first line written starts
 * with one, so the torn line stays alone and never swallows this record.
 */
export function appendLedgerFile(path: string, lines: readonly string[], onWarning?: (w: string) => void): void {
  checkDir(dirname(path), true);
  const fd = openChecked(path, APPEND, onWarning) as number;
  try {
    const size = fstatSync(fd).size;
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    for (const text of lines) {
      const line = Buffer.from(`${lead}${text}\n`);
      lead = '';
      const n = writeSync(fd, line);
      if (n !== line.length) throw new LedgerError(`short write to the ledger ${path}`, 'check the free space');
    }
  } catch (e) {
    if (e instanceof LedgerError) throw e;
    throw new LedgerError(`cannot write the ledger ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, orElsewhere('check the file and the free space'));
  } finally {
    closeSync(fd);
  }
}

/** What the ledger's file system must have free before an intent: its line and its outcome's, in whole blocks, many times over. */
export const LEDGER_ROOM = 64 * 1024;

/**
 * Refuses (LedgerError) when the ledger's file system has less than `bytes` free for us: an intent
 * written there might not be followed by its outcome, and undo reads an intent alone as "may be
 * applied", even for a pair the IAM held before (`already held`). Not knowable (no statfs): the
 * writes themselves tell. A quota, or another writer filling the disk meanwhile, is not seen.
 */
export function ensureLedgerRoom(path: string, bytes = LEDGER_ROOM): void {
  let free: number;
  try {
    const st = statfsSync(dirname(path));
    free = st.bavail * st.bsize;
  } catch {
    return;
  }
  if (free < bytes) {
    throw new LedgerError(
      `the file system of the ledger ${path} has ${free} bytes free, less than the ${bytes} audit2grant keeps so that a change's outcome can follow its intent: this change was not sent`,
      orElsewhere('free some space'),
    );
  }
}
