import { describe, expect, it } from 'vitest';
import { lendContext, sameUri } from '../../../src/core/audit/request-context.js';
import { deny } from '../findings/helpers.js';

const whole = (text: string) => ({ text, whole: true });
const start = (text: string) => ({ text, whole: false });

describe('sameUri: the same request URI, as far as each line shows it', () => {
  it.each([
    [whole('/a?x=1'), whole('/a?x=1'), true],
    [whole('/a'), whole('/a?x=1'), false], // both whole: equal only
    [start('/a?x'), whole('/a?x=1'), true], // a cut line's start
    [whole('/a?x=1'), start('/a?x'), true],
    [start('/a?x=1&y'), start('/a?x'), true],
    [start('/b'), whole('/a'), false],
    [null, whole('/a'), false], // a line cut before its URI proves nothing
    [start(''), whole('/a'), false], // nor one cut right at its start
    [whole('/a'), undefined, false],
  ])('%o and %o: %s', (a, b, want) => {
    expect(sameUri(a, b)).toBe(want);
  });
});

describe('lendContext', () => {
  const cut = () => deny({ uid: null, truncated: true, conn: '1#0 *5', uri: start('/a?q='), object: 'dcos:x', action: 'full' });

  it('a uid only from a notice of the same request; nothing after an audit record', () => {
    const d = cut();
    lendContext(d, { conn: '1#0 *5', uid: 'bob', uri: whole('/a?q=1') });
    expect(d.uid).toBe('bob');
    for (const last of ['record' as const, null, { conn: '1#0 *5', uid: 'bob', uri: whole('/b') }, { conn: '1#0 *5', uid: 'bob', uri: whole('/a?q=1'), rid: 'dcos:y', action: 'full' }]) {
      const e = cut();
      lendContext(e, last);
      expect(e.uid).toBeNull();
    }
  });

  it('a line saying `not authenticated` takes a cause, never a uid', () => {
    const d = { ...cut(), reason: 'not authenticated' };
    lendContext(d, { conn: '1#0 *5', uid: 'bob', uri: whole('/a?q=1') });
    expect(d.uid).toBeNull();
    lendContext(d, { conn: '1#0 *5', cause: 'no token' });
    expect(d.authCause).toBe('no token');
  });
});
