// Denials of the short-iso lines the fast path is sure of are read from their bytes
// (scanner/deny-read.ts): all of them without --uid, the wanted principals' with it. What a reader
// gives must be what the parser gives for the fields a finding counts by, and a scan's result must
// not change at all.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAudit } from '../../../src/core/audit/index.js';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { parseLine } from '../../../src/core/journal/index.js';
import { createDenyReader } from '../../../src/core/scanner/deny-read.js';
import { defaultParsers } from '../../../src/core/scanner/defaults.js';
import { createLineScanner } from '../../../src/core/scanner/chunks.js';
import type { ScanParsers } from '../../../src/core/scanner/parsers.js';
import type { Decision, DenyRead, ScanResult, StreamMeta } from '../../../src/core/types.js';
import { altered, randomInts } from '../../helpers/mutate.js';
import { ar, marathon, mesos, plain } from '../../pipeline/lines.js';

const meta: StreamMeta = { label: 't', host: null, unit: null, envelope: null, year: 2019 };

/** What the parser makes of the line, or null when it is not a Decision. */
function parsed(line: string, m: StreamMeta = meta): Decision | null {
  const p = parseLine(line, m);
  if (p.kind !== 'entry') return null;
  const ev = parseAudit(p.entry, m);
  return ev.type === 'decision' ? ev : null;
}
const parseOrThrow = (b: Buffer): Decision => {
  const d = parsed(b.toString());
  if (!d) throw new Error('not a decision');
  return d;
};
function read(line: string, m: StreamMeta = meta): DenyRead | null {
  const b = Buffer.from(line);
  return createDenyReader(m, parseOrThrow, false)(b, b.indexOf('type=audit'));
}
/** The fields a finding counts by. */
const counted = (d: Decision | DenyRead) => ({
  uid: d.uid,
  truncated: d.truncated,
  object: d.object,
  action: d.action,
  rid: d.rid,
  ridAction: d.ridAction,
  derived: d.derived,
  component: d.component,
  time: d.time,
  host: d.host,
});

const a = ar({ uid: 'svc-x' });
const ms = mesos('svc-m');
/** `ms` with its reason padded so that its message (after the envelope) is `n` bytes long. */
const mesosMessageOf = (n: number) => ms.replace('authorization request', `authorization request${'x'.repeat(n - (ms.length - ms.indexOf('I0301')))}`);
const mt = marathon('svc-p');
const metronome = mt.replace('marathon.sh[1500]', 'metronome[1600]').replace('authorizer=marathon', 'authorizer=metronome').replace('dcos.marathon.auditlog', 'dcos.metronome.auditlog');

describe('createDenyReader', () => {
  it.each([
    ['Admin Router', a],
    ['Admin Router, a non-rid object', ar({ uid: 'svc-x', rid: '/mesos/master/state' })],
    ['Admin Router, no timestamp field (the envelope\'s time)', a.replace(' timestamp=2019-03-01T12:00:01Z', '')],
    ['Admin Router, a timestamp that does not parse', a.replace('timestamp=2019-03-01T12:00:01Z', 'timestamp=soon')],
    ['Mesos, a timestamp with its time tail', ms],
    ['Mesos, no authorizer (the identifier names the master)', ms.replace(' authorizer="mesos-master"', '')],
    ['Mesos, an empty authorizer', ms.replace('authorizer="mesos-master"', 'authorizer=""')],
    ['Mesos, the agent\'s unit', ms.replace(' authorizer="mesos-master"', '').replace('mesos-master[3708]', 'dcos-mesos-slave.service[3708]')],
    ['Marathon, a mapped action', mt],
    ['Marathon, a resource', mt.replace('CreateRunSpec', 'ViewResource').replace('path=/dev/app', 'path=/v2/leader')],
    ['Marathon, an action that maps to nothing', mt.replace('CreateRunSpec', 'Frobnicate')],
    ['Marathon, an object instead of a path', mt.replace('path=/dev/app', 'object=/dev/app')],
    ['Marathon, an empty path', mt.replace('path=/dev/app', 'path=')],
    ['Marathon, no authorizer', mt.replace(' authorizer=marathon', '')],
    ['Metronome', metronome],
    ['Metronome, no authorizer (the identifier says Metronome)', metronome.replace(' authorizer=metronome', '')],
    ['a CR at the end', `${ms}\r`],
  ])('reads %s as the parser does', (_what, line) => {
    const r = read(line);
    const d = parsed(line);
    expect(r).not.toBeNull();
    expect(d).not.toBeNull();
    expect(counted(r!)).toEqual(counted(d!));
    expect(r!.decision()).toEqual(d);
  });

  it('names the component from the stream\'s unit when the record and the envelope do not', () => {
    const m: StreamMeta = { ...meta, unit: 'dcos-mesos-slave.service' };
    const line = ms.replace(' authorizer="mesos-master"', '').replace(' mesos-master[3708]:', ' mesos-slave[3708]:');
    const r = read(line, m);
    expect(r?.component).toBe('mesos-agent');
    expect(counted(r!)).toEqual(counted(parsed(line, m)!));
  });

  it.each([
    ['an allow', a.replace('result=deny', 'result=allow')],
    ['unauthenticated', ar({ uid: null })],
    ['a short envelope', ms.replace('2019-03-01T12:00:02+0000', 'Mar 01 12:00:02')],
    ['another writer', ms.replace('mesos-master[3708]', 'myapp[77]')],
    ['an escaped quote', ms.replace('"Error in authorization request"', '"Error \\" x"')],
    ['two CRs at the end (both dropped before parsing)', `${ms}\r\r`],
    ['a Mesos message as long as one journald may have cut (malformed)', mesosMessageOf(2047)],
  ])('leaves %s to the parser', (_what, line) => {
    expect(read(line)).toBeNull();
  });

  it('agrees with the parser on thousands of altered lines', () => {
    const seeds = [a, ms, mt, metronome, ar({ uid: 'svc-y', rid: '/p', t: '2019-12-31T23:59:59Z' }), ms.replace(' authorizer="mesos-master"', ''), mt.replace('CreateRunSpec', 'DeleteResource').replace('/dev/app', '/leader'), mesosMessageOf(2046), mesosMessageOf(2048)];
    const pieces = [' ', '"', '=', '\\xff', ':', '.', '-', '/', '0', '9', 'T', 'Z', '+01:00', ' 12:00:00', 'timestamp=', 'authorizer=', 'object=', 'path=', 'action=', 'Create', 'View', 'Resource', '.service', 'x', '\r'];
    let taken = 0;
    for (const line of altered(seeds, pieces, 10000, randomInts(4242))) {
      const r = read(line);
      if (r === null) continue;
      taken++;
      const d = parsed(line);
      expect(d, line).not.toBeNull();
      expect(counted(r), line).toEqual(counted(d!));
    }
    expect(taken).toBeGreaterThan(2000); // the property was exercised, not vacuously true
  });
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(log|json)$/.test(n) ? [p] : [];
  });
}

function scan(text: Buffer, parsers: ScanParsers, uids: string[] = []): ScanResult {
  const aggregator = createFindingsAggregator({ uids, since: null, until: null });
  const s = createLineScanner(meta, (e) => aggregator.add(e), parsers, uids);
  s.push(text);
  s.end();
  return aggregator.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] });
}

describe('when reading pays', () => {
  /** How many of `lines` a fresh adaptive reader reads (the others it leaves to the parser), each new finding parsed once. */
  function readCount(lines: string[]): number {
    const seen = new Set<string>();
    const r = createDenyReader(meta, parseOrThrow);
    let n = 0;
    for (const line of lines) {
      const b = Buffer.from(line);
      const ev = r(b, b.indexOf('type=audit'));
      if (!ev) continue;
      n++;
      const key = `${ev.uid} ${ev.rid} ${ev.ridAction}`;
      if (!seen.has(key)) ev.decision(); // the aggregator parses a new finding's line
      seen.add(key);
    }
    return n;
  }

  it('leaves a stream\'s first denials to the parser, then reads while most repeat a finding', () => {
    const repeats = Array.from({ length: 3000 }, (_, i) => mesos(`svc-${i % 7}`));
    expect(readCount(repeats)).toBe(3000 - 1024);
  });

  it('pauses also where the lines cannot be read (another envelope)', () => {
    const other = Array.from({ length: 1056 }, (_, i) => mesos(`svc-${i % 7}`).replace('2019-03-01T12:00:02+0000', 'Mar 01 12:00:02'));
    const repeats = Array.from({ length: 2000 }, (_, i) => mesos(`svc-${i % 7}`));
    // 1024 parsed, a window of 32 that cannot be read, 1024 parsed: the rest read.
    expect(readCount([...other, ...repeats])).toBe(3056 - 2080);
  });

  it('reads less and less while most make new findings', () => {
    const unique = Array.from({ length: 6000 }, (_, i) => mesos(`svc-${i}`));
    // 1024 parsed, then windows of 32 read, with 1024, 2048 and 4096 parsed between them.
    expect(readCount(unique)).toBe(32 * 3);
  });
});

// 90 denials: 4 Admin Router principals, 3 Mesos ones, 2 Marathon ones on 5 apps; most repeat.
const repeated = Array.from({ length: 30 }, (_, i) => [ar({ uid: `svc-${i % 4}`, conn: i, host: `m${i % 3}`, t: `2019-03-01T12:${String(i).padStart(2, '0')}:00Z` }), mesos(`svc-${i % 3}`), marathon(`svc-${i % 2}`, `/app-${i % 5}`)]).flat();
const withoutReader: ScanParsers = { ...defaultParsers, denyReader: undefined };
let corpusBytes: Buffer | undefined;
/** The fixtures' logs and `repeated`, read once (scans only read it). */
const corpus = (): Buffer => (corpusBytes ??= Buffer.concat([...files(join(import.meta.dirname, '../../../fixtures')).map((f) => readFileSync(f)), Buffer.from(`${repeated.join('\n')}\n`)]));

/** The default parsers with a reader that reads every line it can, counting whole parses. */
function countingParsers(): { parsers: ScanParsers; parses: () => number } {
  let parses = 0;
  const parsers: ScanParsers = {
    ...defaultParsers,
    parseAudit: (...args) => (parses++, defaultParsers.parseAudit(...args)),
    denyReader: (m, parse, mayFollowCut) => createDenyReader(m, parse, false, mayFollowCut),
  };
  return { parsers, parses: () => parses };
}

describe('in the scanner, without --uid', () => {
  it('gives the same result as parsing every denial', () => {
    const fast = scan(corpus(), defaultParsers);
    expect(fast.findings.length).toBeGreaterThan(20);
    expect(fast).toEqual(scan(corpus(), withoutReader));
  });

  it('leaves Mesos messages as long as a cut one to the parser, which refuses them', () => {
    const text = Buffer.from(`${[2046, 2047, 2048, 2046, 2047, 2048].map(mesosMessageOf).join('\n')}\n${plain(1)}\n`);
    const r = scan(text, countingParsers().parsers);
    expect(r).toEqual(scan(text, withoutReader));
    // The second 2046 follows a 2048-byte piece of its writer: maybe that line's rest (split-rest.ts).
    expect(r.stats.malformedLines).toBe(5);
    expect(r.findings.map((f) => `${f.uid} ${f.count}`)).toEqual(['svc-m 1']);
  });

  it('parses a denial whole only for a new finding', () => {
    const { parsers, parses } = countingParsers();
    // A plain line last: a chunk's last line waits for continuation lines and is parsed whole.
    const result = scan(Buffer.from(`${[...repeated, plain(1)].join('\n')}\n`), parsers);
    expect(result.stats.denyLines).toBe(90);
    // 4 Admin Router principals, 3 Mesos ones, 2 x 5 Marathon apps: one parse per finding.
    expect(result.findings.length).toBe(17);
    expect(parses()).toBe(17);
    const first = result.findings.find((f) => f.uid === 'svc-0' && f.components.includes('adminrouter'));
    expect(first?.example).toBe(repeated[0]);
    expect(first?.hosts).toEqual(['m0', 'm1', 'm2']);
  });
});

describe('in the scanner, with --uid', () => {
  it.each([['svc-0'], ['svc-1', 'svc-3'], ['svc-2'], ['nobody']])('gives the same result as parsing every wanted denial (%s)', (...uids) => {
    const fast = scan(corpus(), defaultParsers, uids);
    expect(fast).toEqual(scan(corpus(), withoutReader, uids));
    expect(fast.uidCoverage?.otherDenials).toBeGreaterThan(0);
  });

  it("reads a wanted principal's repeats from their bytes, parses its new findings, and counts the others", () => {
    const { parsers, parses } = countingParsers();
    const result = scan(Buffer.from(`${[...repeated, plain(1)].join('\n')}\n`), parsers, ['svc-0']);
    expect(result.stats.denyLines).toBe(90);
    // Admin Router 1, Mesos 1, Marathon 5 apps: one parse per finding, none for other principals.
    expect(result.findings.map((f) => f.uid)).toEqual(Array(7).fill('svc-0'));
    expect(parses()).toBe(7);
    expect(result.findings.reduce((n, f) => n + f.count, 0)).toBe(8 + 10 + 15);
    expect(result.uidCoverage?.otherDenials).toBe(90 - 33);
  });
});
