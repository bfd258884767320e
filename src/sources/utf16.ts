// A UTF-16 stream read as the UTF-8 the scanner takes (core/journal/utf16.ts decodes): chunk by
// chunk, so memory stays what a UTF-8 file's read takes. Malformed UTF-16 (lone surrogates, an odd
// length) is read through, then said as a warning: the text around it was not checked as written.
import type { Utf16Form } from '../core/journal/utf16-form.js';
import { Utf16Decoder } from '../core/journal/utf16.js';
import { IncompleteInput } from './describe-error.js';

const ENCODING = { le: 'UTF-16LE', be: 'UTF-16BE' } as const;

/** The note a decoded stream's progress gives (stderr, the loop's header). */
export function utf16Note(label: string, form: Utf16Form): string {
  const how = form.bom ? 'it starts with a byte order mark' : 'no byte order mark, but its NUL bytes are those of UTF-16 text';
  return `${label} is ${ENCODING[form.endian]} (${how}): decoded to UTF-8 as it is read`;
}

/** The note of a stream that went on in UTF-8 from byte `at` (text appended by another tool). */
export function utf8TailNote(label: string, form: Utf16Form, at: number): string {
  return `${label} goes on in UTF-8 from byte ${at}, after a ${ENCODING[form.endian]} line end (text appended by another tool: Add-Content, cat): read as UTF-8 from there`;
}

/** `onUtf8(at)`: the stream goes on in UTF-8 from byte `at`, said once. */
export async function* utf16Chunks(chunks: AsyncIterable<Buffer>, form: Utf16Form, onUtf8: (at: number) => void): AsyncGenerator<Buffer> {
  const d = new Utf16Decoder(form.endian, form.bom);
  let said = false;
  for await (const c of chunks) {
    const out = d.push(c); // from the UTF-8 on, the chunk itself
    if (d.utf8From !== null && !said) {
      said = true;
      onUtf8(d.utf8From);
    }
    if (out.length > 0) yield out;
  }
  const last = d.end();
  if (last.length > 0) yield last;
  if (d.malformed) throw malformed(form, d);
}

function malformed(form: Utf16Form, d: Utf16Decoder): IncompleteInput {
  const lone = d.loneSurrogates;
  const parts = [
    ...(lone > 0 ? [`${lone} lone surrogate${lone === 1 ? '' : 's'} (read as U+FFFD)`] : []),
    ...(d.undecidedAt !== null ? [`a last line from byte ${d.undecidedAt} that may be UTF-8 appended, too short to tell (read as ${ENCODING[form.endian]})`] : []),
    ...(d.asciiPairsAt !== null ? [`from byte ${d.asciiPairsAt}, text that reads as UTF-8 within a line (appended with no ${ENCODING[form.endian]} line end before it: read as ${ENCODING[form.endian]}, its denials unseen)`] : []),
    ...(d.oddLength ? ['an odd length (last byte dropped)'] : []),
  ];
  return new IncompleteInput(
    'malformed-utf16',
    (label) => `${label}: malformed ${ENCODING[form.endian]}: ${parts.join(', ')}; the rest was decoded and scanned, but a line holding such a place may not read as written`,
  );
}
