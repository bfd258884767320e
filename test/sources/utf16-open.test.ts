// How a UTF-16 file is opened: with --follow it is read once and decoded, told from the same bytes
// the decoder tells it by (a non-ASCII character among the first units made the follower's 32-byte
// check and decode()'s 4 KiB disagree: the file was followed raw, its denials not found).
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile } from '../../src/sources/file.js';
import { isOpened, type Item } from '../../src/sources/opened.js';
import { utf16 } from '../helpers/utf16.js';
import { scratch } from '../helpers/tmp.js';
import { ar } from '../pipeline/lines.js';

const { tmp, ac } = scratch('a2g-utf16-open-');

async function first(path: string, follow: boolean): Promise<Item> {
  for await (const item of openFile(path, 'f.log', { signal: ac().signal, year: null, follow })) {
    if (isOpened(item)) await item.close();
    return item;
  }
  throw new Error('no item');
}

describe('a UTF-16 file opened with --follow', () => {
  it('no BOM, a non-ASCII character among the first units: read once and decoded, not followed raw', async () => {
    const f = join(tmp(), 'f.log');
    writeFileSync(f, utf16(`D\u00e9marrage \u00e9 \u00e8 \u00e0 \u00e7 ok\n${`${ar({})}\n`.repeat(40)}`, 'le'));
    const item = await first(f, true);
    expect(isOpened(item) && [item.live, item.note]).toEqual([undefined, 'f.log is UTF-16LE (no byte order mark, but its NUL bytes are those of UTF-16 text): decoded to UTF-8 as it is read']);
  });

  it('UTF-8: followed', async () => {
    const f = join(tmp(), 'f.log');
    writeFileSync(f, `${ar({})}\n`);
    const item = await first(f, true);
    expect(isOpened(item) && item.live).toBe(true);
  });
});
