// `scan`'s output to a stream that takes it slowly (a pipe to `jq`): each ~64 KB piece is written
// once the stream has taken the one before ('drain'), never the whole output queued in memory at
// once (stdio.ts drained; docs/benchmarks.md: 120 MB peak against 91 for a 10 MB json to a pipe).
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScanCommand, type ScanIo } from '../../../src/commands/scan/handler.js';
import { ar } from '../../pipeline/lines.js';
import { scratch } from '../../helpers/tmp.js';

const { tmp } = scratch('a2g-scan-drain-');

/** A reader that takes each write a turn of the event loop later, as a pipe's reader does: what waits is counted. */
function slowReader() {
  let text = '';
  let most = 0;
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk, _enc, done) {
      text += String(chunk);
      setImmediate(done);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((...a: Parameters<typeof write>) => {
    const ok = write(...a);
    most = Math.max(most, stream.writableLength);
    return ok;
  }) as typeof stream.write;
  return { stream, text: () => text, most: () => most };
}

describe('scan output to a slow reader', () => {
  it('writes a piece only once the one before was taken, and the output is whole', async () => {
    const file = join(tmp(), 'j.log');
    // 1,500 findings: a json of several hundred KB, many pieces.
    writeFileSync(file, Array.from({ length: 1500 }, (_, i) => ar({ uid: `svc-${i}`, rid: `dcos:adminrouter:service:app-${i}` })).join('\n') + '\n');
    const out = slowReader();
    const err = new Writable({ write: (_c, _e, done) => done() });
    const io = { stdout: out.stream, stderr: err as unknown as NodeJS.WriteStream, env: {} } as ScanIo;
    expect(await runScanCommand({ sources: [file], format: 'json' } as never, new AbortController().signal, io)).toBe(0);
    const text = out.text();
    expect(text.length).toBeGreaterThan(4 * 65536);
    expect(JSON.parse(text).findings).toHaveLength(1500);
    // Never more than about one piece waiting for the reader (all of it, without waiting).
    expect(out.most()).toBeLessThan(2 * 65536);
  });
});
