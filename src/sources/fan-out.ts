// Small pieces for sources that read many nodes at once: a counting semaphore (`--concurrency`) and
// a queue of finished items for the outer iterable.

export class Slots {
  private waiting: Array<() => void> = [];
  constructor(private free: number) {}
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((r) => this.waiting.push(r));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

export class ItemQueue<T> {
  private items: T[] = [];
  private wake: (() => void) | null = null;
  push(item: T): void {
    this.items.push(item);
    this.kick();
  }
  kick(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
  shift(): T | undefined {
    return this.items.shift();
  }
  wait(): Promise<void> {
    return new Promise((r) => (this.wake = r));
  }
  /** The items as they come, until none is left once `done()` holds, or the signal aborts. */
  async *drain(done: () => boolean, signal: AbortSignal): AsyncGenerator<T> {
    for (;;) {
      const item = this.shift();
      if (item) {
        yield item;
        continue;
      }
      if (done() || signal.aborted) return;
      await Promise.race([this.wait(), abortPromise(signal)]);
    }
  }
}

export function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));
}

/**
 * Items of several generators as they come (ssh:// and dcos:// together: a live stream of one never
 * ends, so they cannot take turns). One pending `next()` per generator; an item not yet taken waits.
 */
export async function* mergeItems<T>(gens: AsyncGenerator<T>[]): AsyncGenerator<T> {
  const pending = new Map<number, Promise<{ i: number; r: IteratorResult<T> }>>();
  const pull = (i: number): void => {
    const gen = gens[i];
    if (gen) pending.set(i, gen.next().then((r) => ({ i, r })));
  };
  gens.forEach((_, i) => pull(i));
  try {
    while (pending.size) {
      const { i, r } = await Promise.race(pending.values());
      if (r.done) {
        pending.delete(i);
        continue;
      }
      yield r.value;
      pull(i);
    }
  } finally {
    await Promise.all(gens.map((g) => g.return(undefined).catch(() => undefined)));
  }
}
