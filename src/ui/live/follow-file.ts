// Follow a growing local file (like `tail -f`): read what is there, then wait for appends (fs.watch
// wakes us early; a short poll covers filesystems without inotify), and start over when the file is
// truncated. The pipeline reads files once; this is the interactive loop's file follower (the demo's
// journal, or a file another process appends to). Candidate for moving into src/sources/.
import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export interface FollowOptions {
  signal: AbortSignal;
  /** Poll interval when no watch event arrives (default 250 ms). */
  pollMs?: number;
  chunkBytes?: number;
  /** Told the file size and bytes read after each read. */
  onRead?(bytesRead: number, size: number): void;
  /** Told once the end of the existing content is reached (state becomes "following"). */
  onCaughtUp?(): void;
  /** Told every time the end is reached, before waiting for appends. */
  onIdle?(): void;
}

export async function* followFile(path: string, o: FollowOptions): AsyncGenerator<Buffer> {
  const pollMs = o.pollMs ?? 250;
  const chunk = o.chunkBytes ?? 1 << 20;
  const fh: FileHandle = await open(path, 'r');
  let pos = 0;
  let caughtUp = false;
  let wake: (() => void) | null = null;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(path, { persistent: false }, () => wake?.());
    watcher.on('error', () => undefined);
  } catch {
    watcher = null; // no inotify: polling alone
  }
  const onAbort = () => wake?.();
  o.signal.addEventListener('abort', onAbort);
  try {
    while (!o.signal.aborted) {
      const { size } = await fh.stat();
      if (size < pos) pos = 0; // truncated (or replaced in place): read again from the start
      if (size > pos) {
        const buf = Buffer.allocUnsafe(Math.min(chunk, size - pos));
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead > 0) {
          pos += bytesRead;
          o.onRead?.(pos, size);
          yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
          continue;
        }
      }
      o.onIdle?.();
      if (!caughtUp) {
        caughtUp = true;
        o.onCaughtUp?.();
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    watcher?.close();
    await fh.close().catch(() => undefined);
  }
}
