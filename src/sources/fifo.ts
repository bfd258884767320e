// Named pipes (FIFOs, and `<(journalctl …)`, which is /dev/fd/N). A plain open() of a FIFO waits
// for a writer, and a read waits for data, both on a libuv thread that no signal can free: Ctrl-C
// would abort the scan but the process could not exit until someone wrote to the pipe. So local
// files are opened with O_NONBLOCK (never waits), and a FIFO is read through a net.Socket (epoll,
// not the thread pool), which the abort destroys at once. See docs/sources.md.
import { close as closeRaw, constants, fstat, open as openFd, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
// node:net is loaded only for a FIFO (process.getBuiltinModule below): every scan loads this file,
// and node:net costs ~1 ms of start-up (docs/benchmarks.md, tenth pass).
import type { Socket } from 'node:net';
import { promisify } from 'node:util';
import { peek, readableChunks } from './chunks.js';
import { decode } from './decode.js';
import { describeSourceError, SourceFailure } from './describe-error.js';
import { once, type Item } from './opened.js';
import { countBytes, ProgressReporter } from './progress.js';
import type { LocalOptions } from './local-options.js';

// O_NONBLOCK does not exist on Windows, where FIFOs do not either.
const NO_WAIT = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const openRaw = promisify(openFd);
const fstatRaw = promisify(fstat);

/**
 * Opens a local path for reading without ever waiting: a FIFO with no writer opens at once (so
 * a path that became a FIFO after isFifo() said no cannot hang the scan). O_NONBLOCK changes
 * nothing for regular files and directories; a character device (a terminal) is reopened without
 * it, since its reads would fail with EAGAIN.
 */
export async function openNoWait(path: string, noFollow = false): Promise<{ fh: FileHandle; st: Stats }> {
  let fh = await open(path, NO_WAIT | (noFollow ? (constants.O_NOFOLLOW ?? 0) : 0));
  let st: Stats;
  try {
    st = await fh.stat();
    if (st.isCharacterDevice()) {
      await fh.close();
      fh = await open(path, 'r');
      st = await fh.stat();
    }
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err;
  }
  return { fh, st };
}

/** Whether `path` is a FIFO now (stat does not open it, so it never waits). */
export async function isFifo(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFIFO(),
    () => false,
  );
}

/**
 * Streams a FIFO until its writer closes it (like `cat`), or until the abort, which ends it at
 * once even when no writer ever came. Opened once only: data a writer left in the pipe is lost
 * when its last reader closes it. Gzip is sniffed like files; a zip or journal cannot be read from
 * a pipe (both need random access), which the error says.
 */
export async function* openFifo(path: string, label: string, opts: LocalOptions): AsyncGenerator<Item> {
  const progress = new ProgressReporter(label, null, opts.onProgress);
  let socket: Socket;
  let fd: number | null = null;
  try {
    fd = await openRaw(path, NO_WAIT);
    const st = await fstatRaw(fd);
    if (!st.isFIFO()) throw new SourceFailure(`${label} changed while it was being opened (a named pipe was replaced): try again`);
    const net = process.getBuiltinModule('node:net');
    // The socket owns the fd from here: destroying it closes the fd.
    socket = new net.Socket({ fd, readable: true, writable: false });
  } catch (err) {
    if (fd !== null) closeRaw(fd, () => undefined);
    yield { source: label, message: describeSourceError(err, label) };
    return;
  }
  const close = once(() => socket.destroy());
  try {
    const peeked = await peek(countBytes(readableChunks(socket, opts.signal), progress));
    yield await decode({
      peeked,
      // Still being written: `short` lines are dated up to when they are read (no writtenAt).
      meta: { label, host: null, unit: null, envelope: null, year: opts.year },
      name: path,
      size: null,
      progress,
      close,
      signal: opts.signal,
      where: 'a pipe',
    });
  } catch (err) {
    await close();
    yield { source: label, message: describeSourceError(err, label) };
  }
}
