// remoteText cuts a peer's words: a URL's secret must be hidden before the cut, which could fall
// inside its user-info and leave no `@` to find it by (a review's case).
import { describe, expect, it } from 'vitest';
import { remoteText } from '../../src/core/text.js';

describe('remoteText', () => {
  it('redacts a URL before cutting the text', () => {
    const text = `${'x'.repeat(280)} see https://admin:hunter2-very-long-password@iam.example/acs?token=abc`;
    for (const max of [290, 300, 310, 400]) {
      const shown = remoteText(text, max);
      expect(shown, String(max)).not.toContain('hunter2');
      expect(shown).not.toContain('abc');
    }
  });
});
