// readPairs on hostile values: escapes read the same way in a value of any size, and a text of
// many keys stops at MAX_FIELDS (a record no writer makes) instead of mapping every key.
import { describe, expect, it } from 'vitest';
import { parseAudit } from '../../../src/core/audit/index.js';
import { MAX_FIELDS, readPairs } from '../../../src/core/audit/kv.js';
import { parseLine } from '../../../src/core/journal/index.js';
import type { StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 'kv.log', host: 'h', unit: null, envelope: null, year: 2018 };
const GLOG = 'I0410 02:38:24.752534  3708 logfmt.cpp:178] ';
const MESOS = 'type=audit uid="svc" object="dcos:mesos:master:framework:role:r" authorizer="mesos-master" action="create" result=deny';

function parse(line: string) {
  const r = parseLine(`2018-04-10T02:38:25+0000 m1 mesos-master[3708]: ${GLOG}${line}`, meta);
  if (r.kind !== 'entry') throw new Error('not an entry');
  return parseAudit(r.entry, meta);
}

describe('readPairs: quoted values', () => {
  it.each([
    ['escaped quote, backslash, n/t/r', String.raw`k="a\"b\\c\nd\te\rf"`, 'a"b\\c\nd\te\rf'],
    ['any other escaped character is itself', String.raw`k="\q\ü\😀"`, 'qü😀'],
    ['a byte escape is kept as written, beside a read one', String.raw`k="\x41\"\xZZ"`, '\\x41"xZZ'],
    ['no escape: the text as it is', 'k="plain text"', 'plain text'],
  ])('%s', (_n, text, want) => {
    const p = readPairs(text);
    expect(p.values.get('k')).toBe(want);
    expect(p.unterminated.size).toBe(0);
  });

  it('an unterminated value ending in a backslash keeps it', () => {
    const p = readPairs('k="ab\\');
    expect(p.values.get('k')).toBe('ab\\');
    expect([...p.unterminated]).toEqual(['k']);
  });

  it('a 1 MiB value of escaped quotes is read whole, one quote per escape', () => {
    const n = 349_000;
    const p = readPairs(`a=1 k="${'\\"x'.repeat(n)}" z=2`);
    const v = p.values.get('k')!;
    expect(v.length).toBe(2 * n);
    expect(v.startsWith('"x"x')).toBe(true);
    expect(p.values.get('z')).toBe('2');
    expect(p.bare).toBe(0);
  });
});

describe('readPairs: at most MAX_FIELDS keys', () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(' ');

  it('MAX_FIELDS keys are read whole', () => {
    const p = readPairs(keys(MAX_FIELDS));
    expect(p.overflow).toBe(false);
    expect(p.values.size).toBe(MAX_FIELDS);
  });

  it('one more stops before it, flagged', () => {
    const text = keys(MAX_FIELDS + 50);
    const p = readPairs(text);
    expect(p.overflow).toBe(true);
    expect(p.values.size).toBe(MAX_FIELDS);
    expect(text.slice(p.stop)).toMatch(new RegExp(`^k${MAX_FIELDS}=v`));
  });

  it('repeats of one key do not count toward the bound', () => {
    const p = readPairs(`${'k=v '.repeat(MAX_FIELDS * 2)}last=1`);
    expect(p.overflow).toBe(false);
    expect(p.repeated).toBe(true);
    expect(p.values.get('last')).toBe('1');
  });

  it('a Mesos denial padded past the bound is malformed, not a finding', () => {
    expect(parse(MESOS).type).toBe('decision');
    const ev = parse(`${MESOS} ${keys(MAX_FIELDS)}`);
    expect(ev.type).toBe('malformed');
    expect(ev.type === 'malformed' && ev.why).toMatch(/too many fields/);
  });
});
