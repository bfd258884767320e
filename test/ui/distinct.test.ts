// Rids cut to a column stay apart: the characters that tell two rids apart are on screen.
import { describe, expect, it } from 'vitest';
import { cutAround, distinctCuts } from '../../src/ui/distinct.js';
import { midTruncate } from '../../src/ui/text.js';

const mid = (c: string) => `dcos:adminrouter:service:${'a'.repeat(120)}${c}${'a'.repeat(120)}`;

describe('distinctCuts', () => {
  it('two rids differing only in the middle: each shows its own character, its start and its end', () => {
    const [a = '', b = ''] = distinctCuts([{ text: mid('A'), width: 50 }, { text: mid('B'), width: 50 }]);
    // midTruncate alone makes them the same: the case this is for.
    expect(midTruncate(mid('A'), 50)).toBe(midTruncate(mid('B'), 50));
    expect(a).not.toBe(b);
    expect(a).toContain('A');
    expect(b).toContain('B');
    // The difference is in the same column, the rest the same.
    expect(a.indexOf('A')).toBe(b.indexOf('B'));
    expect(a.replace('A', 'B')).toBe(b);
    for (const s of [a, b]) {
      expect(s.length).toBeLessThanOrEqual(50);
      expect(s.startsWith('dcos:admin')).toBe(true);
      expect(s.endsWith('aaaa')).toBe(true);
    }
  });

  it('rids that differ in two places, and one that is the start of another, all stay apart', () => {
    const base = `dcos:secrets:default:/${'x'.repeat(90)}`;
    const texts = [`${base}1${'y'.repeat(90)}1z`, `${base}1${'y'.repeat(90)}2z`, `${base}2${'y'.repeat(90)}1z`, `${base}1${'y'.repeat(90)}1zz`, `${base}1${'y'.repeat(90)}1`];
    const cuts = distinctCuts(texts.map((text) => ({ text, width: 40 })));
    expect(new Set(cuts).size).toBe(texts.length);
    for (const c of cuts) expect(c.length).toBeLessThanOrEqual(40);
  });

  it('leaves what is already apart as midTruncate cuts it, and one rid on several rows the same', () => {
    const role = 'dcos:mesos:master:framework:role:cassandra-role-with-a-long-name';
    const items = [{ text: role, width: 30 }, { text: role, width: 30 }, { text: 'dcos:mesos:master:task:user:nobody', width: 30 }];
    expect(distinctCuts(items)).toEqual(items.map((i) => midTruncate(i.text, i.width)));
  });

  it('never shows two different rids the same at any width from 10 (random look-alikes: one start and end, middles apart)', () => {
    // mulberry32: a seeded generator, so a failure repeats.
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
    };
    const word = (n: number, abc: string) => Array.from({ length: n }, () => abc[rnd(abc.length)]).join('');
    let alike = 0;
    for (let round = 0; round < 300; round++) {
      const width = 10 + rnd(60);
      const [start, end] = [`dcos:${word(rnd(120), 'ab:')}`, word(20 + rnd(120), 'ab:')];
      const texts = [...new Set(Array.from({ length: 2 + rnd(6) }, () => `${start}${word(1 + rnd(8), 'ab')}${end}`))];
      if (new Set(texts.map((t) => midTruncate(t, width))).size < texts.length) alike++;
      const cuts = distinctCuts(texts.map((text) => ({ text, width })));
      expect(new Set(cuts).size, `width ${width}: ${texts.join(' / ')}`).toBe(texts.length);
      for (const c of cuts) expect(c.length).toBeLessThanOrEqual(width);
    }
    // Most rounds are look-alikes once cut in the middle: the case under test.
    expect(alike).toBeGreaterThan(150);
  });
});

describe('distinctCuts across groups of look-alikes', () => {
  const apart = (texts: readonly string[], width: number) => {
    const cuts = distinctCuts(texts.map((text) => ({ text, width })));
    const shown = new Map<string, string>();
    texts.forEach((t, i) => {
      const c = cuts[i] ?? '';
      expect(c.length, `width ${width}: ${c}`).toBeLessThanOrEqual(width);
      const other = shown.get(c);
      expect(other === undefined || other === t, `width ${width}: ${t} and ${other} both show ${c}`).toBe(true);
      shown.set(c, t);
    });
    return cuts;
  };

  it('rids differing in two places (A/B, then x/y): all four apart, both places shown', () => {
    const P = `dcos:adminrouter:service:${'m'.repeat(75)}`;
    const mk = (d: string, e: string) => `${P}${d}${'z'.repeat(60)}${e}${'q'.repeat(14)}`;
    const cuts = apart([mk('A', 'x'), mk('B', 'x'), mk('A', 'y'), mk('B', 'y')], 45);
    expect(cuts.every((c) => /[AB]/.test(c) && /[xy]q/.test(c))).toBe(true);
  });

  it('mesos rids whose groups cut alike among themselves stay apart at every width from 8 to 60', () => {
    const rids = ['reservation:role:cassandra-role', 'volume:role:cassandra-role', 'framework:role:shared-role', 'task:user:nobody', 'volume:role:shared-role', 'framework:role:cassandra-role'].map((r) => `dcos:mesos:master:${r}`);
    for (let w = 8; w <= 60; w++) apart(rids, w);
  });

  it('crafted look-alikes (several places apart, prefixes of each other, a rid ending as a tag would) stay apart at several widths', () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const parts = Array.from({ length: 2 + rnd(4) }, () => 'm'.repeat(1 + rnd(70)));
      const texts = new Set<string>();
      for (let n = 0; n < 2 + rnd(7); n++) texts.add(`dcos:adminrouter:${parts.map((p) => `${p}${'AB'[rnd(2)]}`).join('')}${rnd(4) === 0 ? '#2' : ''}`);
      const list = [...texts];
      // One is a start of another: it ends inside the other's windows.
      if (list[0] && rnd(3) === 0) list.push(list[0].slice(0, -1 - rnd(5)));
      for (const w of [8, 12, 20, 33, 45, 70]) apart(list, w);
    }
  });
});

describe('cutAround', () => {
  it('keeps text that fits, and puts the character at `at` in the window', () => {
    expect(cutAround('dcos:x', 10, 3)).toBe('dcos:x');
    const s = `${'a'.repeat(100)}Z${'b'.repeat(100)}`;
    const c = cutAround(s, 30, 100);
    expect(c).toHaveLength(30);
    expect(c).toContain('Z');
    expect(c.split('…')).toHaveLength(3);
  });
});
