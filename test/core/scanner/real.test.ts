// The scanner with the real journal and audit parsers.
import { describe, expect, it } from 'vitest';
import { createChunkScanner } from '../../../src/core/scanner/index.js';
import { isPlainAllow } from '../../../src/core/scanner/chunks.js';
import type { AuditEvent, Decision } from '../../../src/core/types.js';
import { ar, noAuthNotice, plain } from '../../pipeline/lines.js';
import { meta } from './stubs.js';

function scan(text: string, cut: number) {
  const evs: AuditEvent[] = [];
  const s = createChunkScanner(meta(), (e) => evs.push(e));
  const b = Buffer.from(text);
  s.push(b.subarray(0, cut));
  s.push(b.subarray(cut));
  s.end();
  return evs.filter((e): e is Decision => e.type === 'decision');
}

describe('scanner with the real parsers', () => {
  it('explains an unauthenticated deny by the notice before it, wherever the chunk boundary falls', () => {
    const text = [noAuthNotice(10), plain(1), ar({ uid: 'svc1', conn: 11 }), ar({ uid: null, conn: 10 }), ''].join('\n');
    for (let cut = 0; cut <= text.length; cut += 13) {
      const d = scan(text, cut);
      expect(d.map((x) => [x.uid, x.authCause])).toEqual([['svc1', null], [null, 'no token']]);
    }
  });

  it('counts allow lines without parsing them, but never takes a deny for an allow', () => {
    expect(isPlainAllow(ar({ result: 'allow' }))).toBe(true);
    expect(isPlainAllow(ar({ result: 'deny' }))).toBe(false);
    expect(isPlainAllow(ar({ result: 'deny', path: '/x?result=allow' }))).toBe(false);
    expect(isPlainAllow(ar({ result: 'allow', path: '/x?result=deny' }))).toBe(false); // parsed fully: still an allow
    expect(isPlainAllow('type=audit result=allowed')).toBe(false);
    const d = scan([ar({ result: 'allow' }), ar({ result: 'allow', path: '/x?result=deny' }), ''].join('\n'), 5);
    expect(d.map((x) => x.result)).toEqual(['allow', 'allow']);
  });
});
