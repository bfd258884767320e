// Follow a growing local file like `tail -F`: read it from the start to its end, then wait for
// appends (fs.watch wakes us early; a poll covers filesystems without inotify and a path that was
// replaced). A file that shrinks (truncated, or rewritten in place) is read again from the start;
// a file replaced at its path (rotated: renamed away and created anew) is read to its end, then
// the new one from its start. Both are said through the progress reporter (state back to
// `reading`, with a note). Memory stays bounded: big reads go into a small pool of buffers (the
// chunk-lifetime contract of index.ts), small appends into buffers of their own size.
import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { READ_CHUNK } from './chunks.js';
import { openNoWait } from './fifo.js';
import { ProgressReporter } from './progress.js';

export interface FollowOptions {
  signal: AbortSignal;
  /** How often to look for appends when no watch event came (default 250 ms). */
  pollMs?: number;
  /** Largest read (default 1 MiB). */
  chunkBytes?: number;
  /** States `reading` → `following`; back to `reading` with a note after a truncation or rotation. */
  progress?: ProgressReporter;
  /** The file already open at `path` (openFile sniffed it); closed when the follow ends. */
  handle?: FileHandle;
  /** Name for notes (default: the path). */
  label?: string;
}

/** A pool like file.ts's, one read at a time: a chunk stays valid for POOL - 1 further pulls (≥ FILE_CHUNK_LIFETIME). */
const POOL = 8;
/** Reads smaller than this get a buffer of their own instead of a 1 MiB pool buffer. */
const SMALL_READ = 64 * 1024;

export async function* followFile(path: string, o: FollowOptions): AsyncGenerator<Buffer> {
  const pollMs = o.pollMs ?? 250;
  const chunkBytes = o.chunkBytes ?? READ_CHUNK;
  const label = o.label ?? path;
  const progress = o.progress ?? new ProgressReporter(label, null);
  let fh: FileHandle = o.handle ?? (await open(path, 'r'));
  let pos = 0;
  let slot = 0;
  const pool: Buffer[] = [];
  let wake: (() => void) | null = null;
  // A watch event while we were reading: look again at once instead of waiting for the poll.
  let poked = false;
  const poke = (): void => {
    const w = wake;
    wake = null;
    if (w) w();
    else poked = true;
  };
  const watcher: { current: FSWatcher | null } = { current: null };
  const rewatch = (): void => {
    watcher.current?.close();
    try {
      watcher.current = watch(path, { persistent: false }, poke);
      watcher.current.on('error', () => undefined);
    } catch {
      watcher.current = null; // no inotify (or the path vanished): polling alone
    }
  };
  o.signal.addEventListener('abort', poke);
  /**
   * The last byte handed out was not a line end. When another file takes the path (rotation), the
   * old file was read to its end, where its writer still writes: a last line still unfinished there
   * is ended (one `\n` handed out, counted in the scan's bytes), not joined to the new file's first
   * line into a line neither file holds. A truncation keeps it: with copytruncate the writer goes on
   * writing that very line at the start of the emptied file, and joined, it is the line it wrote.
   */
  let midLine = false;
  const lineEnd = (): Buffer => {
    midLine = false;
    return Buffer.from('\n');
  };
  try {
    let ino = (await fh.stat()).ino;
    rewatch();
    while (!o.signal.aborted) {
      const { size } = await fh.stat();
      if (size < pos) {
        pos = 0;
        progress.restart(`${label} was truncated: reading it again from the start`, size);
      } else progress.setSize(size);
      if (size > pos) {
        const want = Math.min(chunkBytes, size - pos);
        let buf: Buffer;
        if (want < SMALL_READ) buf = Buffer.allocUnsafe(want);
        else {
          buf = pool[slot] ??= Buffer.allocUnsafeSlow(chunkBytes);
          slot = (slot + 1) % POOL;
        }
        const { bytesRead } = await fh.read(buf, 0, want, pos);
        if (bytesRead > 0) {
          pos += bytesRead;
          progress.add(bytesRead);
          const chunk = bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
          midLine = chunk[chunk.length - 1] !== 0x0a;
          yield chunk;
          continue;
        }
      }
      // At the end of the open file: was another file put at the path (log rotation)?
      // Only a regular file takes over: a FIFO put there would hold the follow (fifo.ts).
      const atPath = await stat(path).catch(() => null);
      if (atPath && atPath.ino !== ino && atPath.isFile()) {
        // Read what was still written to the old file before leaving it.
        if ((await fh.stat()).size > pos) continue;
        const next = await openNoWait(path).catch(() => null);
        if (next && !next.st.isFile()) await next.fh.close().catch(() => undefined);
        else if (next) {
          await fh.close().catch(() => undefined);
          fh = next.fh;
          ino = next.st.ino;
          pos = 0;
          progress.restart(`${label} was replaced (rotated): reading the new file from the start`, null);
          if (midLine) yield lineEnd();
          rewatch();
          continue;
        }
      }
      progress.following();
      if (poked) {
        poked = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
        if (o.signal.aborted) poke();
      });
    }
  } finally {
    o.signal.removeEventListener('abort', poke);
    watcher.current?.close();
    await fh.close().catch(() => undefined);
  }
}
