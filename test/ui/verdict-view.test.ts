// verdict-view: the empty list's lines and the "read only in part" banner, from the snapshot's
// headline and warnings, fitted to a width and a number of lines.
import { describe, expect, it } from 'vitest';
import type { ScanWarning } from '../../src/core/types.js';
import { emptyLines, FOLLOWING, partialBanner, WAITING } from '../../src/ui/verdict-view.js';
import { wrapWords } from '../../src/ui/wrap.js';

const MALFORMED: ScanWarning = { kind: 'untrusted-audit-lines', source: null, message: 'every audit line read (2) was malformed: cut (e.g. at a 2048-byte logger limit) or not of its writer\'s form' };
const TRUNC: ScanWarning = { kind: 'truncated-while-read', source: '/var/log/a.log', message: '/var/log/a.log ended at 10 bytes, short of the 20 it had when opened' };
const NO_AUDIT: ScanWarning = { kind: 'no-audit-lines', source: null, message: 'the journal output read holds no audit line' };
const HEAD = 'No verdict: every audit line read was malformed (see the warning below).';
const texts = (ls: { text: string }[]) => ls.map((l) => l.text);

describe('emptyLines', () => {
  it('done: the headline first, then each warning, wrapped to the width with an indent', () => {
    const ls = emptyLines({ done: true, headline: HEAD, warnings: [MALFORMED] }, 40, 20);
    expect(texts(ls).join(' ').replace(/\s+/g, ' ')).toBe(`${HEAD} warning: ${MALFORMED.message}`);
    expect(ls[0]).toEqual({ text: 'No verdict: every audit line read was', tone: 'warn' });
    expect(ls.every((l) => l.text.length <= 40)).toBe(true);
    expect(ls.slice(1).some((l) => l.text.startsWith('  '))).toBe(true);
    expect(texts(ls)).not.toContain(WAITING);
  });

  it('done without warnings: the verdict, plain', () => {
    expect(emptyLines({ done: true, headline: 'No permission denials found.', warnings: [] }, 80, 5)).toEqual([{ text: 'No permission denials found.', tone: 'plain' }]);
  });

  it('live: the wait, with the certain warnings under it; once settled with warnings, what was read so far', () => {
    expect(texts(emptyLines({ done: false }, 80, 5))).toEqual([WAITING]);
    expect(texts(emptyLines({ done: false, headline: null, warnings: [TRUNC] }, 120, 5))).toEqual([WAITING, `warning: ${TRUNC.message}`]);
    // Settled without a warning: "No permission denials found." is not said while lines may come.
    expect(texts(emptyLines({ done: false, headline: 'No permission denials found.', warnings: [] }, 80, 5))).toEqual([WAITING]);
    const head = 'No verdict: the journal output holds no audit lines (see the warning below).';
    expect(texts(emptyLines({ done: false, headline: head, warnings: [NO_AUDIT] }, 120, 5))).toEqual([`so far: ${head}`, FOLLOWING, `warning: ${NO_AUDIT.message}`]);
  });

  it('cut to the lines there are: the last says how many are left; one line is the headline clipped', () => {
    const ls = emptyLines({ done: true, headline: HEAD, warnings: [MALFORMED, TRUNC] }, 30, 4);
    expect(ls).toHaveLength(4);
    expect(ls[3]?.text).toMatch(/^… \d+ more line\(s\)/);
    expect(ls[3]?.text.length).toBeLessThanOrEqual(30);
    expect(emptyLines({ done: true, headline: HEAD, warnings: [MALFORMED] }, 30, 1)).toEqual([{ text: 'No verdict: every audit line …', tone: 'warn' }]);
    expect(emptyLines({ done: true, headline: HEAD, warnings: [MALFORMED] }, 30, 0)).toEqual([]);
  });

  it('log-controlled text is made terminal-safe', () => {
    const evil: ScanWarning = { kind: 'unreadable-file', source: 'x', message: 'a\u001b[31mred\u0007.log holds binary data' };
    const all = texts(emptyLines({ done: true, headline: 'h', warnings: [evil] }, 200, 5)).join('\n');
    expect(all).not.toMatch(/[\u0000-\u0008\u001b]/);
  });
});

describe('partialBanner', () => {
  it('counts the warnings that leave the input judged in part, names the first, fits the width', () => {
    const b = partialBanner({ done: false, warnings: [NO_AUDIT, TRUNC, MALFORMED] }, 200);
    expect(b).toBe(`input read only in part: 2 warnings — ${TRUNC.message}`);
    expect(partialBanner({ done: true, warnings: [TRUNC] }, 40)).toBe('input read only in part: 1 warning — /v…');
  });

  it('none for warnings that leave a verdict (no audit lines, an unmatched --uid) or none at all', () => {
    expect(partialBanner({ done: true, warnings: [NO_AUDIT, { kind: 'uid-not-seen', source: null, message: 'x' }] }, 80)).toBeNull();
    expect(partialBanner({ done: false }, 80)).toBeNull();
  });
});

describe('wrapWords', () => {
  it('breaks at spaces, cuts a word longer than the line, indents later lines', () => {
    expect(wrapWords('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
    expect(wrapWords('x /a/very/long/path/name y', 8, '  ')).toEqual(['x', '  /a/ver', '  y/long', '  /path/', '  name y']);
  });
});
