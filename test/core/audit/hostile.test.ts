// Parsers run on attacker-influenced lines: a 1 MB candidate line must cost one linear pass.
import { describe, expect, it } from 'vitest';
import { parseAudit, parseNotice } from '../../../src/core/audit/index.js';
import { isContinuationLine, parseLine } from '../../../src/core/journal/index.js';
import type { StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 'h', host: null, unit: null, envelope: null, year: 2019 };
const MB = 1 << 20;
const NGX = '2019/03/01 12:00:00 [notice] 1240#0: *55 [lua] ee.lua:57: auditlog(): ';

const lines: [string, string][] = [
  ['Admin Router, 1 MB request_uri', `Mar 01 12:00:00 m1 nginx[1]: ${NGX}type=audit timestamp=2019-03-01T12:00:00Z authorizer=adminrouter object=o action=full result=deny reason="r" srcip=1 srcport=2 request_uri=/${'uid=a&'.repeat(MB / 6)} uid=x, client: 1`],
  ['Admin Router, 1 MB of spaces and quotes', `${NGX}type=audit ${'a="\\" '.repeat(MB / 6)}`],
  ['many unterminated quotes', `type=audit ${'k="'.repeat(MB / 3)}`],
  ['many equals', `type=audit ${'='.repeat(MB)}`],
  ['glog-like digits', `I0410 02:38:24.752534 ${'1'.repeat(MB)} type=audit`],
  ['logback-like', `[2016-12-16 18:19:06,199] INFO ${' '.repeat(MB)}type=audit`],
  ['json-ish', `{"MESSAGE":"${'type=audit '.repeat(MB / 11)}`],
  ['nginx prefix repeated', `${'2019/03/01 12:00:00 [notice] 1#0: '.repeat(MB / 34)}type=audit`],
  ['time tails', `type=audit timestamp=1 ${'11:1 '.repeat(MB / 5)}`],
];

describe('hostile 1 MB lines', () => {
  it.each(lines)('%s finishes fast', (_n, line) => {
    const t0 = performance.now();
    const r = parseLine(line, meta);
    isContinuationLine(line);
    if (r.kind === 'entry') {
      const ev = parseAudit(r.entry, meta);
      expect(['decision', 'malformed', 'unverified']).toContain(ev.type);
      expect(ev.raw.length).toBeLessThanOrEqual(4096);
      parseNotice(r.entry.message);
    }
    // Linear work is ~50 ms here; catastrophic regex backtracking would take seconds or hours.
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});
