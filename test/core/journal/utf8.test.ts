import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeUtf8Escaped } from '../../../src/core/journal/utf8.js';
import { createChunkScanner } from '../../../src/core/scanner/index.js';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { ar, marathon, mesos } from '../../pipeline/lines.js';
import { meta } from '../scanner/stubs.js';
import { nth } from '../../helpers/nth.js';

const b = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('decodeUtf8Escaped: valid UTF-8 decoded, every other byte as \\xNN', () => {
  it.each([
    ['ascii and multibyte text', b('type=audit é € 𝄞'), 'type=audit é € 𝄞'],
    ['a lone invalid byte', b('a', [0xff], 'b'), 'a\\xffb'],
    ['a cut multibyte sequence before a space', b('/x', [0xe2, 0x82], ' uid=a'), '/x\\xe2\\x82 uid=a'],
    ['an overlong form', b([0xc0, 0xaf]), '\\xc0\\xaf'],
    ['a surrogate', b([0xed, 0xa0, 0x80]), '\\xed\\xa0\\x80'],
    ['above U+10FFFF', b([0xf4, 0x90, 0x80, 0x80]), '\\xf4\\x90\\x80\\x80'],
    ['a stray continuation byte', b([0x80], 'x'), '\\x80x'],
    ['a sequence cut by the end', b('x', [0xf0, 0x9f, 0x98]), 'x\\xf0\\x9f\\x98'],
    ['a real U+FFFD is text, not an error', b('\ufffd'), '\ufffd'],
    ['control characters stay (the renderers escape them)', b([0x01, 0x1b], '[31m'), '\u0001\u001b[31m'],
  ])('%s', (_what, bytes, want) => {
    expect(decodeUtf8Escaped(bytes)).toBe(want);
    expect(decodeBytes(bytes, 0, bytes.length)).toBe(want);
  });

  it('decodes a range of a larger buffer', () => {
    const buf = b('xx', [0xff], 'é', 'yy');
    expect(decodeBytes(buf, 2, 5)).toBe('\\xffé');
    expect(decodeUtf8Escaped(new Uint8Array(buf.buffer, buf.byteOffset + 2, 3))).toBe('\\xffé');
  });
});

// Invalid UTF-8 in the uid, object or action makes the line malformed: test/core/audit/bytes.test.ts.
describe('a short-form deny line with invalid UTF-8 in other fields keeps its finding', () => {
  const bad = [0xff, 0xfe];
  const withBytes = (line: string, at: string): Buffer => {
    const i = line.indexOf(at) + at.length;
    return b(line.slice(0, i), bad, line.slice(i));
  };
  it.each([
    ['Admin Router, in request_uri and the request line', Buffer.concat([withBytes(nth(ar({ uid: 'svc-a', path: '/mesos/' }).split(' uid='), 0), 'request_uri=/mesos/'), b(' uid=svc-a, client: 10.0.0.5, server: master.mesos, request: "GET /mesos/', bad, ' HTTP/1.1", host: "10.0.0.1"')]), 'svc-a'],
    ['Mesos, in the agent string', withBytes(mesos('svc-m'), 'agent="'), 'svc-m'],
    ['Marathon, in the source address', withBytes(marathon('svc-p', '/dev/app'), 'srcip=10.0.4.7'), 'svc-p'],
  ])('%s', (_what, line, uid) => {
    for (const uids of [[], [uid], ['someone-else']]) {
      const aggregator = createFindingsAggregator({ uids, since: null, until: null });
      const s = createChunkScanner(meta(), (e) => aggregator.add(e), { uids });
      s.push(Buffer.concat([line, b('\n')]));
      s.end();
      const r = aggregator.result({ bytes: 0, lines: 1, sources: 1, elapsedMs: 0, errors: [] });
      expect(r.stats).toMatchObject({ auditLines: 1, denyLines: 1, malformedLines: 0 });
      if (uids[0] === 'someone-else') continue;
      expect(r.findings.map((f) => f.uid)).toEqual([uid]);
      expect(r.findings[0]?.example).toContain('\\xff\\xfe');
      expect(nth(r.findings, 0).example).not.toContain('\ufffd');
    }
  });
});
