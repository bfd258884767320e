// The total limit of one logging-API range request (docs/logging-api.md, "Time limits").

/**
 * A request's total limit, `ms` of the server's time (0: none). The time a chunk spends with the
 * reader (a full queue, a scan that reads nodes one after another) is not the server's: `hold`
 * stops the clock until `go`.
 */
export class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private left: number;
  private due = 0;
  private over: boolean;

  constructor(ms: number, private readonly fire: () => void) {
    this.left = ms;
    this.over = ms <= 0;
    this.go();
  }

  hold(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.left = Math.max(0, this.due - Date.now());
  }

  go(): void {
    if (this.over || this.timer !== undefined) return;
    this.due = Date.now() + this.left;
    this.timer = setTimeout(() => {
      this.over = true;
      this.fire();
    }, this.left);
  }

  /** The request ended: no limit any more. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.over = true;
  }
}
