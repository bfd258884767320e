// LineCarry: a line split across chunks comes back whole, in one buffer, capped like before.
import { describe, expect, it } from 'vitest';
import { LineCarry } from '../../../src/core/scanner/carry.js';
import { MAX_LINE_BYTES } from '../../../src/core/types.js';

describe('LineCarry', () => {
  it('joins many small pieces and the head, and copies them (the source may reuse its buffer)', () => {
    const c = new LineCarry();
    const chunk = Buffer.from('abc');
    for (let i = 0; i < 1000; i++) c.append(chunk);
    chunk.write('XYZ');
    const line = c.take(Buffer.from('tail\n'));
    expect(line.toString()).toBe('abc'.repeat(1000) + 'tail\n');
    expect(c.length).toBe(0);
  });

  it('a taken line keeps its bytes while the next line is carried', () => {
    const c = new LineCarry();
    c.append(Buffer.from('first'));
    const a = c.take(Buffer.from('\n'));
    c.append(Buffer.from('second'));
    expect(a.toString()).toBe('first\n');
    expect(c.take(Buffer.from('!\n')).toString()).toBe('second!\n');
  });

  it('caps a line at MAX_LINE_BYTES and keeps its newline', () => {
    const c = new LineCarry();
    c.append(Buffer.alloc(MAX_LINE_BYTES - 10, 0x61));
    c.append(Buffer.alloc(50, 0x62)); // 10 fit
    expect(c.length).toBe(MAX_LINE_BYTES);
    const line = c.take(Buffer.from('ccc\n'));
    expect(line.length).toBe(MAX_LINE_BYTES + 1);
    expect(line.subarray(-12).toString()).toBe('a' + 'b'.repeat(10) + '\n');
  });

  it('counts each line it cut once, and none that fit', () => {
    const c = new LineCarry();
    c.append(Buffer.alloc(MAX_LINE_BYTES - 3, 0x61));
    c.take(Buffer.from('xyz\n')); // fits exactly
    expect(c.cutLines).toBe(0);
    c.append(Buffer.alloc(MAX_LINE_BYTES, 0x61));
    c.append(Buffer.from('more')); // cut here
    c.take(Buffer.from('and more\n')); // the same line: not counted again
    c.append(Buffer.alloc(10, 0x61));
    c.take(Buffer.alloc(MAX_LINE_BYTES, 0x62)); // cut by its head
    expect(c.cutLines).toBe(2);
  });

  it('a head that just fits keeps all of it', () => {
    const c = new LineCarry();
    c.append(Buffer.alloc(MAX_LINE_BYTES - 3, 0x61));
    const line = c.take(Buffer.from('xyz\n'));
    expect(line.length).toBe(MAX_LINE_BYTES + 1);
    expect(line.subarray(-4).toString()).toBe('xyz\n');
  });

  it('takeAll gives the last line without a newline, or an empty buffer', () => {
    const c = new LineCarry();
    expect(c.takeAll().length).toBe(0);
    c.append(Buffer.from('end'));
    expect(c.takeAll().toString()).toBe('end');
  });
});
