// Text as Windows tools save it: UTF-16, little- or big-endian, with a BOM or without.
export type Utf16Kind = 'le-bom' | 'be-bom' | 'le' | 'be';

export const UTF16_KINDS: readonly Utf16Kind[] = ['le-bom', 'be-bom', 'le', 'be'];

/** The UTF-16 of `text` (any Buffer is read as UTF-8 first). */
export function utf16(text: string | Buffer, kind: Utf16Kind): Buffer {
  const s = typeof text === 'string' ? text : text.toString('utf8');
  const b = Buffer.from(kind.endsWith('-bom') ? `\ufeff${s}` : s, 'utf16le');
  return kind.startsWith('be') ? b.swap16() : b;
}
