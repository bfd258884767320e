// The loop's wrapping (src/ui/wrap.ts): at spaces, never inside a word or a timestamp that fits a
// line; a rid longer than a line cut hard with every character kept.
import { describe, expect, it } from 'vitest';
import { pairLines } from '../../src/ui/dialog-view.js';
import { wrapWords } from '../../src/ui/wrap.js';

const texts = (lines: { text: string }[]): string[] => lines.map((l) => l.text);

describe('wrapWords', () => {
  it('breaks a question line at spaces: no word or timestamp is split, the indentation is kept', () => {
    expect(texts(pairLines('    dcos:mesos:master:framework:role:cassandra-role create  granted 2026-12-03T15:20:11Z', 40, 'pair'))).toEqual([
      '    dcos:mesos:master:framework:role:cas',
      '      sandra-role create  granted',
      '      2026-12-03T15:20:11Z',
    ]);
    expect(texts(pairLines('  refused dcos_alice dcos:superuser full: native accounts (dcos_*) are never granted anything by audit2grant', 40, 'refused'))).toEqual([
      '  refused dcos_alice dcos:superuser',
      '      full: native accounts (dcos_*) are',
      '      never granted anything by',
      '      audit2grant',
    ]);
  });

  it('keeps every character but the spaces where it breaks, within the width, on any text and width', () => {
    // A fixed pseudo-random sequence: the same cases every run.
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const alphabet = 'ab:/-_.0123456789';
    for (let round = 0; round < 2000; round++) {
      const words = Array.from({ length: 1 + rand(8) }, () => Array.from({ length: 1 + rand(50) }, () => alphabet[rand(alphabet.length)]).join(''));
      const text = ' '.repeat(rand(5)) + words.map((w) => w + ' '.repeat(1 + rand(2))).join('').trimEnd();
      const width = 12 + rand(60);
      const lines = wrapWords(text, width, '      ');
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
      expect(lines[0]!.startsWith(/^ */.exec(text)![0])).toBe(true);
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      // A word that fits on a continuation line is never split.
      for (const w of words) if (w.length <= width - 6) expect(lines.some((l) => l.includes(w))).toBe(true);
    }
  });
});
