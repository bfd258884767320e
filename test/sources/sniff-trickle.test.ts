// What a stream is, told only once enough of it was read: UTF-16 without a BOM whose text starts
// with CJK (told by a UTF-16 line end or `type=audit` anywhere in the first 4 KiB, not by its first
// unit), a tar whose first read is shorter than its 512-byte header, and the same rules for what a
// gzip decompresses to. The pipes give their bytes in small pieces, each when asked (no timers).
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePipe, trickle } from '../helpers/trickle.js';
import { utf16, type Utf16Kind } from '../helpers/utf16.js';
import { ar } from '../pipeline/lines.js';
import { tar } from './tar-bytes.js';

const DENY = `${ar({ uid: 'svc-cjk' })}\n`;
/** A log whose first line is a message in Chinese (`-o cat`, a localized tool's header). */
const CJK = `\u5ba1\u8ba1\u65e5\u5fd7\u5bfc\u51fa\u4e2d\u6587\u6d88\u606f\u4e0a\u6d77\u8282\u70b9\n${DENY}${DENY}`;
/** Japanese and Korean starts too, and one whose first line is long (its line end far into the sample). */
const STARTS = [CJK, `\u30ed\u30b0\u306e\u958b\u59cb\u3067\u3059\n${DENY}`, `\uac10\uc0ac \ub85c\uadf8 \uc2dc\uc791\n${DENY}`, `${'\u6d88\u606f'.repeat(900)}\n${DENY}`];

describe('UTF-16 without a BOM whose text starts with CJK', () => {
  it.each<Utf16Kind>(['le', 'be'])('%s: decoded, in one read and trickled 7 bytes a read', async (kind) => {
    for (const text of STARTS) {
      for (const [first, size] of [[Infinity, Infinity], [7, 7]]) {
        const got = await decodePipe(trickle(utf16(text, kind), first!, size));
        expect(got.note).toMatch(new RegExp(`^stdin is UTF-16${kind.toUpperCase()} \\(no byte order mark, but its NUL bytes`));
        expect(got.text).toBe(text);
      }
    }
  });

  it('a CJK line with no line end in the sample, told by `type=audit` in UTF-16', async () => {
    const text = `\u6d88\u606f ${DENY.trimEnd()} ${'\u6d88'.repeat(3000)}\n`;
    for (const kind of ['le', 'be'] as const) expect((await decodePipe(trickle(utf16(text, kind), 4096, 512)))).toMatchObject({ text, error: null });
  });

  it('UTF-8 CJK text (no NUL byte) and a UTF-8 log with UTF-16LE appended stay as they are', async () => {
    const utf8 = Buffer.from(CJK);
    expect(await decodePipe(trickle(utf8, 5, 5))).toMatchObject({ note: undefined, text: CJK });
    const appended = Buffer.concat([Buffer.from(DENY), utf16(CJK, 'le')]);
    expect((await decodePipe(trickle(appended, 40, 40))).note).toBeUndefined();
  });
});

describe('a tar whose first read is shorter than its header', () => {
  const archive = tar('10.0.0.7_master/dcos-mesos-master.service', DENY.repeat(3));

  it.each([1, 64, 200, 300])('refused as a tar, %i bytes a read', async (size) => {
    const got = await decodePipe(trickle(archive, size, size));
    expect(got.error).toBe('stdin is a tar archive: extract it (tar -xf) and scan the folder');
  });

  it('a text line shorter than a header is told at once when it ends; part of a line waits', async () => {
    expect((await decodePipe(trickle(Buffer.from(DENY.repeat(2)), DENY.length))).pulledFirst).toBe(1);
    const got = await decodePipe(trickle(Buffer.from(DENY.repeat(2)), 40, 40));
    expect([got.pulledFirst > 1, got.text]).toEqual([true, DENY.repeat(2)]);
  });
});

describe('what a trickled gzip decompresses to is told by the same rules', () => {
  it('a tar inside gzip: refused', async () => {
    const got = await decodePipe(trickle(gzipSync(tar('a.log', DENY)), 8, 8));
    expect(got.error).toBe('stdin is a tar archive (gzip-compressed): extract it (tar -xf) and scan the folder');
  });

  it('export inside gzip: framed as export', async () => {
    const got = await decodePipe(trickle(gzipSync(`__CURSOR=s=1\n__REALTIME_TIMESTAMP=1\nMESSAGE=${'x'.repeat(4000)}\n\n`), 4, 4));
    expect(got.framing).toBe('export');
  });

  it.each<Utf16Kind>(['le', 'be', 'le-bom'])('UTF-16 (%s) starting with CJK inside gzip: decoded', async (kind) => {
    const got = await decodePipe(trickle(gzipSync(utf16(CJK, kind)), 4, 4));
    expect([got.note?.slice(0, 18), got.text]).toEqual([`stdin is UTF-16${kind.slice(0, 2).toUpperCase()} `, CJK]);
  });
});
