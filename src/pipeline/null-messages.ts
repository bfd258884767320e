// `journalctl -o json` without `--all` prints a field over 4096 bytes as null: `"MESSAGE":null`.
// Such an entry may have been a long audit line (a long request URI), and nothing of it is left to
// scan, so each one is counted for the verdict (docs/verdicts.md). Only streams that are json from
// their first line (the only json whose lines are journald's: scanner/json-form.ts) are searched,
// every chunk of them: these entries are rare and can sit anywhere in a file. In a text stream the
// same bytes are a message a task printed, and must not make the verdict "no verdict".
import { bomLength } from '../core/journal/sniff.js';

const NULL_MESSAGE = Buffer.from('"MESSAGE":null');
/**
 * What is searched: Node finds a needle by its first byte, then compares, and `"` is in every json
 * field while `E` is rarer: `E":null` took a fifth of the whole needle's time (on journalctl -o
 * json of audit lines, ~0.3 s per GB on a 2-core VM); a hit is checked for the rest by hand.
 */
const TAIL = Buffer.from('E":null');
const HEAD = NULL_MESSAGE.length - TAIL.length;

/** Bytes of a chunk's end kept to find a needle cut by the chunk boundary. */
const KEEP = NULL_MESSAGE.length - 1;

function count(b: Buffer): number {
  let n = 0;
  for (let p = b.indexOf(TAIL, HEAD); p !== -1; p = b.indexOf(TAIL, p + TAIL.length)) if (b.compare(NULL_MESSAGE, 0, HEAD, p - HEAD, p) === 0) n++;
  return n;
}

/** A stream's first bytes are json output's (`{`, json-seq's RS, json-sse's `data: `), after a BOM. */
function startsAsJson(chunk: Buffer): boolean {
  const at = bomLength(chunk);
  return chunk[at] === 0x7b || chunk[at] === 0x1e || chunk.toString('latin1', at, at + 6) === 'data: ';
}

/** Counts `"MESSAGE":null` in one stream's chunks, when the stream is json output from its start. */
export class NullMessages {
  count = 0;
  /** null: not decided yet (decided on the first chunk). */
  private json: boolean | null = null;
  private tail: Buffer = Buffer.alloc(0);

  look(chunk: Buffer): void {
    if (this.json === false || chunk.length === 0) return;
    if (this.json === null && !(this.json = startsAsJson(chunk))) return;
    // A needle across the boundary: the last KEEP bytes before and the first KEEP bytes of this chunk.
    if (this.tail.length > 0) this.count += count(Buffer.concat([this.tail, chunk.subarray(0, KEEP)]));
    this.count += count(chunk);
    this.tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - KEEP)));
  }
}
