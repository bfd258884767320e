import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Interner, internHash } from '../../src/core/intern.js';
import { randomInts } from '../helpers/mutate.js';

// Identity is not observable from JavaScript (=== compares contents): these check that interning
// never changes a value, whatever the table holds; what it saves is measured by the bench.
describe('Interner', () => {
  it('gives back the value of the bytes and of the string, new or kept', () => {
    const i = new Interner();
    const b = Buffer.from('xx svc-a dcos:adminrouter:ops:mesos svc-a');
    expect(i.text(b, 3, 8)).toBe('svc-a');
    expect(i.text(b, 36, 41)).toBe('svc-a');
    expect(i.string('svc-a')).toBe('svc-a');
    expect(i.string('dcos:adminrouter:ops:mesos')).toBe('dcos:adminrouter:ops:mesos');
    expect(i.text(b, 9, 35)).toBe('dcos:adminrouter:ops:mesos');
    expect(i.text(b, 0, 0)).toBe('');
    expect(i.string('')).toBe('');
  });

  it('tells apart two values of the same hash, as bytes and as strings', () => {
    // A collision of the 32-bit hash among same-length uids (the birthday bound: ~2^16 tries).
    const byHash = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let n = 0; n < 1_000_000 && !pair; n++) {
      const v = `svc-${n.toString(36).padStart(6, '0')}`;
      const other = byHash.get(internHash(v));
      if (other !== undefined) pair = [other, v];
      else byHash.set(internHash(v), v);
    }
    expect(pair).not.toBeNull();
    const [a, b] = pair!;
    expect(a).not.toBe(b);
    for (const first of [a, b]) {
      const i = new Interner();
      const second = first === a ? b : a;
      expect(i.string(first)).toBe(first);
      expect(i.string(second)).toBe(second);
      expect(i.text(Buffer.from(second), 0, second.length)).toBe(second);
      expect(i.text(Buffer.from(first), 0, first.length)).toBe(first);
    }
    const i = new Interner();
    expect(i.text(Buffer.from(a), 0, a.length)).toBe(a);
    expect(i.text(Buffer.from(b), 0, b.length)).toBe(b);
  });

  it('keeps the value of a long string or bytes past its bound as it is', () => {
    const i = new Interner();
    const long = 'u'.repeat(300);
    expect(i.string(long)).toBe(long);
    expect(i.text(Buffer.from(long), 0, 300)).toBe(long);
  });

  it('never mixes two values up: colliding slots and a full table (200,000 values, 16,384 slots)', () => {
    const i = new Interner();
    const rnd = randomInts(7);
    const seen: string[] = [];
    let wrong = 0;
    for (let n = 0; n < 200_000; n++) {
      // Fresh values and repeats of earlier ones, as bytes and as strings.
      const v = seen.length > 0 && rnd(2) === 0 ? seen[rnd(seen.length)]! : `svc-${rnd(1_000_000).toString(36)}${'x'.repeat(rnd(4))}`;
      if (seen.length < 50_000) seen.push(v);
      const got = rnd(2) === 0 ? i.string(v) : i.text(Buffer.from(`=${v}=`), 1, v.length + 1);
      if (got !== v) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('keeps a copy of a value cut out of a long line, not the line (the table lives as long as the process)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const i = new Interner();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let n = 0; n < 64; n++) {
      // A 1 MiB line (MAX_LINE_BYTES) and a host cut out of it: a slice of the line, in V8.
      const line = `${String(n).padStart(8, '0')}${'y'.repeat(1 << 20)}ip-10-0-${n}-12.ec2.internal`;
      expect(i.string(line.slice(line.length - 25))).toBe(`ip-10-0-${n}-12.ec2.internal`.slice(-25));
    }
    gc();
    // Kept slices would hold 64 MiB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 << 20);
  });

  it('owned(): the kept value, else a copy, for long values and a full table alike (never a slice of the line)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const i = new Interner();
    for (let n = 0; n < 20_000; n++) i.string(`fill-${n}`); // the table is full: string() gives values as they are
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    for (let n = 0; n < 64; n++) {
      const line = `${String(n).padStart(8, '0')}${'y'.repeat(1 << 20)}`;
      const long = line.slice(8, 308); // over the table's 256 bytes
      const short = line.slice(0, 8); // not kept by a full table
      kept.push(i.owned(long), i.owned(short));
      expect(kept.at(-2)).toBe(long);
      expect(kept.at(-1)).toBe(short);
    }
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 << 20); // slices would hold 64 MiB
    expect(i.owned('fill-1')).toBe('fill-1');
  });

  it('reads bytes as latin1, as the deny readers decode their ASCII lines', () => {
    const i = new Interner();
    const b = Buffer.from([0x61, 0xe9, 0x62]);
    expect(i.text(b, 0, 3)).toBe('a\u00e9b');
    expect(i.string('a\u00e9b')).toBe('a\u00e9b');
    expect(i.string('a\u0100b')).toBe('a\u0100b');
  });
});
