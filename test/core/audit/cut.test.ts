// Mesos and generic records journald may have cut are malformed, never decisions (src/core/audit/cut.ts,
// docs/audit-log-forms.md "Records journald may have cut"). The attack: Mesos does not escape a `"` in
// the client's User-Agent (`agent`), and a journald before systemd 235 cuts the line at 2048 bytes, so
// the real `result`, `action`, … after the injected ones are gone and no key repeats.
import { describe, expect, it } from 'vitest';
import { parseAudit } from '../../../src/core/audit/index.js';
import { cutLength } from '../../../src/core/audit/cut.js';
import { createExportDecoder, parseLine } from '../../../src/core/journal/index.js';
import type { JournalEntry, ParsedAudit, StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 'cut.log', host: null, unit: null, envelope: null, year: 2024 };
const ENV = '2024-05-14T09:00:20+0000 master-1 mesos-master[3708]: ';
const GLOG = 'I0514 09:00:20.222534  3708 logfmt.cpp:178] ';
/** An allowed call whose User-Agent closes its quote and writes the decision itself. */
const INJECTED = `${GLOG}dstip=10.0.0.1 type=audit timestamp=2024-05-14 09:00:20.222481024+00:00 reason="Authorized" uid="attacker" object="dcos:mesos:master:framework:role:slave_public" agent="x" result=deny action="full" zz="`;
const TAIL = '" authorizer="mesos-master" action="create" result=allow srcip=10.0.4.21 dstport=5050 srcport=51240';
/** The whole line Mesos wrote, with `n` bytes of padding in the injected value. */
const whole = (n: number) => `${INJECTED}${'A'.repeat(n)}${TAIL}`;
/** journald < 235: the first 2048 bytes, whitespace at the cut stripped. */
const firstPiece = (line: string) => line.slice(0, 2048).trimEnd();
/** A record of `n` bytes whose quoted padding (after `fill`, ASCII or not) closes right at its end: a cut between pairs. */
const closedAt = (n: number, fill = '') => {
  const head = `${INJECTED}${fill}`;
  return `${head}${'A'.repeat(n - Buffer.byteLength(head) - 1)}"`;
};

function parse(line: string, m = meta): ParsedAudit {
  const r = parseLine(line, m);
  if (r.kind !== 'entry') throw new Error('not an entry');
  return parseAudit(r.entry, m);
}
const why = (ev: ParsedAudit) => (ev.type === 'malformed' || ev.type === 'unverified' ? ev.why : ev.type);

describe('a Mesos record journald may have cut', () => {
  it('the red team\'s line: cut inside the injected quoted value', () => {
    const piece = firstPiece(whole(3000));
    expect(piece).toHaveLength(2048);
    const ev = parse(ENV + piece);
    expect(ev.type).toBe('malformed');
    expect(why(ev)).toMatch(/^Mesos audit cut record: fields untrusted \(a quoted value runs to the end/);
  });

  it('an unterminated quoted value anywhere in length (a line cut by other means) is malformed too', () => {
    expect(why(parse(`${ENV}${GLOG}type=audit object="o" action="a" result=deny uid="cass`))).toMatch(/cut record/);
  });

  it.each([
    ['ends right at the cut (2048 bytes)', closedAt(2048)],
    ['ends right before a separator space journald stripped (2047 bytes)', firstPiece(`${closedAt(2047)} authorizer="mesos-master"`)],
  ])('a cut between pairs: %s', (_what, piece) => {
    expect(piece.length).toBeGreaterThanOrEqual(2047);
    const ev = parse(ENV + piece);
    expect(ev.type).toBe('malformed');
    expect(why(ev)).toMatch(/cut record: fields untrusted \(its length is that of a line journald split at 2048 bytes/);
  });

  it.each([
    ['2046 bytes: whole (a cut leaves at most one stripped space)', 2046],
    ['2049 bytes: whole (journald before 235 stores at most 2048)', 2049],
    ['3000 bytes: whole (a journald that did not split it)', 3000],
  ])('%s', (_what, n) => {
    expect(parse(ENV + closedAt(n))).toMatchObject({ type: 'decision', uid: 'attacker', action: 'full', truncated: false });
  });

  it('counts bytes, not characters: 2047 bytes of UTF-8 in fewer characters', () => {
    const piece = closedAt(2047, '\u20ac'.repeat(100));
    expect(Buffer.byteLength(piece)).toBe(2047);
    expect(piece.length).toBeLessThan(2047);
    expect(why(parse(ENV + piece))).toMatch(/cut record/);
  });

  it('a byte shown as \\xNN may be one byte: the length is a range then', () => {
    expect(cutLength(`${'A'.repeat(2047)}\\xff`, 'Mesos')).toBe(true); // 2051 characters, 2048 bytes if the escape is one
    expect(cutLength(`${'A'.repeat(2060)}\\xff`, 'Mesos')).toBe(false);
    expect(cutLength('A'.repeat(2051), 'Mesos')).toBe(false);
  });

  it('a default LineMax (48 KiB) split of a newer journald', () => {
    expect(cutLength('A'.repeat(48 * 1024), 'Mesos')).toBe(true);
    expect(cutLength('A'.repeat(48 * 1024 - 2), 'Mesos')).toBe(false);
    expect(cutLength('A'.repeat(48 * 1024 + 1), 'Mesos')).toBe(false);
  });
});

describe('a generic record journald may have cut', () => {
  const SECRETS = 'Mar 01 12:00:00 m1 secrets.sh[5]: ';
  const generic = (n: number) => {
    const head = 'type=audit uid=u object=dcos:secrets:default:/a action=read result=deny note=';
    return head + 'x'.repeat(n - head.length);
  };
  it.each([2042, 2045, 2048])('%i bytes (a `<N>` priority of up to 5 bytes and one space may be gone): malformed', (n) => {
    expect(why(parse(SECRETS + generic(n)))).toMatch(/^generic audit cut record/);
  });
  it.each([2041, 2049])('%i bytes: a decision', (n) => {
    expect(parse(SECRETS + generic(n))).toMatchObject({ type: 'decision', uid: 'u' });
  });
});

describe('json and export entries journald marks as split', () => {
  const msg = `${GLOG}type=audit uid="u" object="dcos:mesos:master:framework:role:r" action="create" result=deny`;
  const fields = { MESSAGE: msg, _SYSTEMD_UNIT: 'dcos-mesos-master.service', SYSLOG_IDENTIFIER: 'mesos-master' };
  it('json: _LINE_BREAK=line-max (systemd 235+, any LineMax)', () => {
    expect(parse(JSON.stringify(fields))).toMatchObject({ type: 'decision', uid: 'u' });
    expect(why(parse(JSON.stringify({ ...fields, _LINE_BREAK: 'line-max' })))).toMatch(/cut record: fields untrusted \(journald split the line \(_LINE_BREAK=line-max\)\)/);
  });
  it('export: _LINE_BREAK=nul', () => {
    const dec = createExportDecoder(meta);
    const text = Object.entries({ ...fields, _LINE_BREAK: 'nul' }).map(([k, v]) => `${k}=${v}`).join('\n');
    const [r] = [...dec.push(Buffer.from(`${text}\n\n`)), ...dec.end()];
    if (r?.kind !== 'entry') throw new Error('no entry');
    const e: JournalEntry = r.entry;
    expect(e.lineBreak).toBe('nul');
    expect(why(parseAudit(e, meta))).toMatch(/_LINE_BREAK=nul/);
  });
});

describe('cutLength counts a U+FFFD as the one byte it may stand for', () => {
  it('a 2047-byte message whose invalid byte json replaced is in the window', () => {
    const m = `I0514 ${'a'.repeat(2041)}\ufffd`; // 2050 bytes as read, 2048 as stored (one invalid byte)
    expect(Buffer.byteLength(m)).toBe(2050);
    expect(cutLength(m, 'Mesos')).toBe(true);
    expect(cutLength(m.replace('\ufffd', 'xxx'), 'Mesos')).toBe(false);
  });
});
