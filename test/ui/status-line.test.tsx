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
    const a = mount(<StatusLine {...p} hint="q quits" width={400} />, { cols: 400, rows: 5 });
    expect(a.frame()).toContain('boom \\x1b[2J\\x1b]0;PWNED\\x07');
    expect(a.frame()).not.toContain('\x1b[2J');
    expect(a.frame()).not.toContain('\x1b]0;');
    expect(a.frame()).not.toContain('\u009b');
    a.unmount();
  });

  it('an export\'s message keeps the file\'s path whole when the line is too narrow: the text before it is cut', () => {
    const path = `/home/operator/${'deep/'.repeat(3)}audit2grant-20260101T000000Z-abcdef-selected.curl.sh`;
    const a = mount(<StatusLine error={null} busy={null} message={`exported 3 selected finding(s) to ${path}`} hint="" width={100} keepEnd={path} />, { cols: 100, rows: 5 });
    expect(a.frame()).toContain(`exported 3 selec… ${path}`);
    a.unmount();
  });
});
