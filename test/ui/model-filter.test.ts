// The `/` filter finds a row by what it shows: an id with a look-alike is shown escaped
// (asciiText), so typing the escape finds it, as does typing the character itself.
import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/core/session/index.js';
import { buildRows } from '../../src/ui/model.js';
import { finding, T0 } from '../core/session/helpers.js';

const LOOK = finding('dcos:service:marathon:marathon:services:/prod\u2011payments', 'create');
const REAL = finding('dcos:service:marathon:marathon:services:/prod-payments', 'create');
const session = createSession({ id: 's', uid: null, now: T0 });
const rids = (filter: string) => buildRows(session, [LOOK, REAL], filter, T0).map((r) => r.finding.rid);

describe('the filter and escaped ids', () => {
  it('typing the escape the row shows finds only the look-alike', () => {
    expect(rids('prod\\u2011')).toEqual([LOOK.rid]);
  });
  it('typing the character itself, or the plain text, finds what holds it', () => {
    expect(rids('prod\u2011')).toEqual([LOOK.rid]);
    expect(rids('prod-pay')).toEqual([REAL.rid]);
    expect(rids('payments').sort()).toEqual([LOOK.rid, REAL.rid].sort());
  });
  it('a plain row is not found by an escape it does not show', () => {
    expect(rids('\\u2011')).toEqual([LOOK.rid]);
    expect(rids('\\x20')).toEqual([]);
  });
});
