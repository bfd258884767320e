// Binary journal files (`*.journal`, magic `LPKSHHRH`): decoded by the local journalctl into export
// text. journalctl's failure (non-zero exit) becomes a SourceError with the first line it printed;
// a missing journalctl gets a message that says how to get it or what to do instead.
import type { ChildProcess } from 'node:child_process';
import type { FileHandle } from 'node:fs/promises';
import { onCleanup } from '../lifecycle.js';
import { peek, readableChunks, type Peeked } from './chunks.js';
import { SourceFailure, errorText, lastLine } from './describe-error.js';
import { once, type Item } from './opened.js';
import { countBytes, ProgressReporter } from './progress.js';
import type { LocalOptions } from './local-options.js';

const STDERR_CAP = 8 * 1024;

export const JOURNALCTL_MISSING =
  'journalctl not found: install systemd (apt-get install systemd) or export the journal with `journalctl -o export` on a machine that has it';

/** Spawned or the spawn error (ENOENT when journalctl is not on PATH). */
function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
}

/**
 * journalctl's --file takes a glob (glob(3), braces too): given the path, `[ab].journal` read
 * a.journal in its place, and `z*.journal` every z…journal beside it, links out of a walked tree
 * included. So the file already opened and sniffed is handed down as fd 3 and named `/dev/fd/3`,
 * which matches nothing but itself: that file is read, whatever its name, and nothing else
 * (journalctl 252 accepts it; test/sources/journal-names.test.ts).
 */
const INHERITED_FD = 3;

/** `file` is the open journal; the caller may close it once this has yielded (the child has its copy). */
export async function* openJournalFile(file: FileHandle, label: string, opts: LocalOptions): AsyncGenerator<Item> {
  // Loaded here: a scan of text files never compiles node:child_process (start-up). Not by
  // `import()`: the bundled CLI runs from a V8 code cache, where Node 20 has no callback for it.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn('journalctl', [`--file=/dev/fd/${INHERITED_FD}`, '-o', 'export', '--no-pager'], {
    stdio: ['ignore', 'pipe', 'pipe', file.fd],
    env: { ...process.env, SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' },
  });
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const unregister = onCleanup(kill);
  opts.signal.addEventListener('abort', kill, { once: true });
  const release = once(() => {
    kill();
    unregister();
    opts.signal.removeEventListener('abort', kill);
  });
  try {
    await started(child);
  } catch (err) {
    await release();
    const missing = (err as { code?: unknown }).code === 'ENOENT';
    yield { source: label, message: missing ? JOURNALCTL_MISSING : `cannot run journalctl for ${label}: ${errorText(err)}` };
    return;
  }
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  // Keep the tail: journalctl may print many warnings (corrupt files) before the error that matters.
  child.stderr?.on('data', (s: string) => {
    stderr = (stderr + s).slice(-STDERR_CAP);
  });
  const progress = new ProgressReporter(label, null, opts.onProgress);

  async function* output(): AsyncGenerator<Buffer> {
    yield* countBytes(readableChunks(child.stdout!, opts.signal), progress);
    if (opts.signal.aborted) return;
    const { code, signal } = await exited(child);
    if (code !== 0) {
      // Its words name the descriptor it was handed: said as the file it is.
      const why = lastLine(stderr).split(`/dev/fd/${INHERITED_FD}`).join(label) || (signal ? `killed by ${signal}` : `exit status ${code}`);
      throw new SourceFailure(`journalctl could not read ${label}: ${why}`);
    }
  }
  let peeked: Peeked;
  try {
    peeked = await peek(output());
  } catch (err) {
    await release();
    yield { source: label, message: errorText(err) };
    return;
  }
  yield {
    meta: { label, host: null, unit: null, envelope: null, year: opts.year },
    size: null,
    framing: 'export',
    chunks: peeked.all,
    progress,
    close: once(async () => {
      await release();
      await peeked.stop();
    }),
  };
}
