// Named pipes through openSources: a real FIFO (mkfifo) and real writer processes. The point is
// that a FIFO without a writer never holds the process: the abort ends it at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openSources } from '../../src/sources/index.js';
import { collect, progressLog, tempDir } from './helpers.js';
import { untilWith } from '../helpers/wait.js';

const LINE = '2019-03-01T12:00:00+0000 m1 nginx[1]: type=audit result=deny uid=svc\n';
const until = untilWith({ timeoutMs: 10_000, intervalMs: 10 });
const linux = process.platform === 'linux';

/** Whether this process holds `path` open (Linux: /proc/self/fd), i.e. openFifo got past open(). */
function holdsOpen(path: string): boolean {
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) return true;
    } catch {
      // an fd closed while we looked
    }
  }
  return false;
}

/** A writer process: `sh -c 'cat > fifo'` fed `data`, which opens the FIFO, writes and closes it. */
function writer(fifo: string, data: Buffer | string): Promise<number | null> {
  const child = spawn('sh', ['-c', 'cat > "$1"', 'sh', fifo], { stdio: ['pipe', 'ignore', 'inherit'] });
  child.stdin.end(data);
  return new Promise((resolve) => child.on('close', resolve));
}

describe.skipIf(!linux)('named pipes (FIFOs)', () => {
  let t: ReturnType<typeof tempDir>;
  let fifo: string;
  beforeEach(() => {
    t = tempDir();
    fifo = join(t.dir, 'journal.fifo');
    execFileSync('mkfifo', [fifo]);
  });
  afterEach(() => {
    rmSync(fifo, { force: true });
    t.cleanup();
  });

  it('a FIFO with no writer: the abort ends the stream at once, releasing the pipe', async () => {
    const ac = new AbortController();
    const p = progressLog();
    const items: string[] = [];
    const run = (async () => {
      for await (const item of openSources([fifo], { signal: ac.signal, year: null, onProgress: p.onProgress })) {
        items.push('chunks' in item ? 'stream' : `error: ${item.message}`);
        if ('chunks' in item) for await (const _c of item.chunks) items.push('chunk');
      }
    })();
    await until('the FIFO to be open for reading', () => holdsOpen(fifo));
    const t0 = performance.now();
    ac.abort();
    await run;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(items).toEqual(['stream']); // the empty stream, handed out as the abort ended it
    expect(p.log.at(-1)).toMatchObject({ label: fifo, state: 'failed', error: 'aborted' });
    expect(holdsOpen(fifo)).toBe(false);
  });

  it('reads what a writer sends until it closes the pipe, like cat', async () => {
    const [got, status] = await Promise.all([collect([fifo]), writer(fifo, LINE.repeat(3))]);
    expect(status).toBe(0);
    // Still being written: `short` lines are dated up to the read time, not the pipe's mtime.
    expect(got).toEqual([expect.objectContaining({ kind: 'stream', label: fifo, text: LINE.repeat(3), size: null, framing: 'lines', year: null, writtenAt: null })]);
  });

  it('gunzips gzip sent through a pipe, and says a zip cannot be read from one', async () => {
    const [gz] = await Promise.all([collect([fifo]), writer(fifo, gzipSync(LINE))]);
    expect(gz).toEqual([expect.objectContaining({ kind: 'stream', text: LINE })]);
    const [zip] = await Promise.all([collect([fifo]), writer(fifo, Buffer.from('PK\x03\x04rest of a zip', 'latin1'))]);
    expect(zip).toEqual([{ kind: 'error', label: fifo, message: `${fifo} holds a zip archive (diagnostics bundle), but it cannot be read from a pipe: save it to a file, then pass the file path` }]);
  });

  it('reads the next source after the pipe, and /dev/null (a character device) as an empty stream', async () => {
    const t2 = join(t.dir, 'after.log');
    execFileSync('sh', ['-c', 'printf "%s" "$1" > "$2"', 'sh', LINE, t2]);
    const [got] = await Promise.all([collect([fifo, '/dev/null', t2]), writer(fifo, LINE)]);
    expect(got.map((g) => [g.kind, g.label, g.text])).toEqual([
      ['stream', fifo, LINE],
      ['stream', '/dev/null', ''],
      ['stream', t2, LINE],
    ]);
  });
});
