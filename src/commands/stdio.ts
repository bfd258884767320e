// Writing to stdout and stderr when the other end may fail. Two cases, told apart by the error:
// - the reader is gone (EPIPE: `| head -1` took what it wanted): stop writing, quietly, and keep
//   the exit code: the work was done;
// - any other write error (ENOSPC: `> findings.json` on a full disk, EIO): the output is incomplete,
//   which a script must see: one line on stderr and exit 1 (README.md, exit codes).
// Without a listener Node throws an unhandled 'error' event (a stack trace, exit 1 even when every
// grant went through), so every command's streams are guarded before its handler runs.
import { EXIT } from '../errors.js';
import type { CommandFactory } from './context.js';

type Writable = NodeJS.WritableStream;

export interface GuardedStream {
  /** Writes unless the stream failed or its reader left (then the text is dropped). */
  write(s: string): void;
  /** The reader left or a write failed: nothing more reaches it. */
  readonly gone: boolean;
  /** The first write error that was not the reader leaving. */
  readonly failure: NodeJS.ErrnoException | null;
  /** Resolves once everything written so far was written or failed (its error recorded). */
  settled(): Promise<void>;
  /**
   * Resolves when the stream can take more: at once, or at its 'drain' (or its end). A pipe is
   * written asynchronously: megabytes of output written without waiting are all held in memory
   * until the reader takes them (`scan --json | jq` of 7,797 findings: 120 MB peak against 91).
   */
  drained(): Promise<void>;
  /** Resolves once the reader left or a write failed (never, while the stream works). */
  whenGone(): Promise<void>;
}

const guards = new WeakMap<Writable, GuardedStream>();

/** The reader went away: the normal end of `| head`, not a failure. */
const readerGone = (e: NodeJS.ErrnoException) => e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED';

/** The one guard of a stream (installed on first use, kept for the process's life: late writes fail too). */
export function guarded(stream: Writable): GuardedStream {
  const known = guards.get(stream);
  if (known) return known;
  let gone = false;
  let failure: NodeJS.ErrnoException | null = null;
  let wentAway = (): void => undefined;
  const away = new Promise<void>((resolve) => (wentAway = resolve));
  const note = (e: NodeJS.ErrnoException) => {
    gone = true;
    if (!failure && !readerGone(e)) failure = e;
    wentAway();
  };
  stream.on('error', note);
  const g: GuardedStream = {
    write: (s) => {
      if (!gone && s !== '') stream.write(s);
    },
    get gone() {
      return gone;
    },
    get failure() {
      return failure;
    },
    drained: () => drainedOf(stream, () => gone),
    whenGone: () => away,
    // An empty write's callback comes after every earlier write (or with their error); the 'error'
    // event itself comes a tick later, hence the setImmediate.
    settled: () =>
      new Promise<void>((resolve) => {
        const done = () => setImmediate(resolve);
        // Nothing waiting (every write so far done, as Linux's file and pipe writes are): no probe,
        // whose empty write a device may refuse itself (/dev/full) though nothing was ever lost.
        if (gone || (stream as { writableLength?: number }).writableLength === 0) return done();
        stream.write('', (e?: Error | null) => {
          if (e) note(e);
          done();
        });
      }),
  };
  guards.set(stream, g);
  return g;
}

function drainedOf(stream: Writable, gone: () => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    if (gone() || !(stream as { writableNeedDrain?: boolean }).writableNeedDrain) return resolve();
    const done = (): void => {
      for (const e of ['drain', 'close', 'error'] as const) stream.off(e, done);
      resolve();
    };
    for (const e of ['drain', 'close', 'error'] as const) stream.once(e, done);
  });
}

/** What to say of a stdout that could not be written (the caller prints it once, on stderr). */
function outputFailureLine(e: NodeJS.ErrnoException): string {
  return `audit2grant: the output could not be written to stdout (${e.message}): it is incomplete\n`;
}

/**
 * Every command's handler with both process streams guarded; after it, a stdout that failed is said
 * on stderr and fails the run (1; a scan's 3, findings with --fail-on-findings, stays: it fails the
 * run too and says more), and a stderr that failed fails it silently (nothing left to say it on).
 */
export function withGuardedOutput(make: CommandFactory): CommandFactory {
  return (ctx) => {
    let code: number = EXIT.ok;
    const mod = make({ ...ctx, setExitCode: (c) => ctx.setExitCode((code = c)) });
    const handler = mod.handler;
    return {
      ...mod,
      handler: async (argv) => {
        const out = guarded(process.stdout);
        const err = guarded(process.stderr);
        await handler(argv);
        await Promise.all([out.settled(), err.settled()]);
        if (out.failure) reportOnce(out.failure, (s) => err.write(s));
        if ((out.failure || err.failure) && code !== EXIT.findings) ctx.setExitCode((code = EXIT.failed));
      },
    };
  };
}

const reported = new WeakSet<NodeJS.ErrnoException>();

/** The failure's line, once per failure (scan says it itself, for streams given by its caller). */
export function reportOnce(e: NodeJS.ErrnoException, write: (s: string) => void): void {
  if (reported.has(e)) return;
  reported.add(e);
  write(outputFailureLine(e));
}
