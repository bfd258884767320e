// What a usage report says went unread: revoke --from acts on no report that has one.
import { describe, expect, it } from 'vitest';
import { unreadParts } from '../../../src/core/usage/completeness.js';
import type { ScanWarning } from '../../../src/core/types.js';

const w = (kind: ScanWarning['kind']): ScanWarning => ({ kind, source: 'x.json', message: kind });

describe('unreadParts', () => {
  it('counts messages left out as null, lines cut and a source of unverified lines as unread', () => {
    // Any of them may hide a use: every grant would look unused.
    expect(unreadParts([w('null-messages'), w('long-lines-cut'), w('unverified-audit-lines'), w('no-audit-lines')], false)).toEqual(['null-messages', 'long-lines-cut', 'unverified-audit-lines']);
  });
});
