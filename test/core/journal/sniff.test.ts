import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasJournalLine } from '../../../src/core/journal/sniff.js';

const envelopes = join(import.meta.dirname, '../../../fixtures/envelopes');

describe('hasJournalLine', () => {
  it.each(readdirSync(envelopes).filter((f) => f.endsWith('.log') && f !== 'cat.log'))('every journalctl form is journal output: %s', (f) => {
    expect(hasJournalLine(readFileSync(join(envelopes, f)), false)).toBe(true);
  });

  it.each([
    ['-- No entries --\n'],
    ['-- Journal begins at Mon 2024-05-13 00:00:00 UTC, ends at Tue 2024-05-14 09:00:00 UTC. --\n'],
    ['{"__CURSOR":"s=1","MESSAGE":"cut here\n'], // a cut json journal object still names its fields
  ])('journalctl output without an entry: %j', (text) => {
    expect(hasJournalLine(Buffer.from(text), false)).toBe(true);
  });

  it.each([
    ['/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n'],
    ['a README', '# Title\n\nSome words.\n\n- a list\n'],
    ['json that is not a journal', '{"name":"x","version":"1.0"}\n'],
    ['empty', ''],
    ['blank lines', '\n\n\n'],
  ])('%s is not', (_what, text) => {
    expect(hasJournalLine(Buffer.from(text), false)).toBe(false);
  });

  it('skips the partial first line of a later chunk, and looks at a bounded number of lines', () => {
    const journalLine = '2019-03-01T12:00:00+0000 m1 systemd[1]: Started x.\n';
    expect(hasJournalLine(Buffer.from(`Feb 28 23:59:59 cut\n${journalLine}`), true)).toBe(true);
    expect(hasJournalLine(Buffer.from(journalLine.slice(5)), true)).toBe(false);
    const late = Buffer.from(`${'not a log\n'.repeat(40)}${journalLine}`);
    expect(hasJournalLine(late, false)).toBe(false);
    expect(hasJournalLine(late, false, 64)).toBe(true);
  });
});
