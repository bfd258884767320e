import { afterEach, describe, expect, it } from 'vitest';
import { decodeLine } from '../../../src/core/scanner/bytes.js';
import { LONG_LINE, setLongLineCollector } from '../../../src/core/scanner/long-garbage.js';
import { MAX_LINE_BYTES } from '../../../src/core/types.js';

describe('long lines collected as they are decoded', () => {
  afterEach(() => setLongLineCollector(null));

  it('asks for a collection after 2 MiB of long lines, never for short ones', () => {
    let calls = 0;
    setLongLineCollector(() => (calls++, 0));
    const long = Buffer.alloc(MAX_LINE_BYTES / 2, 0x61); // 512 KiB
    // Whatever an earlier decode left counted, a collection comes within the first four lines.
    for (let i = 0; i < 4 && calls === 0; i++) decodeLine(long, 0, long.length, MAX_LINE_BYTES);
    expect(calls).toBe(1);
    const short = Buffer.alloc(LONG_LINE - 1, 0x61);
    for (let i = 0; i < 40; i++) decodeLine(short, 0, short.length, MAX_LINE_BYTES);
    for (let i = 0; i < 3; i++) decodeLine(long, 0, long.length, MAX_LINE_BYTES);
    expect(calls).toBe(1);
    decodeLine(long, 0, long.length, MAX_LINE_BYTES);
    expect(calls).toBe(2);
  });

  it('lets more pile up when the heap is big', () => {
    let calls = 0;
    setLongLineCollector(() => (calls++, 64 * MAX_LINE_BYTES)); // budget: a quarter, 16 MiB
    const long = Buffer.alloc(MAX_LINE_BYTES, 0x61);
    for (let i = 0; i < 4 && calls === 0; i++) decodeLine(long, 0, long.length, MAX_LINE_BYTES);
    expect(calls).toBe(1);
    for (let i = 0; i < 15; i++) decodeLine(long, 0, long.length, MAX_LINE_BYTES);
    expect(calls).toBe(1);
    decodeLine(long, 0, long.length, MAX_LINE_BYTES);
    expect(calls).toBe(2);
  });
});
