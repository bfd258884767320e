// The --uid fast path asks its two questions on a short-iso line's bytes first: is it an Admin
// Router record, which other principal does a Mesos or Marathon denial name? A yes there must be
// the parser's own answer on the decoded line (isAdminRouterRecord, denyUidOf); a no only sends the
// line down the decoded path.
import { describe, expect, it } from 'vitest';
import { denyUidOf, isAdminRouterRecord } from '../../../src/core/audit/index.js';
import { adminRouterRecordBytes, denyUidOfBytes } from '../../../src/core/audit/record-bytes.js';
import { parseLine } from '../../../src/core/journal/index.js';
import { decodeLine } from '../../../src/core/scanner/bytes.js';
import { createLineScanner } from '../../../src/core/scanner/chunks.js';
import { defaultParsers } from '../../../src/core/scanner/defaults.js';
import { MAX_LINE_BYTES, type AuditEvent, type StreamMeta } from '../../../src/core/types.js';
import { altered, randomInts } from '../../helpers/mutate.js';
import { ar, marathon, mesos } from '../../pipeline/lines.js';

const meta: StreamMeta = { label: 't', host: null, unit: null, envelope: null, year: 2019 };
const WANTED: ReadonlySet<string> = new Set(['someone-wanted']);

/** The line's bytes without a trailing CR, as the scanner hands them to the decoded path. */
function bytesOf(line: string): Buffer {
  const b = Buffer.from(line);
  return b[b.length - 1] === 0x0d ? b.subarray(0, -1) : b;
}
function decodedEntry(line: string) {
  const b = bytesOf(line);
  const p = parseLine(decodeLine(b, 0, b.length, MAX_LINE_BYTES), meta);
  return p.kind === 'entry' ? p.entry : null;
}
const decodedRecord = (line: string): boolean => {
  const e = decodedEntry(line);
  return e !== null && isAdminRouterRecord(e, meta);
};
const decodedUid = (line: string): string | null => {
  const e = decodedEntry(line);
  return e === null ? null : denyUidOf(e, meta, bytesOf(line), WANTED);
};
const typeAudit = (b: Buffer): number => b.indexOf('type=audit');
const record = (line: string): boolean => {
  const b = Buffer.from(line);
  return adminRouterRecordBytes(b, typeAudit(b), meta);
};
const uid = (line: string): string | false | null => {
  const b = Buffer.from(line);
  return denyUidOfBytes(b, typeAudit(b), meta, WANTED);
};

const a = ar({ uid: 'svc-x' });
const ms = mesos('svc-m');
/** `ms` with its reason padded so that its message (after the envelope) is `n` bytes long. */
const mesosMessageOf = (n: number) => ms.replace('authorization request', `authorization request${'x'.repeat(n - (ms.length - ms.indexOf('I0301')))}`);
const mt = marathon('svc-p');
const metronome = mt.replace('marathon.sh[1500]', 'metronome[1600]').replace('dcos.marathon.auditlog', 'dcos.metronome.auditlog');

describe('adminRouterRecordBytes', () => {
  it.each([
    ['the common line', a],
    ['a precise time', a.replace('+0000', '.123456+0000')],
    ['a CR at the end', `${a}\r`],
    ['no connection number', a.replace('*7 [lua]', '[lua]')],
    ['a lua file with a path and colons', a.replace('ee.lua:57:', '/usr/lib/a:b/ee.lua:57:')],
    ['the unit in the identifier', a.replace('nginx[1240]', 'dcos-adminrouter.service[1240]')],
    ['the agent\'s identifier', a.replace('nginx[1240]', 'adminrouter-agent.sh')],
    // lua's auditlog() runs once the request is read: on its line these words are a client's (a Referer).
    ['nginx\'s words for a request still being read, in a Referer', a.replace(/$/, ', referrer: "https://x/ while reading client request headers"')],
  ])('takes %s, as the parser does', (_what, line) => {
    expect(record(line)).toBe(true);
    expect(decodedRecord(line)).toBe(true);
  });

  it.each([
    ['the 1.13+ HOST nginx: prefix', a.replace('nginx[1240]: ', 'nginx[1240]: m1 nginx: '), true],
    ['a short envelope', a.replace('2019-03-01T12:00:01+0000', 'Mar 01 12:00:01'), true],
    ['a non-ASCII host', a.replace(' m1 ', ' h\u00f4te '), true],
    ['another writer', a.replace('nginx[1240]', 'myapp[77]'), false],
    ['Mesos as the writer', a.replace('nginx[1240]', 'mesos-master[3708]'), false],
    ['another lua function', a.replace('auditlog():', 'auditlog2():'), false],
    ['a lua line number of 8 digits', a.replace('ee.lua:57:', 'ee.lua:12345678:'), false],
    ['no lua file', a.replace('ee.lua:57:', ':57:'), false],
    ['a level in capitals', a.replace('[notice]', '[NOTICE]'), false],
    ['a level with a capital', a.replace('[notice]', '[Notice]'), false],
    ['a prefix beyond the 1024 characters read', a.replace('[notice]', `[${'n'.repeat(1100)}]`), false],
    ['a connection number run into the lua tag', a.replace('*7 [lua]', '*7x[lua]'), false],
    ['text before the marker', a.replace('ee.lua:57: ', 'ee.lua:57: x '), false],
    ['a connection without its number', a.replace('*7 [lua]', '* [lua]'), false],
    ['a stream read as cat', a, false, { ...meta, envelope: 'cat' }],
    ['two CRs at the end (both dropped before parsing)', `${a}\r\r`, true],
  ] satisfies [string, string, boolean, StreamMeta?][])('leaves %s to the decoded path', (_what, line, parser, m: StreamMeta = meta) => {
    const b = Buffer.from(line);
    expect(adminRouterRecordBytes(b, typeAudit(b), m)).toBe(false);
    const e = parseLine(line, m);
    expect(e.kind === 'entry' && isAdminRouterRecord(e.entry, m)).toBe(parser);
  });

  it('needs the record to start where it is told', () => {
    const b = Buffer.from(a);
    const t = typeAudit(b);
    expect(adminRouterRecordBytes(b, t, meta)).toBe(true);
    for (const wrong of [t - 1, t + 1, 0, b.length]) expect(adminRouterRecordBytes(b, wrong, meta)).toBe(false);
  });
});

describe('denyUidOfBytes', () => {
  it.each([
    ['Mesos', ms, 'svc-m'],
    ['Mesos, a bare uid', ms.replace('uid="svc-m"', 'uid=svc-m'), 'svc-m'],
    ['Mesos, logged with the file\'s path', ms.replace('logfmt.cpp:178]', 'src/common/logfmt.cpp:178]'), 'svc-m'],
    ['Mesos, a warning', ms.replace('I0301', 'W0301'), 'svc-m'],
    ['Mesos, a CR at the end', `${ms}\r`, 'svc-m'],
    ['Mesos, a message of 2046 bytes', mesosMessageOf(2046), 'svc-m'],
    ['Mesos, a message of 2046 bytes and a CR', `${mesosMessageOf(2046)}\r`, 'svc-m'],
    ['Marathon', mt, 'svc-p'],
    ['Marathon, a WARN level (one space)', mt.replace('INFO  ', 'WARN '), 'svc-p'],
    ['Marathon, an ERROR level', mt.replace('INFO  ', 'ERROR '), 'svc-p'],
    ['Marathon, a dot before the milliseconds', mt.replace(',199]', '.199]'), 'svc-p'],
    ['Marathon, the unit in the identifier', mt.replace('marathon.sh[1500]', 'dcos-marathon.service[1500]'), 'svc-p'],
    ['Metronome', metronome, 'svc-p'],
    ['Marathon, three spaces after the level (the record starts with one)', mt.replace('INFO  ', 'INFO   '), 'svc-p'],
  ])('reads %s as the parser does', (_what, line, want) => {
    expect(uid(line)).toBe(want);
    expect(decodedUid(line)).toBe(want);
  });

  it.each([
    ['Mesos, another glog file', ms.replace('logfmt.cpp', 'xlogfmt.cpp')],
    ['Mesos, a file name too long for glog', ms.replace('logfmt.cpp', `${'d/'.repeat(100)}logfmt.cpp`)],
    ['Mesos, two spaces after the thread', ms.replace('3708 logfmt', '3708  logfmt')],
    ['Mesos, a prefix beyond the 300 characters read', ms.replace('.752534  3708', `.752534${' '.repeat(300)}3708`)],
    ['Mesos, no fraction', ms.replace('12:00:02.752534', '12:00:02')],
    ['Mesos, a level glog does not write', ms.replace('I0301', 'X0301')],
    ['Mesos, written by Marathon', ms.replace('mesos-master[3708]', 'marathon.sh[1500]')],
    ['Mesos, a message of 2047 bytes (journald may have cut it)', mesosMessageOf(2047)],
    ['Mesos, a message of 2048 bytes (journald may have cut it)', mesosMessageOf(2048)],
    ['Mesos, a message of 2047 bytes and a CR', `${mesosMessageOf(2047)}\r`],
    ['Marathon, another logger', mt.replace('dcos.marathon.auditlog', 'mesosphere.marathon.api')],
    ['Marathon, a level of six letters', mt.replace('INFO  ', 'NOTICE ')],
    ['Marathon, a parenthesis in the thread', mt.replace('dispatcher-3)', 'dispatcher(3))')],
    ['Marathon, no logger', mt.slice(0, mt.indexOf(' (dcos.'))],
    ['Marathon, no space before the logger', mt.replace(' (dcos.', ' x=1(dcos.')],
    ['Marathon, a logger name too long for logback\'s pattern', mt.replace('dcos.marathon.auditlog', `dcos.${'m'.repeat(290)}.auditlog`)],
    ['Marathon, a thread name too long for logback\'s pattern', mt.replace('dispatcher-3)', `dispatcher-${'3'.repeat(300)})`)],
    ['Marathon, written by Mesos', mt.replace('marathon.sh[1500]', 'mesos-master[3708]')],
    ['a short envelope', ms.replace('2019-03-01T12:00:02+0000', 'Mar 01 12:00:02')],
    ['two CRs at the end (both dropped before parsing)', `${ms}\r\r`],
    ['Marathon, two CRs at the end', `${mt}\r\r`],
  ])('leaves %s to the decoded path', (_what, line) => {
    expect(uid(line)).toBeNull();
  });
});

describe('a wanted principal\'s denial', () => {
  it.each([['Mesos', mesos('someone-wanted')], ['Marathon', marathon('someone-wanted')]])('is told apart on %s lines (false: parsed whole, the decoded path not asked)', (_what, line) => {
    expect(uid(line)).toBe(false);
    expect(decodedUid(line)).toBeNull();
    expect(uid(line.replace('someone-wanted', 'someone-else'))).toBe('someone-else');
  });
});

describe('on thousands of altered lines', () => {
  const rnd = randomInts(2024);
  const common = [' ', '  ', ':', '/', '[', ']', '.', ',', '-', '0', '7', '9', 'x', 'X', '\r', '\u00e9'];

  it('an Admin Router record on the bytes is one for the parser', () => {
    const seeds = [a, a.replace('*7 [lua]', '[lua]'), a.replace('nginx[1240]', 'adminrouter.sh'), ar({ uid: 'svc-y', t: '2019-12-31T23:59:59Z' })];
    const pieces = [...common, '#', '*', '*1 ', '[lua] ', 'ee.lua:1: ', 'auditlog(): ', ' while reading client request', 'nginx', 'T', '+', 'Z'];
    let taken = 0;
    for (const line of altered(seeds, pieces, 8000, rnd, 160)) {
      if (!record(line)) continue;
      taken++;
      expect(decodedRecord(line), line).toBe(true);
    }
    expect(taken).toBeGreaterThan(1500); // the property was exercised, not vacuously true
  });

  it('a uid read on the bytes is the one the parser reads', () => {
    const seeds = [ms, mt, metronome, mesos('svc-z', 'r'), ms.replace('logfmt.cpp:178]', 'a/logfmt.cpp:178]'), mt.replace('INFO  ', 'WARN '), mesos('someone-wanted'), marathon('someone-wanted'), mesosMessageOf(2046), mesosMessageOf(2048)];
    const pieces = [...common, '\\xff', 'I', 'W', 'logfmt.cpp', ':1] ', 'INFO ', 'ERROR  ', '(', ')', ' (a.audit:t)', '$', 'audit', 'uid=', 'type=audit ', 'mesos-master', 'marathon.sh'];
    let taken = 0;
    for (const line of altered(seeds, pieces, 10000, rnd, 160)) {
      const u = uid(line);
      if (u === null || u === false) continue;
      taken++;
      expect(decodedUid(line), line).toBe(u);
    }
    expect(taken).toBeGreaterThan(1000); // the property was exercised, not vacuously true
  });
});

describe('in the scanner', () => {
  it('answers short-iso lines on their bytes, without decoding them', () => {
    const lines = [...Array.from({ length: 20 }, (_, i) => ar({ uid: `svc-${i}` })), ms, mt, metronome];
    let decoded = 0;
    const parsers = {
      ...defaultParsers,
      isAdminRouterRecord: (...args: Parameters<typeof isAdminRouterRecord>) => (decoded++, isAdminRouterRecord(...args)),
      denyUidOf: (...args: Parameters<typeof denyUidOf>) => (decoded++, denyUidOf(...args)),
    };
    const out: AuditEvent[] = [];
    const s = createLineScanner(meta, (e) => out.push(e), parsers, ['someone-wanted']);
    s.push(Buffer.from(`${lines.join('\n')}\n`));
    s.end();
    expect(out.map((e) => (e.type === 'counted' ? e.uid : e.type))).toEqual([...Array.from({ length: 20 }, (_, i) => `svc-${i}`), 'svc-m', 'svc-p', 'svc-p']);
    expect(decoded).toBe(0);
  });
});
