// The dcos:// sources' pure parts, table-driven: specs, an entry's raw cursor and time (whatever a
// message holds), the journalctl JSON they become, the event-stream parser, the --since probe, and
// the 401 rules of one request.
import { describe, expect, it } from 'vitest';
import { CUT_TAIL, entryCursor, entryTimeMs, isCandidate, journalJson, LineSplitter, newBatch, parseEntry, takeEntry } from '../../../src/sources/dcos/entries.js';
import { REMOTE_PATTERNS } from '../../../src/sources/ssh/command.js';
import { fetchLogs } from '../../../src/sources/dcos/fetch.js';
import type { LogHttp, LogResponse } from '../../../src/sources/dcos/request.js';
import { parseDcosSpec } from '../../../src/sources/dcos/spec.js';
import { SseParser } from '../../../src/sources/dcos/sse.js';
import { masterTarget } from '../../../src/sources/dcos/targets.js';
import { findStart, type Probe } from '../../../src/sources/dcos/window.js';

describe('parseDcosSpec', () => {
  it.each([
    ['dcos://leader', { kind: 'leader' }],
    ['DCOS://Masters/', { kind: 'masters' }],
    ['dcos://agents', { kind: 'agents' }],
    ['dcos://all', { kind: 'all' }],
    ['dcos://agent/0c2d-S3', { kind: 'agent', id: '0c2d-S3' }],
    ['dcos://10.0.4.10', { kind: 'ip', ip: '10.0.4.10' }],
    ['dcos://[FD00::1]', { kind: 'ip', ip: 'fd00::1' }],
    // No agent id is an address: the agent at that address.
    ['dcos://agent/10.0.4.10', { kind: 'ip', ip: '10.0.4.10', agent: true }],
    ['dcos://agent/[fd00::1]', { kind: 'ip', ip: 'fd00::1', agent: true }],
  ])('%s', (spec, want) => expect(parseDcosSpec(spec)).toEqual(want));

  it.each([
    ['dcos://', /not a node of the logging API: use dcos:\/\/leader/],
    ['dcos://master', /not a node/],
    ['dcos://agent/../../acs', /is not a Mesos agent id/],
    ['dcos://agent/a%2Fb', /is not a Mesos agent id/],
    ['dcos://fd00::1', /write an IPv6 address in brackets/],
    ['dcos://10.0.0.1:443', /not a node/],
    ['dcos://user@10.0.0.1', /^dcos:\/\/\*\*\*@10\.0\.0\.1: a dcos:\/\/ source names nodes only/],
  ])('%s is refused', (spec, why) => expect(() => parseDcosSpec(spec)).toThrow(why));
});

const entry = (message: string, extra: Record<string, string> = {}) =>
  JSON.stringify({ fields: { MESSAGE: message, _SYSTEMD_UNIT: 'dcos-mesos-master.service', SYSLOG_IDENTIFIER: 'mesos-master', _HOSTNAME: 'm1', ...extra }, cursor: 's=ab;i=1f;b=cd;m=10;t=5f;x=99', monotonic_timestamp: 16, realtime_timestamp: 1715677200123456 });

describe('an entry line', () => {
  it('cursor and time from the raw bytes, even when the message forges both keys', () => {
    const forged = entry('x","cursor":"s=evil","realtime_timestamp":1 type=audit');
    const line = Buffer.from(forged);
    expect(entryCursor(line)).toBe('s=ab;i=1f;b=cd;m=10;t=5f;x=99');
    expect(entryTimeMs(line)).toBe(1715677200123);
    expect(isCandidate(line)).toBe(true);
    expect(isCandidate(Buffer.from(entry('I0514 master.cpp:5129] Processing ACCEPT call')))).toBe(false);
  });

  it('a cursor that could not be a journald cursor is never taken (it goes back into a URL and a header)', () => {
    const bad = Buffer.from(entry('m').replace('"cursor":"s=ab;i=1f;b=cd;m=10;t=5f;x=99"', '"cursor":"s=ab\\r\\nX-Evil: 1"'));
    expect(entryCursor(bad)).toBeNull();
    const p = new SseParser();
    const evs = p.lines(['id: a b', 'data: {}', ''].map((l) => Buffer.from(l)));
    expect(evs).toEqual([{ id: 'a b', data: '{}' }]); // the parser keeps it; the reader checks it (validCursor)
  });

  it('becomes a journalctl -o json line: address fields first, values as strings', () => {
    const j = JSON.parse(journalJson(parseEntry(entry('type=audit m', { __CURSOR: 'forged' }))!));
    expect(j).toMatchObject({ __CURSOR: 's=ab;i=1f;b=cd;m=10;t=5f;x=99', __REALTIME_TIMESTAMP: '1715677200123456', __MONOTONIC_TIMESTAMP: '16', MESSAGE: 'type=audit m', _SYSTEMD_UNIT: 'dcos-mesos-master.service' });
    expect(parseEntry('{"MESSAGE":"not an API entry"}')).toBeNull();
    expect(parseEntry('not json')).toBeNull();
  });

  it('lines split across chunks; a runaway line is cut to its end and counted', () => {
    const s = new LineSplitter(10);
    expect(s.push(Buffer.from('ab\ncd')).map(String)).toEqual(['ab']);
    expect(s.push(Buffer.from('ef\n')).map(String)).toEqual(['cdef']);
    expect(s.push(Buffer.from('0123456789abc'))).toEqual([]);
    const [cut, ok] = s.push(Buffer.from('def\nok\n'));
    expect(String(cut)).toBe('0123456789abcdef'); // shorter than CUT_TAIL: the whole end
    expect(s.wasCut(cut!)).toBe(true);
    expect(String(ok)).toBe('ok');
    expect(s.wasCut(ok!)).toBe(false);
    expect(s.push(Buffer.from('tail'))).toEqual([]);
    expect(String(s.end())).toBe('tail');
  });

  it('a line of 8 MiB is held as its last CUT_TAIL bytes, whatever the chunks', () => {
    const s = new LineSplitter();
    const end = '","cursor":"s=ab;i=7","realtime_timestamp":1715677200123456}';
    const piece = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 128; i++) expect(s.push(piece)).toEqual([]);
    const [line] = s.push(Buffer.from(`${end}\n`));
    expect(line!.length).toBe(CUT_TAIL);
    expect(s.wasCut(line!)).toBe(true);
    expect(entryCursor(line!)).toBe('s=ab;i=7');
    expect(entryTimeMs(line!)).toBe(1715677200123);
  });
});

describe('SseParser', () => {
  it('an event counts once its blank line arrived; pings and CRs are ignored; lastId follows complete events', () => {
    const p = new SseParser();
    const lines = (t: string) => t.split('\n').map((l) => Buffer.from(l));
    expect(p.lines(lines(': ping\n\nid: c1\r\ndata: {"a":1}\r'))).toEqual([]);
    expect(p.lastId).toBeNull();
    expect(p.lines(lines('\nid: c2\ndata: x\ndata: y\n\nid: c3\ndata: half'))).toEqual([{ id: 'c1', data: '{"a":1}' }, { id: 'c2', data: 'x\ny' }]);
    expect(p.lastId).toBe('c2');
    p.reset(); // the connection dropped: the half event is sent again after the resume
    expect(p.lines(lines('id: c3\ndata: whole\n'))).toEqual([{ id: 'c3', data: 'whole' }]);
    expect(p.lastId).toBe('c3');
  });

  it('a field it does not know is ignored, as the format says; a line that is no field (NDJSON) is foreign', () => {
    const p = new SseParser();
    const lines = (t: string) => t.split('\n').map((l) => Buffer.from(l));
    // A proxy or a newer server adding a field must not fail following (review r-final2).
    expect(p.lines(lines('x-trace: 7\nid: c1\ndata: {}\n\n'))).toEqual([{ id: 'c1', data: '{}' }]);
    expect(p.foreign).toBeNull();
    expect(p.lines(lines('{"fields":{"MESSAGE":"x"}}\n'))).toEqual([]);
    expect(p.foreign?.toString()).toBe('{"fields":{"MESSAGE":"x"}}');
    // A bare word is text (a proxy's `Unauthorized`), not a field nobody sends (review r-last).
    const q = new SseParser();
    expect(q.lines(lines('Unauthorized\n'))).toEqual([]);
    expect(q.foreign?.toString()).toBe('Unauthorized');
  });
});

describe('findStart (the --since probe)', () => {
  // A journal of n entries, entry k at minute k; probes answer as dcos-log does.
  const journal = (n: number) => {
    const calls: Array<[number, string | null]> = [];
    const probe: Probe = async (skip, cursor) => {
      calls.push([skip, cursor]);
      if (n === 0) return null;
      // From the end, skip_prev=1 is the newest entry; from a cursor, it moves back from that entry.
      const from = cursor === null ? n : Number(cursor.slice(1));
      const skipped = Math.min(skip, from);
      const k = from - skipped;
      return { cursor: `c${k}`, timeMs: k * 60_000, skipped };
    };
    return { probe, calls };
  };

  it.each([
    // [entries, since minute, step] → start at `skipPrev` before the newest entry, within one step
    [10_000, 5000, 100],
    [10_000, 9990, 100],
    [10_000, 1, 100],
    [300, 150, 20],
  ])('%i entries, since minute %i, step %i: one step before the window at most, in log-many probes', async (n, since, step) => {
    const { probe, calls } = journal(n);
    const s = await findStart(probe, since * 60_000, step);
    expect(s.cursor).toBe(`c${n - 1}`);
    const first = n - 1 - s.skipPrev; // the first entry read
    expect(first).toBeLessThan(since);
    expect(since - first).toBeLessThanOrEqual(step);
    expect(calls.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n / step)) + 3);
  });

  it('the whole journal in the window: from its start; none in it: after the newest entry; empty: from the start', async () => {
    expect(await findStart(journal(500).probe, 0, 100)).toMatchObject({ cursor: null, skipPrev: 0 });
    expect(await findStart(journal(500).probe, 10_000 * 60_000, 100)).toMatchObject({ cursor: 'c499', skipPrev: 0 });
    expect(await findStart(journal(0).probe, 0, 100)).toMatchObject({ cursor: null, skipPrev: 0 });
  });
});

describe('fetchLogs: 401', () => {
  const target = masterTarget(new URL('https://m.example:443'), '10.0.0.1');
  const answers = (statuses: number[]) => {
    const seen: string[] = [];
    const http = {
      get: async (req: { token: string }) => {
        seen.push(req.token);
        const status = statuses.shift() ?? 200;
        return { status, headers: {}, body: (async function* () {})(), text: async () => '<html>401</html>', close: () => undefined } as LogResponse;
      },
    } as unknown as LogHttp;
    return { http, seen };
  };
  const link = (refreshable: boolean) => {
    let n = 0;
    return { token: async () => `t${n}`, refresh: async () => (refreshable ? `t${++n}` : null), refreshable, readerUid: 'ci', tls: {}, tokenOrigin: refreshable ? 'service login as ci' : 'DCOS_ACS_TOKEN' };
  };
  const spec = { url: new URL(`${target.base}/range/?limit=1`), accept: 'application/json' as const, idleTimeoutMs: 0, deadlineMs: 0, withCursor: false };

  it('a login is refreshed once and the request retried with the new token', async () => {
    const { http, seen } = answers([401, 200]);
    const got = await fetchLogs({ target, link: link(true), http, signal: new AbortController().signal, connectTimeoutMs: 1000 }, spec);
    expect('res' in got && got.res.status).toBe(200);
    expect(seen).toEqual(['t0', 't1']);
  });

  it('a second 401 fails: log in again', async () => {
    const { http, seen } = answers([401, 401]);
    const got = await fetchLogs({ target, link: link(true), http, signal: new AbortController().signal, connectTimeoutMs: 1000 }, spec);
    expect(got).toEqual({ fail: { retriable: false, message: 'dcos://10.0.0.1: the cluster refused a fresh auth token for ci (401 twice): log in again, and check that the cluster URL is the cluster this account belongs to' } });
    expect(seen).toHaveLength(2);
  });

  it('a static token is not retried', async () => {
    const { http, seen } = answers([401]);
    const got = await fetchLogs({ target, link: link(false), http, signal: new AbortController().signal, connectTimeoutMs: 1000 }, spec);
    expect(got).toMatchObject({ fail: { message: expect.stringContaining('refused the auth token from DCOS_ACS_TOKEN (401: expired or invalid): log in again') } });
    expect(seen).toHaveLength(1);
  });
});

// A piece of a line journald split must reach the scan, which refuses what follows it
// (core/scanner/split-rest.ts): a marked one by its _LINE_BREAK (ssh's remote grep and this filter
// share REMOTE_PATTERNS), an unmarked one (systemd before 235) by its message's length.
describe('takeEntry keeps the pieces of a split line', () => {
  const meta = { label: 'dcos://leader', host: null, unit: null, envelope: null, year: 2024 };
  const entry = (message: string, extra: Record<string, string> = {}) =>
    Buffer.from(JSON.stringify({ fields: { MESSAGE: message, _SYSTEMD_UNIT: 'dcos-mesos-master.service', ...extra }, cursor: 's=1;i=1', realtime_timestamp: 1715677202074123 }));
  const kept = (line: Buffer): number => {
    const b = newBatch();
    takeEntry(line, b, null, meta);
    return b.kept;
  };
  it.each([
    ['a message journald cut at 2048 bytes', entry('x'.repeat(2048)), 1],
    ['a marked piece, short', entry("framework 'x", { _LINE_BREAK: 'nul' }), 1],
    ['a long message of no cut length', entry('x'.repeat(3000)), 0],
    ['a short line of nothing', entry('hello'), 0],
  ])('%s', (_, line, n) => expect(kept(line)).toBe(n));

  it('the ssh remote grep sends _LINE_BREAK lines too', () => expect(REMOTE_PATTERNS).toContain('_LINE_BREAK'));
});
