// Turns what fs, zlib, yauzl and child processes throw into one line for the user: what happened
// to which source, and what to do. Never a stack trace.
import { formatBytes } from '../core/format.js';
import type { IncompleteKind } from '../core/types.js';

function code(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

export function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 300);
}

/** The last non-empty line (a program's error usually comes after its warnings), trimmed and capped. */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return (lines.at(-1) ?? '').trim().slice(0, 300);
}

export function errorText(err: unknown): string {
  return firstLine(err instanceof Error ? err.message : String(err));
}

/** An error whose message is already the one line for the user (names the source, says what to do). */
export class SourceFailure extends Error {
  override name = 'SourceFailure';
}

/**
 * The input ended early or held bytes that were not read, but everything before was read and
 * scanned: a warning of `kind` (the scan is incomplete), not a failed source. The text is made
 * where the facts are, the label added where the stream is delivered.
 */
export class IncompleteInput extends Error {
  override name = 'IncompleteInput';
  constructor(
    readonly kind: IncompleteKind,
    private readonly text: (label: string) => string,
  ) {
    super(kind);
  }

  describe(label: string): string {
    return this.text(label);
  }
}

/** An exact byte count, with its size in binary units when that reads easier: `14988890 bytes (14.3 MiB)`. */
export function byteCount(n: number): string {
  if (n === 1) return '1 byte';
  return n < 1024 ? `${n} bytes` : `${n} bytes (${formatBytes(n)})`;
}

/** What gunzip.ts decoded before its error (`decompressed` on the error), as scanned. */
function scannedBefore(err: unknown, what: string): string {
  const n = (err as { decompressed?: unknown } | null)?.decompressed;
  if (n === 0) return `nothing was decompressed before ${what}`;
  return typeof n === 'number' ? `the ${byteCount(n)} decompressed before ${what} ${n === 1 ? 'was' : 'were'} scanned` : `the data before ${what} was scanned`;
}

/** A one-line message for an error that happened while opening or reading `label`. */
export function describeSourceError(err: unknown, label: string): string {
  if (err instanceof SourceFailure) return firstLine(err.message);
  if (err instanceof IncompleteInput) return firstLine(err.describe(label));
  switch (code(err)) {
    case 'ENOENT':
      return `no such file or directory: ${label}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${label} (run as a user who can read it, e.g. with sudo, or copy it somewhere readable)`;
    case 'EISDIR':
      return `is a directory, expected a file: ${label}`;
    case 'ENOTDIR':
      return `not a directory (a path component is a file): ${label}`;
    case 'ELOOP':
      return `too many levels of symbolic links: ${label}`;
    case 'EIO':
      return `input/output error reading ${label}: a disk or device problem, or a special file that cannot be read as a log`;
    case 'EMFILE':
    case 'ENFILE':
      return `too many open files while reading ${label}: raise the limit (ulimit -n) or pass fewer files`;
    case 'Z_BUF_ERROR':
      return `truncated gzip: ${label} ends before the end of its compressed data (${scannedBefore(err, 'the cut')}; copy the file again to read the rest)`;
    case 'Z_DATA_ERROR':
      return `corrupt gzip data in ${label}: ${errorText(err)} (${scannedBefore(err, 'the damage was found')})`;
    default:
      return `cannot read ${label}: ${errorText(err)}`;
  }
}
