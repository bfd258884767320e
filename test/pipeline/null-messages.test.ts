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

  it('searches no stream that does not start as json: there the bytes are a message a task printed', () => {
    const n = new NullMessages();
    n.look(Buffer.from('2019-03-01T12:00:00+0000 a1 myapp[99]: {"MESSAGE":null,"note":"task output"}\n'));
    n.look(Buffer.from(entry(null)));
    expect(n.count).toBe(0);
    const bom = new NullMessages();
    bom.look(Buffer.from(`\ufeff${entry(null)}`));
    expect(bom.count).toBe(1);
  });
});
