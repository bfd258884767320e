// The rest of a line journald split (scanner/split-rest.ts): a client's text at the cut starts the
// next entry, and there writes a Mesos record of its own that the real line's tail completes. A
// red-team review found it granted `victim-sa` a role's reservations. Through every framing and
// every reading path (parsed, the --uid fast path, the denial reader), such a record is malformed;
// records of other writers, and later ones, are not.
import { describe, expect, it } from 'vitest';
import { createDenyReader } from '../../../src/core/scanner/deny-read.js';
import { defaultParsers } from '../../../src/core/scanner/defaults.js';
import { createChunkScanner } from '../../../src/core/scanner/scanner.js';
import { LOOK_BACK, REST_LINES } from '../../../src/core/scanner/split-rest.js';
import type { AuditEvent, StreamMeta } from '../../../src/core/types.js';
import { GLOG, noise, REAL_HEAD, shortIso, VICTIM } from './split-lines.js';

const meta: StreamMeta = { label: 't', host: null, unit: null, envelope: null, year: 2024 };
const REAL_TAIL = '" authorizer="mesos-master" action="create" result=deny srcip=10.0.4.66 dstport=5050 srcport=51240';
const WHOLE = `${GLOG}${VICTIM} authorizer="mesos-master" action="create" result=deny srcip=10.0.4.66 dstport=5050 srcport=51240`;

/** A message journald cut at `at` bytes: its pieces, the second starting with `forged`. */
function split(head: string, forged: string, tail: string, at = 2048): [string, string] {
  const msg = head + 'A'.repeat(at - head.length) + forged + tail;
  return [msg.slice(0, at), msg.slice(at)];
}

const ATTACKS: Record<string, [string, string]> = {
  // The User-Agent ends in a bare value that takes the real closing quote (zz=x").
  'a bare value holding the quote': split(REAL_HEAD, `${GLOG}${VICTIM} zz=x`, REAL_TAIL),
  // A Mesos that left `"` unescaped: the client's own quote opens a value the real one closes.
  'an unescaped quote': split(REAL_HEAD, `${GLOG}${VICTIM} zz="`, REAL_TAIL),
  // Another Mesos line that ends with a name the client chose: the whole record is the client's.
  "a framework name at a line's end": split(`I0514 09:00:02.074534  3708 master.cpp:2345] Received SUBSCRIBE call for framework '`, `${WHOLE} zz=x`, "'"),
  // journald 235+: LineMax= (48 KiB).
  'a cut at LineMax': split(REAL_HEAD, `${GLOG}${VICTIM} zz=x`, REAL_TAIL, 48 * 1024),
  // The quote taken by the time part readPairs appends to a bare timestamp.
  "a timestamp's time part holding the quote": split(REAL_HEAD, `${GLOG}${VICTIM} timestamp=2024-05-14 09:00:02`, REAL_TAIL),
};

const json = (m: string, i: number, lineBreak: boolean | string = false): string =>
  JSON.stringify({
    __CURSOR: `s=1;i=${i}`,
    __REALTIME_TIMESTAMP: `${1715677202074123 + i}`,
    _HOSTNAME: 'master-1',
    _SYSTEMD_UNIT: 'dcos-mesos-master.service',
    SYSLOG_IDENTIFIER: 'mesos-master',
    _PID: '3708',
    ...(lineBreak ? { _LINE_BREAK: lineBreak === true ? 'line-max' : lineBreak } : {}),
    MESSAGE: m,
  }) + '\n';
const exportBlock = (m: string, i: number, lineBreak: boolean | string = false): string =>
  `__CURSOR=s=1;i=${i}\n__REALTIME_TIMESTAMP=${1715677202074123 + i}\n_HOSTNAME=master-1\n_SYSTEMD_UNIT=dcos-mesos-master.service\n` +
  `SYSLOG_IDENTIFIER=mesos-master\n_PID=3708\n${lineBreak ? `_LINE_BREAK=${lineBreak === true ? 'line-max' : lineBreak}\n` : ''}MESSAGE=${m}\n\n`;

/** A reader of every denial it can read (not only once it pays), so its path is the one taken. */
const eager = { ...defaultParsers, denyReader: (m: StreamMeta, parse: Parameters<typeof createDenyReader>[1], may?: () => boolean) => createDenyReader(m, parse, false, may) };

function scan(text: string, opts: { framing?: 'lines' | 'export'; uids?: string[]; reader?: boolean; chunk?: number } = {}): AuditEvent[] {
  const events: AuditEvent[] = [];
  const s = createChunkScanner(meta, (e) => events.push(e), { framing: opts.framing, uids: opts.uids, parsers: opts.reader ? eager : undefined });
  const bytes = Buffer.from(text);
  const step = opts.chunk ?? bytes.length;
  for (let at = 0; at < bytes.length; at += step) s.push(bytes.subarray(at, at + step));
  s.end();
  return events;
}
const victimDenials = (events: AuditEvent[]): number =>
  events.filter((e) => (e.type === 'decision' || e.type === 'deny-read' || e.type === 'counted') && e.result === 'deny' && e.uid === 'victim-sa').length;
/** The forged piece, malformed (for a cut piece before it, or, with a bare `"`, as not one record). */
const rests = (events: AuditEvent[]): number => events.filter((e) => e.type === 'malformed' && e.raw.includes('uid=victim-sa')).length;

describe('the rest of a line journald split', () => {
  describe.each(Object.entries(ATTACKS))('%s', (_, [first, rest]) => {
    it('short-iso: malformed, on every path', () => {
      const text = shortIso(first) + shortIso(rest);
      for (const opts of [{}, { uids: ['victim-sa'] }, { uids: ['someone'] }, { reader: true }]) {
        const events = scan(text, opts);
        expect(victimDenials(events)).toBe(0);
        expect(rests(events)).toBe(1);
      }
    });

    it(`short-iso: still with ${REST_LINES - 1} lines of other writers between`, () => {
      const between = Array.from({ length: REST_LINES - 1 }, (_, i) => noise(i)).join('');
      expect(victimDenials(scan(shortIso(first) + between + shortIso(rest)))).toBe(0);
    });

    it('json and export, with and without _LINE_BREAK', () => {
      for (const mark of [false, true]) {
        expect(victimDenials(scan(json(first, 1, mark) + json(rest, 2)))).toBe(0);
        expect(victimDenials(scan(exportBlock(first, 1, mark) + exportBlock(rest, 2), { framing: 'export' }))).toBe(0);
      }
    });
  });

  it('the same record is a decision when no cut piece of its writer comes before it', () => {
    const whole = shortIso(WHOLE);
    const [first] = ATTACKS['a bare value holding the quote']!;
    // Short-iso lines find their writer's line before within LOOK_BACK bytes; other forms, REST_LINES lines.
    let far = '';
    for (let i = 0; far.length <= LOOK_BACK; i++) far += noise(i);
    const lines = Array.from({ length: REST_LINES }, (_, i) => json(`I0514 09:00:02.1  1 other.cpp:1] ${i}`, i + 2).replace('"_PID":"3708"', '"_PID":"1"')).join('');
    // Alone; after another writer's cut piece (another host); and beyond the look-back.
    for (const text of [whole, shortIso(first, 'master-2') + whole, shortIso(first) + far + whole]) {
      for (const opts of [{}, { uids: ['victim-sa'] }, { reader: true }]) expect(victimDenials(scan(text, opts))).toBe(1);
    }
    expect(victimDenials(scan(json(WHOLE, 1)))).toBe(1);
    expect(victimDenials(scan(json(first, 1, true) + lines + json(WHOLE, 99)))).toBe(1);
    expect(victimDenials(scan(exportBlock(WHOLE, 1), { framing: 'export' }))).toBe(1);
  });

  it('json and export: a short piece marked _LINE_BREAK (journald 235+ splits a line at a NUL)', () => {
    const piece = "I0514 09:00:02.074534  3708 master.cpp:2345] Received SUBSCRIBE call for framework 'x";
    expect(victimDenials(scan(json(piece, 1, 'nul') + json(WHOLE, 2)))).toBe(0);
    expect(victimDenials(scan(exportBlock(piece, 1, 'nul') + exportBlock(WHOLE, 2), { framing: 'export' }))).toBe(0);
    expect(victimDenials(scan(json(piece, 1) + json(WHOLE, 2)))).toBe(1);
  });

  it('json: a piece marked however journalctl writes the mark, or printed as byte values', () => {
    const piece = "I0514 09:00:02.074534  3708 master.cpp:2345] Received SUBSCRIBE call for framework 'x";
    const marked = json(piece, 1, 'nul');
    const spaced = marked.replace('"_LINE_BREAK":"nul"', '"_LINE_BREAK" : "nul"');
    expect(spaced).not.toBe(marked);
    for (const first of [spaced, `\x1e${marked}`, `data: ${marked}`]) {
      const prefix = first.startsWith('\x1e') ? '\x1e' : first.startsWith('data: ') ? 'data: ' : '';
      expect(victimDenials(scan(first + prefix + json(WHOLE, 2))), JSON.stringify(first.slice(0, 8))).toBe(0);
    }
    // A message with a control byte is an array of byte values: a 48 KiB piece is ~150 KB of json.
    const [big, rest] = ATTACKS['a cut at LineMax']!;
    const bytes = json('', 1).replace('"MESSAGE":""', `"MESSAGE":[${[...Buffer.from(`${big.slice(0, -1)}\u0001`)].join(',')}]`);
    expect(victimDenials(scan(bytes + json(rest, 2)))).toBe(0);
  });

  it('short-iso: a 48 KiB piece, then lines of other writers, up to LOOK_BACK bytes after its end', () => {
    const [big, rest] = split(REAL_HEAD, `${GLOG}${VICTIM} zz="`, REAL_TAIL, 48 * 1024);
    let between = '';
    for (let i = 0; between.length < LOOK_BACK - 2048; i++) between += noise(i);
    expect(victimDenials(scan(shortIso(big) + between + shortIso(rest)))).toBe(0);
  });

  it('the same, pushed in chunks of any size (the piece in a buffer before its rest)', () => {
    const [first, rest] = ATTACKS["a framework name at a line's end"]!;
    for (const chunk of [7, 100, 2047, 4096, 65536]) {
      for (const opts of [{ chunk }, { chunk, uids: ['someone'] }, { chunk, reader: true }]) {
        expect(victimDenials(scan(shortIso(first) + noise(1) + shortIso(rest), opts)), JSON.stringify(opts)).toBe(0);
      }
      expect(victimDenials(scan(json(first, 1) + json(rest, 2), { chunk }))).toBe(0);
      expect(victimDenials(scan(exportBlock(first, 1) + exportBlock(rest, 2), { framing: 'export', chunk }))).toBe(0);
    }
  });

  it('json: a long line of another writer between the pieces (a message as byte values)', () => {
    const [first, rest] = ATTACKS["a framework name at a line's end"]!;
    const other = json('', 5).replace('"MESSAGE":""', `"MESSAGE":[${new Array(30_000).fill(65).join(',')}]`).replace('"_PID":"3708"', '"_PID":"1"');
    expect(other.length).toBeGreaterThan(LOOK_BACK);
    expect(victimDenials(scan(json(first, 1) + other + json(rest, 6)))).toBe(0);
  });

  it("only its writer's line right before it counts: one in between ends the look-back", () => {
    const [first] = ATTACKS['a bare value holding the quote']!;
    const other = 'I0514 09:00:02.080000  3708 master.cpp:1115] HTTP GET for /master/state';
    const paths: { uids?: string[]; reader?: boolean }[] = [{}, { uids: ['victim-sa'] }, { reader: true }];
    for (const opts of paths) expect(victimDenials(scan(shortIso(first) + noise(1) + shortIso(other) + shortIso(WHOLE), opts))).toBe(1);
    expect(victimDenials(scan(json(first, 1, true) + json(other, 2) + json(WHOLE, 3)))).toBe(1);
    expect(victimDenials(scan(exportBlock(first, 1, true) + exportBlock(other, 2) + exportBlock(WHOLE, 3), { framing: 'export' }))).toBe(1);
    // Without that line, the same record is refused in each framing.
    expect(victimDenials(scan(json(first, 1, true) + json(WHOLE, 3)))).toBe(0);
    expect(victimDenials(scan(exportBlock(first, 1, true) + exportBlock(WHOLE, 3), { framing: 'export' }))).toBe(0);
  });

  it('a rest is no record even where no piece shows before it: a bare value or time part holding the quote', () => {
    for (const end of ['zz=x', 'timestamp=2024-05-14 09:00:02']) {
      const line = shortIso(`${GLOG}${VICTIM} ${end}${REAL_TAIL}`);
      for (const opts of [{}, { uids: ['victim-sa'] }, { uids: ['someone'] }, { reader: true }]) expect(victimDenials(scan(line, opts)), end).toBe(0);
    }
  });

  it('lines that name no writer are not judged (any line there reads as any component: docs, Limits)', () => {
    const [first] = ATTACKS['a bare value holding the quote']!;
    expect(victimDenials(scan(`${first}
${WHOLE}
`))).toBe(1);
  });

  it('a repeat read from its bytes is not counted either', () => {
    // victim-sa's real denial first (a finding), then the forged one, which would only repeat it.
    const [first, rest] = ATTACKS['a bare value holding the quote']!;
    const events = scan(shortIso(WHOLE) + shortIso(first) + shortIso(rest), { reader: true });
    expect(victimDenials(events)).toBe(1);
    expect(rests(events)).toBe(1);
  });
});
