// Reading the files that hold a secret (--token-file, --private-key, --sa-secret). One that other
// users of the machine may read is said in a warning: the secret may already be out, and a run that
// went on quietly would never tell the operator. A warning, not ssh's refusal: secrets mounted by an
// orchestrator (a CI runner's secret volume, 0644 or 0444 by default) cannot be chmod-ed by the
// job, and refusing would only push the token onto the command line. Only regular files: a
// pipe (`--token-file <(pass show dcos)`) or a device belongs to this process. A file is read
// through the descriptor its mode was checked on, and only up to a bound (a secret is a few KB).
// `-` is stdin, read once per process however many times the cluster is resolved.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** Far above any token, PEM key or secret JSON; what is larger is not one. */
const MAX_SECRET_BYTES = 1024 * 1024;

/** Permission bits that let the group or others read a file. */
const READABLE_BY_OTHERS = 0o044;

let stdinText: string | undefined;

function readAll(fd: number, what: string, file: string): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking stdin has nothing yet: wait a little, as a blocking read would.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw new UsageError(`cannot read ${what} ${file} (${code ?? 'error'})`, 'check the path and its permissions');
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_SECRET_BYTES) throw new UsageError(`${what} ${file} is larger than ${MAX_SECRET_BYTES / 1024 / 1024} MiB: it does not hold a credential`, 'check the path');
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What `-` (stdin) holds; a terminal is refused, a token typed there would be shown on the screen. */
function readStdin(what: string): string {
  if (stdinText !== undefined) return stdinText;
  // node:tty only when asked (it loads node:net, which a scan never needs: docs/benchmarks.md).
  if (process.getBuiltinModule('node:tty').isatty(0)) throw new UsageError(`${what} - reads stdin, but stdin is a terminal`, 'pipe the token in, e.g. `pass show dcos | audit2grant … --token-file -`, or give a file');
  stdinText = readAll(0, what, '- (stdin)');
  return stdinText;
}

/**
 * The text of a secret file, `what` naming it in messages (`the --private-key file`); `warn` hears
 * that the group or others may read it. `-` is stdin when `stdin` is allowed.
 */
export function readSecretFile(file: string, what: string, warn: (w: string) => void, opts: { stdin?: boolean } = {}): string {
  if (file === '-' && opts.stdin) return readStdin(what);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path and its permissions');
  }
  try {
    const st = fstatSync(fd);
    // Windows has no such bits (every file reads as 0o666).
    if (st.isFile() && process.platform !== 'win32' && (st.mode & READABLE_BY_OTHERS) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      warn(`${what} ${file} may be read by other users of this machine (mode ${mode}): it holds a secret; make it private (chmod 600 ${file}) unless an orchestrator mounted it so`);
    }
    return readAll(fd, what, file);
  } finally {
    closeSync(fd);
  }
}

