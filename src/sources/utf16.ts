// A UTF-16 stream read as the UTF-8 the scanner takes (core/journal/utf16.ts decodes): chunk by
// chunk, so memory stays what a UTF-8 file's read takes. Malformed UTF-16 (lone surrogates, an odd
// length) is read through, then said as a warning: the text around it was not checked as written.
import { Utf16Decoder, type Utf16Form } from '../core/journal/utf16.js';
import { IncompleteInput } from './describe-error.js';

const ENCODING = { le: 'UTF-16LE', be: 'UTF-16BE' } as const;

/** The note a decoded stream's progress gives (stderr, the loop's header). */
export function utf16Note(label: string, form: Utf16Form): string {
  const how = form.bom ? 'it starts with a byte order mark' : 'no byte order mark, but every other byte is NUL';
  return `${label} is ${ENCODING[form.endian]} (${how}): decoded to UTF-8 as it is read`;
}

export async function* utf16Chunks(chunks: AsyncIterable<Buffer>, form: Utf16Form): AsyncGenerator<Buffer> {
  const d = new Utf16Decoder(form.endian, form.bom);
  for await (const c of chunks) {
    const out = d.push(c);
    if (out.length > 0) yield out;
  }
  const last = d.end();
  if (last.length > 0) yield last;
  if (d.malformed) throw malformed(form, d.loneSurrogates, d.oddLength);
}

function malformed(form: Utf16Form, lone: number, odd: boolean): IncompleteInput {
  const parts = [
    ...(lone > 0 ? [`${lone} lone surrogate${lone === 1 ? '' : 's'} (read as U+FFFD)`] : []),
    ...(odd ? ['an odd length (last byte dropped)'] : []),
  ];
  return new IncompleteInput(
    'malformed-utf16',
    (label) => `${label}: malformed ${ENCODING[form.endian]}: ${parts.join(', ')}; the rest was decoded and scanned, but a line holding such a place may not read as written`,
  );
}
