// Inputs for the silent-verdict tests that are awkward to write inline.
import { writeFileSync } from 'node:fs';

/** A file that starts as an xz stream does (its magic), then bytes no text reader takes. */
export function xzMagicFile(path: string): void {
  writeFileSync(path, Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]), Buffer.alloc(64, 0xe6)]));
}

/** `text` as UTF-32LE with its BOM: encoded text audit2grant does not decode (UTF-16 it does). */
export function utf32le(text: string): Buffer {
  const cps = [0xfeff, ...[...text].map((c) => c.codePointAt(0)!)];
  const b = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) => b.writeUInt32LE(cp, i * 4));
  return b;
}
