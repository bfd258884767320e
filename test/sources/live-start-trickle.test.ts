// A live UTF-8 pipe whose first bytes are not plain text: `journalctl -f -o json-seq` (each entry
// starts with RS), ANSI colour (ESC), a latin-1 byte near the start. No NUL byte and no BOM: it is
// not UTF-16 and no tar header, so its first piece is scanned before the next one is asked for
// (a quiet cluster's next entry may come minutes later). The pipes give pieces when asked, no timers.
import { describe, expect, it } from 'vitest';
import { decodePipe, trickle } from '../helpers/trickle.js';
import { utf16 } from '../helpers/utf16.js';
import { ar } from '../pipeline/lines.js';

const LINE = ar({ uid: 'svc-live' });
/** One json-seq entry: RS, a journal entry's JSON, LF (about 260 bytes and more). */
const seq = (n: number) => `\x1e${JSON.stringify({ __CURSOR: `s=6f1c;i=${n}`, __REALTIME_TIMESTAMP: '1715677440000000', _SYSTEMD_UNIT: 'dcos-adminrouter.service', MESSAGE: LINE })}\n`;
const ESC_LINE = `\x1b[0;1;31m${LINE}\x1b[0m\n`;
/** A syslog line from a host whose name is latin-1 (`ä`, byte E4), in its first 32 bytes. */
const LATIN1 = Buffer.from(`May 14 09:04:00 m\u00e4ster-1 ${LINE}\n`, 'latin1');

describe('a live pipe that starts with a control byte or a byte no UTF-8 holds', () => {
  it.each([
    ['json-seq (RS)', Buffer.from(seq(1) + seq(2)), Buffer.from(seq(1)).length],
    ['ANSI colour (ESC)', Buffer.from(ESC_LINE.repeat(2)), Buffer.from(ESC_LINE).length],
    ['a latin-1 byte', Buffer.concat([LATIN1, LATIN1]), LATIN1.length],
  ])('%s: told from the first whole line, the next piece not waited for', async (_, bytes, first) => {
    const got = await decodePipe(trickle(bytes, first));
    expect([got.error, got.note, got.pulledFirst]).toEqual([null, undefined, 1]);
    expect(got.text).toContain('type=audit timestamp=2019-03-01T12:00:01Z');
  });

  it.each([
    ['bold words', '\x1b[1mshort\x1b[0m\n'],
    ['journalctl --output=short with SYSTEMD_COLORS', '\x1b[0;1;39mMay 14 09:04:00\x1b[0m m1 \x1b[0;31mnginx\x1b[0m: up\n'],
    ['json-seq, a short entry', '\x1e{"MESSAGE":"up"}\n'],
  ])('a short first line (%s), no 32 bytes of text in a row: told, the next piece not waited for', async (_, line) => {
    const bytes = Buffer.from(line + ESC_LINE);
    const got = await decodePipe(trickle(bytes, Buffer.byteLength(line)));
    expect([got.error, got.note, got.pulledFirst, got.text]).toEqual([null, undefined, 1, bytes.toString('utf8')]);
  });

  it('a short first line with an escape that is not colour (ESC then a control byte): still waits for more', async () => {
    const line = '\x1b\x01up\n';
    const got = await decodePipe(trickle(Buffer.from(line + ESC_LINE), Buffer.byteLength(line)));
    expect([got.error, got.pulledFirst]).toEqual([null, 2]);
  });

  it.each([
    ['json-seq (RS)', Buffer.from(seq(1))],
    ['ANSI colour (ESC)', Buffer.from(ESC_LINE)],
  ])('%s: part of a line (64 bytes, no line end) is no tar header either', async (_, bytes) => {
    const got = await decodePipe(trickle(bytes, 64));
    expect([got.error, got.pulledFirst, got.text]).toEqual([null, 1, bytes.toString('utf8')]);
  });

  it('UTF-16 of the same json-seq (NUL bytes) still waits for its sample, and is decoded', async () => {
    const text = seq(1) + seq(2);
    const got = await decodePipe(trickle(utf16(text, 'le'), 7, 7));
    expect([got.note?.slice(0, 17), got.text]).toEqual(['stdin is UTF-16LE', text]);
  });
});
