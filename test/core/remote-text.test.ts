// remoteText cuts a peer's words: a URL's secret must be hidden before the cut, which could fall
// inside its user-info and leave no `@` to find it by (a review's case), and before white space is
// joined, which would leave the tail of a secret cut by a line break as a word of its own.
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

  it.each([
    ['a token parameter', '{"description": "denied at https://iam.example/acs?token=eyJhbGc\nTAILSECRET&limit=5"}', '{"description": "denied at https://iam.example/acs?token=***&limit=5"}'],
    ['a token parameter, CRLF', 'denied at https://iam.example/acs?access_token=eyJhbGc\r\nTAILSECRET', 'denied at https://iam.example/acs?access_token=***'],
    ['a password', 'cannot reach https://admin:hun\nTAILSECRET@iam.example/\n  retry later', 'cannot reach https://***@iam.example/ retry later'],
  ])('a secret cut by a line break in the server\'s words: %s, hidden whole', (_n, text, want) => {
    expect(remoteText(text)).toBe(want);
  });
});
