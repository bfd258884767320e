// When a scan that never ends (--follow) may say what it read so far: every source that ends was
// read, and every live stream has been quiet since its scanner's last flush (nothing held back).
// Then the verdict's rules (core/findings/verdict.ts) apply to what was read, as they do at the end.

/** A live stream's quiet spells: true once its scanner is flushed after its last chunk, false at the next chunk. */
export interface Quiet {
  quiet(is: boolean): void;
}

export class Settling {
  /** Live streams with lines not yet flushed (or none read yet). */
  private readonly restless = new Set<Quiet>();
  private onlyLive = false;

  /** `report` runs at each settle; `stopped` (the scan's abort) silences it. */
  constructor(
    private readonly report: (() => void) | null,
    private readonly stopped: () => boolean,
  ) {}

  /** One live stream, restless until its first quiet spell. */
  stream(): Quiet {
    const self: Quiet = {
      quiet: (is) => {
        if (!is) return void this.restless.add(self);
        this.restless.delete(self);
        this.settle();
      },
    };
    this.restless.add(self);
    return self;
  }

  /** Every source that ends was read: only live streams are left. */
  sourcesRead(): void {
    this.onlyLive = true;
    this.settle();
  }

  private settle(): void {
    if (this.report && this.onlyLive && this.restless.size === 0 && !this.stopped()) this.report();
  }
}
