// isoEnvelope reads the short-iso envelope on a line's bytes for the scanner's --uid fast path. It
// must never read a line otherwise than parseLine: what it returns, parseLine says too.
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../src/core/journal/index.js';
import { isoEnvelope } from '../../../src/core/journal/iso-bytes.js';
import { isoStamp } from '../../../src/core/journal/short.js';
import type { StreamMeta } from '../../../src/core/types.js';
import { altered, randomInts } from '../../helpers/mutate.js';

const meta: StreamMeta = { label: 't', host: null, unit: null, envelope: null, year: 2019 };
const MSG = 'I0301 12:00:02.752534  3708 logfmt.cpp:178] type=audit result=deny';

interface Seen {
  message: number;
  unit: string | null;
  ident: string | null;
  host: string | null;
  time: number | null;
}

/** What parseLine makes of the line's envelope; null when not short-iso. */
function decoded(line: string, m: StreamMeta = meta): Seen | null {
  const p = parseLine(line, m);
  if (p.kind !== 'entry' || !p.entry.envelope.startsWith('short-iso')) return null;
  const { unit, ident, host, time } = p.entry;
  return { message: line.length - p.entry.message.length, unit, ident, host, time };
}

/** What isoEnvelope reads, with the host and time its bounds give. */
function read(line: string, m: StreamMeta = meta): Seen | null {
  const env = isoEnvelope(Buffer.from(line), m);
  if (!env) return null;
  return { message: env.message, unit: env.unit, ident: env.ident, host: line.slice(env.stampEnd, env.hostEnd), time: isoStamp(line.slice(0, env.stampEnd))?.time ?? null };
}

describe('isoEnvelope', () => {
  it.each([
    ['the common line', `2019-03-01T12:00:02+0000 m2 mesos-master[3708]: ${MSG}`, 'mesos-master'],
    ['a fraction', `2019-03-01T12:00:02.123456+0000 m2 mesos-master[3708]: ${MSG}`, 'mesos-master'],
    ['Z', `2019-03-01T12:00:02Z m2 nginx: ${MSG}`, 'nginx'],
    ['a colon offset', `2019-03-01T07:00:02-05:00 m2 nginx[1]: ${MSG}`, 'nginx'],
    ['an hour offset', `2019-03-01T07:00:02+05 m2 nginx[1]: ${MSG}`, 'nginx'],
    ['no zone', `2019-03-01T07:00:02 m2 nginx[1]: ${MSG}`, 'nginx'],
    ['a leap second', `2019-03-01T23:59:60+0000 m2 nginx[1]: ${MSG}`, 'nginx'],
    ['a pid that is not a number (dropped all the same)', `2019-03-01T12:00:02+0000 m2 nginx[x]: ${MSG}`, 'nginx'],
  ])('reads %s as parseLine does', (_what, line, ident) => {
    const env = read(line);
    expect(env).toEqual(decoded(line));
    expect(env?.ident).toBe(ident);
    expect(line.slice(env?.message)).toBe(MSG);
  });

  it('takes a .service identifier for the unit, and the stream\'s unit otherwise', () => {
    const line = `2019-03-01T12:00:02+0000 m2 dcos-mesos-master.service[3708]: ${MSG}`;
    expect(read(line)).toEqual(decoded(line));
    expect(read(line)).toMatchObject({ message: line.indexOf('I0301'), unit: 'dcos-mesos-master.service', ident: null, host: 'm2' });
    const withUnit = { ...meta, unit: 'dcos-adminrouter.service' };
    const plain = `2019-03-01T12:00:02+0000 m2 nginx[1]: ${MSG}`;
    expect(read(plain, withUnit)).toEqual(decoded(plain, withUnit));
    expect(read(plain, withUnit)?.unit).toBe('dcos-adminrouter.service');
  });

  it.each([
    ['month 13', `2019-13-01T12:00:02+0000 m2 nginx[1]: ${MSG}`],
    ['hour 24', `2019-03-01T24:00:02+0000 m2 nginx[1]: ${MSG}`],
    ['day 00', `2019-03-00T12:00:02+0000 m2 nginx[1]: ${MSG}`],
    ['minute 60', `2019-03-01T12:60:02+0000 m2 nginx[1]: ${MSG}`],
    ['second 61', `2019-03-01T12:00:61+0000 m2 nginx[1]: ${MSG}`],
    ['a sign without a zone', `2019-03-01T12:00:02+ m2 nginx[1]: ${MSG}`],
    ['a dot without digits', `2019-03-01T12:00:02.+0000 m2 nginx[1]: ${MSG}`],
    ['short', `Mar 01 12:00:02 m2 nginx[1]: ${MSG}`],
    ['a bundle line', `2020-03-15 10:23:45.123456 +0000 UTC ${MSG}`],
  ])('leaves %s to parseLine', (_what, line) => {
    expect(read(line)).toBeNull();
  });

  it('gives the line with no identifier the rest as its message, as parseLine does', () => {
    const line = `2019-03-01T12:00:02+0000 m2 ${MSG}`;
    expect(read(line)).toEqual(decoded(line));
    expect(read(line)?.ident).toBeNull();
  });

  it('leaves streams read as cat or as a bundle to parseLine', () => {
    const line = `2019-03-01T12:00:02+0000 m2 nginx[1]: ${MSG}`;
    expect(read(line, { ...meta, envelope: 'cat' })).toBeNull();
    expect(read(line, { ...meta, envelope: 'bundle' })).toBeNull();
  });

  it('agrees with parseLine on thousands of altered lines', () => {
    const seeds = [
      `2019-03-01T12:00:02+0000 m2 mesos-master[3708]: ${MSG}`,
      `2019-03-01T12:00:02.752+00:00 ip-10-0-1-1.ec2.internal nginx[1240]: ${MSG}`,
      `2019-12-31T23:59:59Z m1 dcos-marathon.service: ${MSG}`,
      `2019-03-01T12:00:02+0000 m1 [x]y[1]: ${MSG}`,
    ];
    const pieces = [' ', ':', '[', ']', '[1]', '.service', '-', 'T', 'Z', '+', '.', ',', '0', '1', '9', '3', ': ', 'x'];
    let taken = 0;
    // Mostly within the envelope: that is what is read here.
    for (const line of altered(seeds, pieces, 8000, randomInts(777), 60)) {
      const env = read(line);
      if (env === null) continue;
      taken++;
      expect(env, line).toEqual(decoded(line));
    }
    expect(taken).toBeGreaterThan(2000); // the property was exercised, not vacuously true
  });
});
