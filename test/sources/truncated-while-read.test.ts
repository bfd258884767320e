// A file that shrinks while it is read (copytruncate, a file rewritten) ends with a warning; one
// that grows is read to its new end without one (src/sources/file.ts). The cut is made after the
// first chunk arrives, at an offset past every read in flight then (1 MiB reads, 3 to 4 ahead),
// so the bytes read are the same every run.
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { tempDir } from './helpers.js';
import { openSources } from '../../src/sources/index.js';
import { runScan } from '../../src/pipeline/scan.js';
import { byteCount } from '../../src/sources/describe-error.js';
import type { SourceError } from '../../src/core/types.js';
import { ar, plain } from '../pipeline/lines.js';

const MiB = 1024 * 1024;

/** `size` bytes of journal lines; a denial by `uid` begins at each given offset (rounded to a line). */
function log(size: number, denials: Record<number, string> = {}): Buffer {
  const out: string[] = [];
  let len = 0;
  const at = Object.entries(denials).map(([o, uid]) => [Number(o), uid] as const);
  for (let i = 0; len < size; i++) {
    const due = at.find(([o]) => o <= len);
    const line = `${due ? ar({ uid: due[1] }) : plain(i)}\n`;
    if (due) at.splice(at.indexOf(due), 1);
    out.push(line);
    len += line.length;
  }
  return Buffer.from(out.join('')).subarray(0, size);
}

/** Reads `path` through the sources, calling `afterFirst` once the first chunk is in hand. */
async function readWith(path: string, afterFirst: () => void): Promise<{ bytes: number; errors: SourceError[] }> {
  let bytes = 0;
  const errors: SourceError[] = [];
  for await (const item of openSources([path], { signal: new AbortController().signal, year: null })) {
    if (!('chunks' in item)) {
      errors.push(item);
      continue;
    }
    for await (const c of item.chunks) {
      if (bytes === 0) afterFirst();
      bytes += c.length;
    }
  }
  return { bytes, errors };
}

describe('a file that changes size while it is read', () => {
  const t = tempDir();
  const path = join(t.dir, 'rotating.log');
  const cutAt = 5.5 * MiB;
  afterAll(() => t.cleanup());

  it('truncated under the reader: the bytes up to the cut, then a truncated-while-read warning with both sizes', async () => {
    writeFileSync(path, log(10 * MiB));
    const got = await readWith(path, () => truncateSync(path, cutAt));
    expect(got.bytes).toBe(cutAt);
    expect(got.errors).toEqual([
      {
        source: path,
        incomplete: 'truncated-while-read',
        message: `${path} was truncated while it was read (log rotation with copytruncate, or the file rewritten): it ended after ${byteCount(cutAt)} of the ${byteCount(10 * MiB)} it held when opened; what was read was scanned, the rest was not (scan the rotated copy too)`,
      },
    ]);
  });

  it('grown under the reader: read to its new end, no warning', async () => {
    writeFileSync(path, log(10 * MiB));
    const got = await readWith(path, () => appendFileSync(path, `${plain(1)}\n`));
    expect(got).toEqual({ bytes: 10 * MiB + plain(1).length + 1, errors: [] });
  });

  it('a gzip file truncated under the reader: what its bytes decompress to, then the same warning (not a truncated gzip)', async () => {
    const gz = join(t.dir, 'rotating.log.gz');
    const raw = gzipSync(log(20 * MiB), { level: 0 }); // stored: every raw MiB is a MiB of output
    const rawCut = 12.5 * MiB; // past what the read-ahead and the 4 MiB of decoded output in wait reach
    writeFileSync(gz, raw);
    const got = await readWith(gz, () => truncateSync(gz, rawCut));
    expect(got.bytes).toBe(gunzipSync(raw.subarray(0, rawCut), { finishFlush: constants.Z_SYNC_FLUSH }).length);
    expect(got.errors).toEqual([expect.objectContaining({ incomplete: 'truncated-while-read', message: expect.stringContaining(`it ended after ${byteCount(rawCut)} of the ${byteCount(raw.length)}`) })]);
  });

  it('in a scan: the denials before the cut are found, the warning is in the verdict, no error', async () => {
    writeFileSync(path, log(10 * MiB, { 0: 'early', [3 * MiB]: 'middle', [8 * MiB]: 'late' }));
    let cut = false;
    const r = await runScan({
      sources: [path],
      filter: { uids: [], since: null, until: null },
      year: null,
      signal: new AbortController().signal,
      onCounts: () => {
        if (!cut) truncateSync(path, cutAt);
        cut = true;
      },
    });
    expect(r.findings.map((f) => f.uid).sort()).toEqual(['early', 'middle']);
    expect(r.errors).toEqual([]);
    expect(r.stats.bytes).toBe(cutAt);
    expect(r.warnings?.map((w) => [w.kind, w.source])).toEqual([['truncated-while-read', path]]);
  });
});
