// Throttled progress for one stream: at most ~10 reports a second while reading, plus one at every
// state change, so a UI or a stderr status line never gets flooded by a fast local read.
import type { SourceProgress, SourceState } from '../core/types.js';

const INTERVAL_MS = 100;

export class ProgressReporter {
  private bytes = 0;
  private last = 0;
  private state: SourceState = 'pending';
  /** Notes given before the start (while the stream was sniffed): said right after it. */
  private early: string[] | null = [];

  constructor(
    private readonly label: string,
    private size: number | null,
    private readonly sink?: (p: SourceProgress) => void,
  ) {}

  /** `note`: how the stream is read, said once with its start (a UTF-16 file decoded). */
  start(note?: string): void {
    this.emit('reading', undefined, note);
    const early = this.early ?? [];
    this.early = null;
    for (const n of early) this.emit('reading', undefined, n);
  }

  /** A note found while reading (a UTF-16 file going on in UTF-8): after the start's, whenever it comes. */
  note(text: string): void {
    if (this.early) this.early.push(text);
    else this.emit(this.state, undefined, text);
  }

  add(n: number): void {
    this.bytes += n;
    if (!this.sink) return;
    const now = Date.now();
    if (now - this.last >= INTERVAL_MS) this.emit(this.state === 'pending' ? 'reading' : this.state);
  }

  /** A growing source (followed file) changed size: later reports use it for the percentage. */
  setSize(size: number | null): void {
    this.size = size;
  }

  /** A live source caught up with its end and waits for more (reported once per catch-up). */
  following(): void {
    if (this.state !== 'following') this.emit('following');
  }

  /** A followed file starts over (truncated or replaced): bytes from 0, back to `reading`, with why. */
  restart(note: string, size: number | null): void {
    this.bytes = 0;
    this.size = size;
    this.emit('reading', undefined, note);
  }

  done(): void {
    if (this.state !== 'done' && this.state !== 'failed') this.emit('done');
  }

  failed(error: string): void {
    if (this.state !== 'done' && this.state !== 'failed') this.emit('failed', error);
  }

  private emit(state: SourceState, error?: string, note?: string): void {
    this.state = state;
    this.last = Date.now();
    if (!this.sink) return;
    const p: SourceProgress = { label: this.label, state, bytes: this.bytes, size: this.size };
    if (error !== undefined) p.error = error;
    if (note !== undefined) p.note = note;
    this.sink(p);
  }
}

/** Passes chunks through, adding their sizes to `progress`. */
export async function* countBytes(src: AsyncIterable<Buffer>, progress: ProgressReporter): AsyncGenerator<Buffer> {
  for await (const c of src) {
    progress.add(c.length);
    yield c;
  }
}
