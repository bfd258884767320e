// The loop's status line shows an IAM error or a message whatever built it: a server's words in
// it (README.md, "Server text") are escaped, never written to the terminal as they came.
import { describe, expect, it } from 'vitest';
import { StatusLine } from '../../src/ui/components/StatusLine.js';
import { HOSTILE } from '../helpers/hostile.js';
import { mount } from './harness.js';

describe('StatusLine', () => {
  it.each([
    ['an error', { error: `grant failed: ${HOSTILE}`, busy: null, message: null }],
    ['a message', { error: null, busy: null, message: HOSTILE }],
    ['a busy line', { error: null, busy: 'grant', message: HOSTILE }],
  ])('%s: escaped', (_what, p) => {
    const a = mount(<StatusLine {...p} hint="q quits" />, { cols: 400, rows: 5 });
    expect(a.frame()).toContain('boom \\x1b[2J\\x1b]0;PWNED\\x07');
    expect(a.frame()).not.toContain('\x1b[2J');
    expect(a.frame()).not.toContain('\x1b]0;');
    expect(a.frame()).not.toContain('\u009b');
    a.unmount();
  });
});
