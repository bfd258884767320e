// A slow pipe: bytes delivered in pieces, each only when the reader asks for the next (no timers),
// and what decode() (the sniff every local source goes through) makes of it.
import { peek } from '../../src/sources/chunks.js';
import { decode } from '../../src/sources/decode.js';
import { isOpened } from '../../src/sources/opened.js';
import { ProgressReporter } from '../../src/sources/progress.js';

export interface Trickle {
  chunks: AsyncGenerator<Buffer>;
  /** Pieces handed out so far. */
  pulled(): number;
}

/** `bytes` as a pipe whose first read gives `first` bytes, each later one `size` (default: all the rest). */
export function trickle(bytes: Buffer, first: number, size = Infinity): Trickle {
  let pulled = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; at += pulled === 1 ? first : size) {
      pulled++;
      yield bytes.subarray(at, at + (pulled === 1 ? first : size));
    }
  }
  return { chunks: chunks(), pulled: () => pulled };
}

export interface Decoded {
  /** The source's error (a tar refused, …), else null. */
  error: string | null;
  text: string;
  note: string | undefined;
  framing: string | undefined;
  /** Pieces pulled before decode() decided. */
  pulledFirst: number;
}

const meta = { label: 'stdin', host: null, unit: null, envelope: null, year: null, writtenAt: null };

/** What decode() makes of the pipe, read to its end. */
export async function decodePipe(p: Trickle): Promise<Decoded> {
  const signal = new AbortController().signal;
  const opened = await decode({ peeked: await peek(p.chunks), meta, name: 'stdin', size: null, progress: new ProgressReporter('stdin', null), close: async () => undefined, signal, where: 'stdin' });
  const pulledFirst = p.pulled();
  if (!isOpened(opened)) return { error: opened.message, text: '', note: undefined, framing: undefined, pulledFirst };
  const out: Buffer[] = [];
  for await (const c of opened.chunks) out.push(Buffer.from(c));
  return { error: null, text: Buffer.concat(out).toString('utf8'), note: opened.note, framing: opened.framing, pulledFirst };
}
