// `-`: standard input, streamed as it comes (a live `journalctl -f | audit2grant scan -` gets its
// chunks as soon as they arrive); gzip is sniffed like files. A zip or binary journal on stdin
// cannot be read (both need random access or journalctl --file): the error says to pass the path.
import type { Readable } from 'node:stream';
import { peek, readableChunks } from './chunks.js';
import { decode } from './decode.js';
import { describeSourceError } from './describe-error.js';
import { once, type Item } from './opened.js';
import { countBytes, ProgressReporter } from './progress.js';
import type { LocalOptions } from './local-options.js';

export const STDIN_LABEL = 'stdin';

export async function* openStdin(input: Readable, opts: LocalOptions): AsyncGenerator<Item> {
  const label = STDIN_LABEL;
  const progress = new ProgressReporter(label, null, opts.onProgress);
  const close = once(() => input.destroy());
  try {
    const peeked = await peek(countBytes(readableChunks(input, opts.signal), progress));
    yield await decode({
      peeked,
      meta: { label, host: null, unit: null, envelope: null, year: opts.year },
      name: label,
      size: null,
      progress,
      close,
      signal: opts.signal,
      where: 'stdin',
    });
  } catch (err) {
    await close();
    yield { source: label, message: describeSourceError(err, label) };
  }
}
