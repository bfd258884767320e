import { describe, expect, it } from 'vitest';
import { isContinuationLine, messageIsTail, parseLine } from '../../../src/core/journal/index.js';
import type { JournalEntry, StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 'test', host: null, unit: null, envelope: null, year: 2019 };
const MSG = 'type=audit result=deny';
const T = Date.UTC(2019, 2, 1, 12, 0, 0);

type Want = Partial<JournalEntry>;
const cases: [string, string, Want][] = [
  ['short', `Mar 01 12:00:00 m1 nginx[1240]: ${MSG}`, { envelope: 'short', time: T, host: 'm1', ident: 'nginx', pid: 1240, message: MSG }],
  ['short, syslog day padding', `Mar  1 12:00:00 m1 nginx[1240]: ${MSG}`, { envelope: 'short', time: T }],
  ['short, no pid', `Mar 01 12:00:00 m1 adminrouter.sh: ${MSG}`, { envelope: 'short', ident: 'adminrouter.sh', pid: null, message: MSG }],
  ['short, dotted ident', `Mar 01 12:00:00 m1 marathon.sh[99]: ${MSG}`, { ident: 'marathon.sh', pid: 99 }],
  ['short-precise', `Mar 01 12:00:00.123456 m1 mesos-master[3708]: ${MSG}`, { envelope: 'short-precise', time: T + 123, ident: 'mesos-master' }],
  ['short-iso', `2019-03-01T12:00:00+0000 m1 nginx[1]: ${MSG}`, { envelope: 'short-iso', time: T, host: 'm1' }],
  ['short-iso, offset', `2019-03-01T13:00:00+0100 m1 nginx[1]: ${MSG}`, { envelope: 'short-iso', time: T }],
  ['short-iso, colon offset', `2019-03-01T07:00:00-05:00 m1 nginx[1]: ${MSG}`, { envelope: 'short-iso', time: T }],
  ['short-iso-precise', `2019-03-01T12:00:00.500000+0000 m1 nginx[1]: ${MSG}`, { envelope: 'short-iso-precise', time: T + 500 }],
  ['short-full', `Fri 2019-03-01 12:00:00 UTC m1 nginx[1]: ${MSG}`, { envelope: 'short-full', time: T, ident: 'nginx', unit: null }],
  ['short-full, numeric zone', `Fri 2019-03-01 14:00:00 +0200 m1 nginx[1]: ${MSG}`, { envelope: 'short-full', time: T }],
  ['short-unix', `1551441600.123456 m1 nginx[1]: ${MSG}`, { envelope: 'short-unix', time: T + 123, host: 'm1' }],
  ['with-unit', `Fri 2019-03-01 12:00:00 UTC m1 dcos-adminrouter.service[1240]: ${MSG}`, { envelope: 'with-unit', unit: 'dcos-adminrouter.service', ident: null, pid: 1240, message: MSG }],
  ['dcos node log', `2018-04-09 19:04:24: ${MSG}`, { envelope: 'dcos-node-log', time: Date.UTC(2018, 3, 9, 19, 4, 24), host: null, message: MSG }],
  ['bundle (new)', `2020-03-15 10:23:45.123456 +0000 UTC ${MSG}`, { envelope: 'bundle', time: Date.UTC(2020, 2, 15, 10, 23, 45, 123), message: MSG }],
  ['bundle (new), no fraction', `2020-03-15 10:23:45 +0000 UTC ${MSG}`, { envelope: 'bundle', time: Date.UTC(2020, 2, 15, 10, 23, 45) }],
  ['bundle (new), zone', `2020-03-15 11:23:45.1 +0100 CET ${MSG}`, { envelope: 'bundle', time: Date.UTC(2020, 2, 15, 10, 23, 45, 100) }],
  ['cat', MSG, { envelope: 'cat', time: null, message: MSG }],
  ['cat, looks almost like a date', `2019-03-01 garbage ${MSG}`, { envelope: 'cat', message: `2019-03-01 garbage ${MSG}` }],
  ['cat, capitalised word', `Marathon says ${MSG}`, { envelope: 'cat' }],
  ['CRLF', `2019-03-01T12:00:00+0000 m1 nginx[1]: ${MSG}\r`, { envelope: 'short-iso', message: MSG }],
  ['json', JSON.stringify({ MESSAGE: MSG, __REALTIME_TIMESTAMP: '1551441600123456', _HOSTNAME: 'm1', _SYSTEMD_UNIT: 'dcos-adminrouter.service', SYSLOG_IDENTIFIER: 'nginx', _PID: '1240', __CURSOR: 's=abc' }),
    { envelope: 'json', time: T + 123, host: 'm1', unit: 'dcos-adminrouter.service', ident: 'nginx', pid: 1240, cursor: 's=abc', message: MSG }],
  ['json, _COMM fallback', JSON.stringify({ MESSAGE: MSG, _COMM: 'nginx' }), { envelope: 'json', ident: 'nginx', time: null }],
  ['json, byte-array MESSAGE', JSON.stringify({ MESSAGE: [...Buffer.from('type=audit uid=é')] }), { envelope: 'json', message: 'type=audit uid=é' }],
  ['json-seq', '\x1e' + JSON.stringify({ MESSAGE: MSG, _HOSTNAME: 'a1' }), { envelope: 'json', host: 'a1', message: MSG }],
  ['json-sse', 'data: ' + JSON.stringify({ MESSAGE: MSG }), { envelope: 'json', message: MSG }],
  ['json that is not a journal entry', '{"hello": 1}', { envelope: 'cat', message: '{"hello": 1}' }],
];

describe('parseLine envelopes', () => {
  it.each(cases)('%s', (_name, line, want) => {
    const r = parseLine(line, meta);
    expect(r.kind).toBe('entry');
    if (r.kind !== 'entry') return;
    expect(r.entry).toMatchObject(want);
    expect(r.entry.raw).toBe(line.replace(/\r$/, ''));
    // The --uid fast path reads a message at the line's end when its envelope says it is there.
    expect(r.entry.raw!.endsWith(r.entry.message)).toBe(messageIsTail(r.entry.envelope));
  });

  it('a short line without meta.year uses the current UTC year, or last year for a future date', () => {
    const now = new Date();
    const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const at = (d: Date) => `${mon[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} 00:00:00 m1 nginx[1]: ${MSG}`;
    const today = parseLine(at(now), { ...meta, year: null });
    expect(today.kind === 'entry' && new Date(today.entry.time!).getUTCFullYear()).toBe(now.getUTCFullYear());
    const later = new Date(now.getTime() + 3 * 86_400_000);
    const future = parseLine(at(later), { ...meta, year: null });
    expect(future.kind === 'entry' && new Date(future.entry.time!).getUTCFullYear()).toBe(later.getUTCFullYear() - 1);
  });

  it.each([
    ['-- Logs begin at Fri 2019-03-01 00:00:00 UTC, end at Fri 2019-03-01 13:00:00 UTC. --'],
    ['-- Journal begins at Fri 2019-03-01 00:00:00 UTC, ends at Fri 2019-03-01 13:00:00 UTC. --'],
    ['-- Reboot --'],
    ['-- No entries --'],
    [''],
    ['\r'],
  ])('header %j', (line) => {
    expect(parseLine(line, meta)).toEqual({ kind: 'header' });
  });

  it.each([
    ['null MESSAGE', JSON.stringify({ MESSAGE: null, _HOSTNAME: 'm1' }), /null/],
    ['object MESSAGE', JSON.stringify({ MESSAGE: { a: 1 } }), /wrong type/],
    ['bad byte array', JSON.stringify({ MESSAGE: [1, 'x', 300] }), /wrong type/],
    ['no MESSAGE', JSON.stringify({ __CURSOR: 'x', _HOSTNAME: 'm1' }), /without MESSAGE/],
    ['cut json', '{"__CURSOR":"s=1","MESSAGE":"type=audit res', /invalid JSON/],
  ])('json bad: %s', (_n, line, why) => {
    const r = parseLine(line, meta);
    expect(r.kind).toBe('bad');
    if (r.kind === 'bad') expect(r.why).toMatch(why);
  });

  it('meta fills host and unit when the envelope has none (bundle entries)', () => {
    const m: StreamMeta = { label: 'b.zip!10.0.0.1_master/dcos-mesos-master.service', host: '10.0.0.1', unit: 'dcos-mesos-master.service', envelope: 'bundle', year: null };
    const r = parseLine(`2019-04-10 10:23:45: ${MSG}`, m);
    expect(r).toMatchObject({ kind: 'entry', entry: { envelope: 'bundle-legacy', host: '10.0.0.1', unit: 'dcos-mesos-master.service', time: Date.UTC(2019, 3, 10, 10, 23, 45) } });
    // A 1.8 bundle holds plain journalctl output: still read as such.
    const s = parseLine(`2019-03-01T12:00:00+0000 m9 mesos-master[1]: ${MSG}`, m);
    expect(s).toMatchObject({ kind: 'entry', entry: { envelope: 'short-iso', host: 'm9' } });
    // Unrecognised lines in a bundle entry are the message itself.
    expect(parseLine('  at foo.bar', m)).toMatchObject({ kind: 'entry', entry: { envelope: 'cat', message: '  at foo.bar' } });
  });

  it('meta.envelope cat keeps the whole line', () => {
    const line = `2019-03-01T12:00:00+0000 m1 nginx[1]: ${MSG}`;
    expect(parseLine(line, { ...meta, envelope: 'cat' })).toMatchObject({ kind: 'entry', entry: { envelope: 'cat', message: line } });
  });

  it('continuation lines are indented', () => {
    expect(isContinuationLine('    at org.Foo(Foo.java:1)')).toBe(true);
    expect(isContinuationLine('\tmore')).toBe(true);
    expect(isContinuationLine('Mar 01 12:00:00 m1 x: y')).toBe(false);
    expect(isContinuationLine('')).toBe(false);
  });

  it('rejects impossible dates as cat', () => {
    expect(parseLine(`2019-13-01T12:00:00+0000 m1 nginx[1]: ${MSG}`, meta)).toMatchObject({ kind: 'entry', entry: { envelope: 'cat' } });
  });
});
