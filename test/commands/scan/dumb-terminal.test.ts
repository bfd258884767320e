// `scan` on a terminal that says it acts on no escape sequence (TERM=dumb: an Emacs shell, a CI log
// viewer): the table without colour, stderr without the progress line's cursor moves.
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { runScanCommand, type ScanIo } from '../../../src/commands/scan/handler.js';

const ESC = /\u001b/;

function terminal() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream: Object.assign(stream, { isTTY: true, columns: 120 }) as unknown as NodeJS.WriteStream, text: () => text };
}

async function scan(env: NodeJS.ProcessEnv): Promise<{ out: string; err: string }> {
  const out = terminal();
  const err = terminal();
  const io = { stdout: out.stream, stderr: err.stream, env } as ScanIo;
  await runScanCommand({ sources: ['fixtures/sample'], uid: ['cassandra-sa'] } as never, new AbortController().signal, io);
  return { out: out.text(), err: err.text() };
}

describe('scan on a terminal', () => {
  it('colours the table on an ordinary terminal, not with TERM=dumb, nor moves the cursor on stderr then', async () => {
    const plain = await scan({ TERM: 'xterm-256color' });
    expect(plain.out).toMatch(ESC);
    const dumb = await scan({ TERM: 'dumb' });
    expect(dumb.out).toContain('cassandra-sa');
    expect(dumb.out).not.toMatch(ESC);
    expect(dumb.err).not.toMatch(ESC);
  });
});
