// A denial refused for a byte that is not valid UTF-8 carries the number of its line in the stream
// (finding H4's warning names where the first is), whatever the chunk ends, continuation lines and
// a last line without its newline included; the allows and denials around it keep their counts.
import { describe, expect, it } from 'vitest';
import { createLineScanner } from '../../../src/core/scanner/chunks.js';
import { defaultParsers } from '../../../src/core/scanner/defaults.js';
import type { AuditEvent } from '../../../src/core/types.js';
import { ar, plain } from '../../pipeline/lines.js';
import { meta } from './stubs.js';

/** `line` with a byte 0xff after `at`. */
const ff = (line: string, at: string): Buffer => {
  const i = line.indexOf(at) + at.length;
  return Buffer.concat([Buffer.from(line.slice(0, i)), Buffer.from([0xff]), Buffer.from(line.slice(i))]);
};
const LINES: Buffer[] = [
  Buffer.from(plain(1)),
  ff(ar({ conn: 1, rid: 'dcos:adminrouter:service:a' }), 'service:'),
  Buffer.from(ar({ conn: 2, result: 'allow' })),
  Buffer.from('    an indented line'),
  ff(ar({ conn: 3, uid: 'svcX' }), 'uid=svc'),
  Buffer.from(plain(2)),
  Buffer.from(ar({ conn: 4 })),
  ff(ar({ conn: 5, rid: 'dcos:adminrouter:service:b' }), 'service:'), // the last line, no newline
];
const BYTES = Buffer.concat(LINES.flatMap((l, i) => (i < LINES.length - 1 ? [l, Buffer.from('\n')] : [l])));

function linesOf(cuts: number[], bytes = BYTES): (number | undefined)[] {
  const events: AuditEvent[] = [];
  const s = createLineScanner(meta(), (e) => events.push(e), defaultParsers);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    s.push(bytes.subarray(at, cut));
    at = cut;
  }
  s.end();
  return events.filter((e) => e.type === 'malformed').map((e) => e.type === 'malformed' ? e.inexact?.line : undefined);
}

describe('the line of a denial refused for a byte that is not valid UTF-8', () => {
  it('is its line in the stream, whatever the chunk ends', () => {
    expect(linesOf([])).toEqual([2, 5, 8]);
    for (let cut = 1; cut < BYTES.length; cut += 7) expect(linesOf([cut])).toEqual([2, 5, 8]);
    expect(linesOf(Array.from({ length: 60 }, (_, i) => (i + 1) * 23))).toEqual([2, 5, 8]);
  });

  it("after json lines that end the stream's json form (the scanner splits the segment there)", () => {
    const json = `${JSON.stringify({ __REALTIME_TIMESTAMP: '1551441600000000', _HOSTNAME: 'm1', _SYSTEMD_UNIT: 'dcos-x.service', MESSAGE: 'hello' })}\n`;
    const bytes = Buffer.concat([Buffer.from(json.repeat(3)), BYTES]);
    expect(linesOf([], bytes)).toEqual([5, 8, 11]);
    expect(linesOf([json.length + 5], bytes)).toEqual([5, 8, 11]);
  });
});
