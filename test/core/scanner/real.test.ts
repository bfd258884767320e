// The scanner with the real journal and audit parsers.
import { describe, expect, it } from 'vitest';
import { createChunkScanner } from '../../../src/core/scanner/index.js';
import { isPlainAllow } from '../../../src/core/scanner/counted.js';
import type { AuditEvent, Decision, DenyRead } from '../../../src/core/types.js';
import { ar, marathon, mesos, noAuthNotice, plain } from '../../pipeline/lines.js';
import { meta } from './stubs.js';
import { nth } from '../../helpers/nth.js';

function scanAll(text: string, cut: number, uids: string[] = []): AuditEvent[] {
  const evs: AuditEvent[] = [];
  const s = createChunkScanner(meta(), (e) => evs.push(e), { uids });
  const b = Buffer.from(text);
  s.push(b.subarray(0, cut));
  s.push(b.subarray(cut));
  s.end();
  return evs;
}

/** The denials and allows the scanner parsed or read from their bytes (without --uid: deny-read.ts), in order. */
function scan(text: string, cut: number, uids: string[] = []) {
  return scanAll(text, cut, uids).filter((e): e is Decision | DenyRead => e.type === 'decision' || e.type === 'deny-read');
}
const causeOf = (x: Decision | DenyRead) => (x.type === 'decision' ? x.authCause : null);

describe('scanner with the real parsers', () => {
  it('explains an unauthenticated deny by the notice before it, wherever the chunk boundary falls', () => {
    const text = [noAuthNotice(10), plain(1), ar({ uid: 'svc1', conn: 11 }), ar({ uid: null, conn: 10 }), ''].join('\n');
    for (let cut = 0; cut <= text.length; cut += 13) {
      const d = scan(text, cut);
      expect(d.map((x) => [x.uid, causeOf(x)])).toEqual([['svc1', null], [null, 'no token']]);
    }
  });

  it('counts allow lines without parsing them once the stream showed a verified record, but never takes a deny for an allow', () => {
    const isPlain = (l: string) => isPlainAllow(Buffer.from(l));
    expect(isPlain(ar({ result: 'allow' }))).toBe(true);
    expect(isPlain(ar({ result: 'deny' }))).toBe(false);
    expect(isPlain(ar({ result: 'deny', path: '/x?result=allow' }))).toBe(false);
    expect(isPlain(ar({ result: 'allow', path: '/x?result=deny' }))).toBe(false); // parsed fully: still an allow
    expect(isPlain('type=audit result=allowed')).toBe(false);
    // The parser reads a quoted or upper-case `result=` too: a client's ` result=allow ` in a
    // quoted value (a secret's path) must not make such a denial an allow.
    const quoted = '2024-05-14T09:00:39+0000 master-1 bouncer.sh[4800]: result="deny" uid="kafka-sa" object="dcos:secrets:default:/x result=allow y" action="read" type=audit';
    expect(isPlain(quoted)).toBe(false);
    expect(isPlain(quoted.replace('result="deny"', 'result=DENY'))).toBe(false);
    const hidden = scanAll([ar({ result: 'allow' }), quoted, ''].join('\n'), 5);
    expect(hidden.map((x) => `${x.type}:${x.type === 'malformed' || x.type === 'unverified' ? '' : x.result}`)).toEqual(['decision:allow', 'decision:deny']);
    const evs = scanAll([ar({ result: 'allow' }), ar({ result: 'allow', path: '/x?result=deny' }), ar({ result: 'allow' }), ''].join('\n'), 5);
    // The first is parsed: a stream's allows are counted from bytes only after a verified record.
    expect(evs.map((x) => `${x.type}:${x.type === 'malformed' || x.type === 'unverified' ? '' : x.result}`)).toEqual(['decision:allow', 'decision:allow', 'counted:allow']);
  });

  it('parses every allow of a stream that shows no verified record: allows of an unknown writer are unverified, not counted', () => {
    // A text file (the `cat` form) of audit-looking text whose envelope names no writer.
    const text = ['type=audit uid=x result=allow', 'type=audit uid=y result=allow', 'type=audit uid=z result=allow', ''].join('\n');
    for (const uids of [[], ['x']]) expect(scanAll(text, 20, uids).map((x) => x.type)).toEqual(['unverified', 'unverified', 'unverified']);
    // One verified record, and the allows after it are counted from their bytes.
    const mixed = [text.trimEnd(), ar({ uid: 'svc1' }), 'type=audit uid=w result=allow', ''].join('\n');
    expect(scanAll(mixed, 7).map((x) => x.type)).toEqual(['unverified', 'unverified', 'unverified', 'decision', 'counted']);
  });

  it('with --uid, counts other principals\' Admin Router, Mesos and Marathon denials without parsing, each with its uid', () => {
    const text = [
      ar({ uid: 'other-sa' }), // another principal: counted only
      ar({ uid: 'svc1' }), // the wanted one
      ar({ uid: 'other-sa', path: '/x?svc1' }), // mentions the uid in the URI: still the other one's, read where the parser reads it
      ar({ uid: 'other-sa', path: '/x uid=svc1' }), // a space in the URI: not the one shape, so parsed (and refused as crafted)
      noAuthNotice(10),
      ar({ uid: null, conn: 10 }), // authentication failure: always parsed
      mesos('other-sa'), // Mesos and Marathon: counted too (audit/deny-uid.ts)
      marathon('other-sa'),
      marathon('svc1'), // the wanted one: parsed
      mesos('svc1').replace('uid="svc1"', 'uid=svc1 uid=x'), // a repeated key: parsed (and refused)
      '',
    ].join('\n');
    const evs = scanAll(text, 7, ['svc1']);
    expect(evs.filter((e) => e.type === 'counted')).toEqual([
      { type: 'counted', result: 'deny', uid: 'other-sa' },
      { type: 'counted', result: 'deny', uid: 'other-sa' },
      { type: 'counted', result: 'deny', uid: 'other-sa' },
      { type: 'counted', result: 'deny', uid: 'other-sa' },
    ]);
    const d = evs.filter((e): e is Decision => e.type === 'decision');
    expect(d.map((x) => [x.uid, x.authCause])).toEqual([['svc1', null], [null, 'no token'], ['svc1', null]]);
    expect(evs.filter((e) => e.type === 'malformed')).toHaveLength(2);
    // Without a filter every deny makes an event (parsed, or read from its bytes).
    expect(scan(text, 7).map((x) => x.uid)).toEqual(['other-sa', 'svc1', 'other-sa', null, 'other-sa', 'other-sa', 'svc1']);
  });
});

describe('scanner and reused source buffers', () => {
  it('a candidate followed by megabytes of continuation lines is emitted at the message cap, not carried on', () => {
    const MiB = 1024 * 1024;
    const cont = `  ${'c'.repeat(1000)}\n`.repeat(6 * 1024); // ~6 MiB of indented lines
    const text = Buffer.from(ar({ uid: 'svc0', conn: 10 }) + '\n' + cont + ar({ uid: 'svc1', conn: 11 }) + '\n');
    // Like the file source: 1 MiB chunks from a pool of 5 buffers (a chunk lives 4 further pulls),
    // so a candidate must not wait for the end of its continuation lines.
    const pool = Array.from({ length: 5 }, () => Buffer.alloc(MiB));
    const evs: AuditEvent[] = [];
    const firstEventAt: number[] = [];
    const s = createChunkScanner(meta(), (e) => evs.push(e));
    for (let off = 0, i = 0; off < text.length; off += MiB, i++) {
      const buf = nth(pool, i % 5);
      const n = text.copy(buf, 0, off, Math.min(off + MiB, text.length));
      s.push(buf.subarray(0, n));
      if (evs.length > 0 && firstEventAt.length === 0) firstEventAt.push(i);
    }
    s.end();
    expect(firstEventAt[0]).toBeLessThanOrEqual(2);
    expect(evs).toHaveLength(2);
    expect(evs.at(-1)).toMatchObject({ type: 'decision', uid: 'svc1' });
  });
});
