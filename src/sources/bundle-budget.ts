// What a bundle may still expand to: its expansion limit (bundle-check.ts) less its unit logs'
// declared sizes, drawn on by every byte decompressed after the survey: an extra entry's zip data
// (its declared size, taken before each pass over it) and the output of a gzip inside any entry,
// counted as it comes. A gzip's expanded size is declared nowhere: a 1 MB entry may hold 400 MB.
import { formatBytes } from '../core/format.js';
import { byteCount, SourceFailure } from './describe-error.js';

/** A gzip inside an entry ran past what the bundle had left; its message names the entry. */
export class PastLimit extends SourceFailure {
  override name = 'PastLimit';
}

export class ExpansionBudget {
  private readonly total: number;
  private left: number;

  constructor(bytes: number) {
    this.total = Math.max(0, bytes);
    this.left = this.total;
  }

  /** Nothing is left: an entry opened now would be past the limit at its first byte. */
  get spent(): boolean {
    return this.left <= 0;
  }

  /** How the limit is said in every message about it. */
  get limitText(): string {
    return `${byteCount(this.total)} beyond its unit logs (the bundle's expansion limit)`;
  }

  /** Takes `n` bytes up front; false, taking nothing, when fewer are left. */
  take(n: number): boolean {
    if (n > this.left) return false;
    this.left -= n;
    return true;
  }

  /** The decompressed chunks of a gzip inside entry `label`, each taken as it comes; past what is left, a PastLimit (the budget is then spent). */
  async *metered(chunks: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
    let n = 0;
    for await (const c of chunks) {
      if (c.length > this.left) {
        this.left = 0;
        throw new PastLimit(
          // Short: a SourceFailure's line is cut at 300 characters, and the label may be long.
          `${label}: stopped after ${byteCount(n)} of its gzip data (scanned): the rest would pass the bundle's expansion limit (${formatBytes(this.total)} beyond its unit logs); unzip the bundle and scan the file`,
        );
      }
      this.left -= c.length;
      n += c.length;
      yield c;
    }
  }
}
