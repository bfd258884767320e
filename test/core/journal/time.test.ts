import { describe, expect, it } from 'vitest';
import { parseAudit } from '../../../src/core/audit/index.js';
import { parseLine } from '../../../src/core/journal/index.js';
import { digits, parseIsoTimestamp } from '../../../src/core/journal/time.js';
import type { StreamMeta } from '../../../src/core/types.js';

const T = Date.UTC(2019, 2, 1, 12);

describe('parseIsoTimestamp', () => {
  it.each([
    ['2019-03-01T12:00:00Z', T],
    ['2019-03-01T12:00:00.199Z', T + 199],
    ['2019-03-01 12:00:00.752481024+00:00', T + 752],
    ['2019-03-01T12:00:00+0100', T - 3_600_000],
    ['2019-03-01T12:00:00-01:30', T + 5_400_000],
    ['2019-03-01T12:00:00+02', T - 7_200_000],
    ['2019-03-01T12:00:00', T],
    ['2019-03-01T12:00:00.Z', T],
  ])('%s', (s, ms) => expect(parseIsoTimestamp(s)).toBe(ms));

  // Digits read past the end were NaN, which `c < 0 || c > 9` let through: a zone cut short made
  // the whole time NaN (a finding's firstSeen/lastSeen then had no time at all).
  it.each(['2019-03-01T12:00:00+', '2019-03-01T12:00:00+0', '2019-03-01T12:00:00-01:', '2019-03-01T12:00:00+01:3'])(
    'a zone cut short is no zone: %s',
    (s) => expect(parseIsoTimestamp(s)).toBe(T),
  );

  it('a date cut short is no time', () => {
    expect(parseIsoTimestamp('2019-03-01T12:00:0')).toBeNull();
    expect(digits('12', 0, 3)).toBe(-1);
  });
});

describe('a record whose timestamp ends in a cut zone', () => {
  const meta: StreamMeta = { label: 'ar.log', host: null, unit: null, envelope: null, year: 2019 };
  it('keeps the record time, not NaN', () => {
    const line =
      '2019-03-01T12:00:01+0000 m1 nginx[1240]: 2019/03/01 12:00:00 [notice] 1240#0: *55 [lua] ee.lua:57: auditlog(): ' +
      'type=audit timestamp=2019-03-01T12:00:00+0 authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny ' +
      'reason="IAM PQ response" srcip=10.0.0.5 srcport=41234 request_uri=/mesos uid=bob, client: 10.0.0.5, server: master.mesos, request: "GET /mesos HTTP/1.1", host: "10.0.0.1"';
    const r = parseLine(line, meta);
    if (r.kind !== 'entry') throw new Error('not an entry');
    const d = parseAudit(r.entry, meta);
    expect(d.type).toBe('decision');
    expect(d.type === 'decision' && d.time).toBe(T);
  });
});
