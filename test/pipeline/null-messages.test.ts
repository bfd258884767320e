// `"MESSAGE":null` (journalctl -o json without --all) is counted in json streams, across chunk ends too.
import { describe, expect, it } from 'vitest';
import { NullMessages } from '../../src/pipeline/null-messages.js';

const entry = (m: string | null): string => `${JSON.stringify({ __CURSOR: 's=1', MESSAGE: m })}\n`;

describe('NullMessages', () => {
  it('counts every one, wherever a chunk boundary cuts it', () => {
    const text = Buffer.from(entry('a') + entry(null) + entry('b') + entry(null));
    for (let cut = 0; cut <= text.length; cut++) {
      const n = new NullMessages();
      n.look(text.subarray(0, cut));
      n.look(text.subarray(cut));
      expect(n.count).toBe(2);
    }
  });

  it('searches no stream whose first 64 KiB are not json', () => {
    const n = new NullMessages();
    n.look(Buffer.from('2019-03-01T12:00:00+0000 m1 systemd[1]: Started.\n'.repeat(2000)));
    n.look(Buffer.from(entry(null)));
    expect(n.count).toBe(0);
  });
});
