// The file follower (tail -F): appends, truncation, rotation, abort, bounded buffers; and
// openSources handing followed files out as live streams.
import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { SourceProgress } from '../../src/core/types.js';
import { followFile } from '../../src/sources/follow-file.js';
import { openSources, type SourceStream } from '../../src/sources/index.js';
import { ProgressReporter } from '../../src/sources/progress.js';
import { scratch } from '../helpers/tmp.js';
import { untilWith } from '../helpers/wait.js';
import { nth } from '../helpers/nth.js';

const { tmp, ac } = scratch('a2g-follow-');
/** Bounded wait for a condition set by a callback (no sleeps as synchronisation). */
const until = untilWith({ timeoutMs: 5000 });

/** Follows `f`, collecting text and progress reports. */
function follow(f: string, c: AbortController, extra: { chunkBytes?: number } = {}) {
  const text: string[] = [];
  const progress: SourceProgress[] = [];
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const b of followFile(f, { signal: c.signal, pollMs: 20, progress: new ProgressReporter(f, null, (p) => progress.push(p)), ...extra })) {
      text.push(b.toString());
      chunks.push(b);
    }
  })();
  return { text: () => text.join(''), progress, chunks, done, states: () => progress.map((p) => p.state) };
}

/** Writes `content` to `f`, follows it, and waits until the follower reports following. */
async function writeAndFollow(f: string, content: string | Buffer, extra: { chunkBytes?: number } = {}) {
  writeFileSync(f, content);
  const c = ac();
  const r = follow(f, c, extra);
  await until('following', () => r.states().includes('following'));
  return { c, r };
}

describe('followFile', () => {
  it('reads what is there, then appends; states reading → following', async () => {
    const f = join(tmp(), 'j.log');
    writeFileSync(f, 'one\n');
    const c = ac();
    const r = follow(f, c);
    await until('the first bytes and following', () => r.text() === 'one\n' && r.states().includes('following'));
    appendFileSync(f, 'two\n');
    await until('the append', () => r.text() === 'one\ntwo\n');
    appendFileSync(f, 'three\n');
    await until('the second append', () => r.text() === 'one\ntwo\nthree\n');
    c.abort();
    await r.done; // ends on abort, no throw
    expect(r.states().filter((s) => s === 'following').length).toBeGreaterThanOrEqual(1);
    expect(r.progress.some((p) => p.note)).toBe(false);
  });

  it('starts over after truncation and says so', async () => {
    const f = join(tmp(), 'j.log');
    const { c, r } = await writeAndFollow(f, 'a long first line\n');
    truncateSync(f, 0);
    appendFileSync(f, 'new\n');
    await until('the rewrite', () => r.text() === 'a long first line\nnew\n');
    const note = r.progress.find((p) => p.note);
    expect(note).toMatchObject({ state: 'reading', note: expect.stringMatching(/truncated: reading it again from the start/) });
    await until('following again', () => r.states().lastIndexOf('following') > r.progress.indexOf(note!));
    c.abort();
    await r.done;
  });

  it('an unfinished last line goes on after a truncation (copytruncate), and ends at a rotation', async () => {
    const d = tmp();
    const f = join(d, 'j.log');
    const { c, r } = await writeAndFollow(f, 'whole\nhalf of a ');
    // copytruncate: the writer writes the rest of its line at the start of the emptied file.
    truncateSync(f, 0);
    appendFileSync(f, 'line\n');
    await until('the rest of the line', () => r.text() === 'whole\nhalf of a line\n');
    appendFileSync(f, 'unfinished ');
    await until('a new unfinished line', () => r.text().endsWith('line\nunfinished '));
    // Rotation: the old file was read to its end; its last line never got its end there.
    renameSync(f, join(d, 'j.log.1'));
    writeFileSync(f, 'fresh\n');
    await until('the new file', () => r.text() === 'whole\nhalf of a line\nunfinished \nfresh\n');
    c.abort();
    await r.done;
  });

  it('after rotation reads the rest of the old file, then the new one from its start', async () => {
    const d = tmp();
    const f = join(d, 'j.log');
    const { c, r } = await writeAndFollow(f, 'old-1\n');
    renameSync(f, join(d, 'j.log.1'));
    appendFileSync(join(d, 'j.log.1'), 'old-2\n'); // written to the old file after the rename
    writeFileSync(f, 'fresh-1\n');
    await until('the new file', () => r.text() === 'old-1\nold-2\nfresh-1\n');
    expect(r.progress.find((p) => p.note)?.note).toMatch(/replaced \(rotated\): reading the new file from the start/);
    appendFileSync(f, 'fresh-2\n');
    await until('appends to the new file', () => r.text().endsWith('fresh-1\nfresh-2\n'));
    c.abort();
    await r.done;
  });

  it('reads a big file in bounded chunks from a reused pool', async () => {
    const { c, r } = await writeAndFollow(join(tmp(), 'big.log'), Buffer.alloc(20 * 100_000, 0x61), { chunkBytes: 100_000 });
    expect(r.chunks.length).toBe(20);
    expect(r.chunks.every((b) => b.length === 100_000)).toBe(true);
    // Eight pool buffers serve twenty reads.
    expect(new Set(r.chunks.map((b) => b.buffer)).size).toBeLessThanOrEqual(8);
    c.abort();
    await r.done;
  });

  it('ends at once on abort while waiting, and throws for a missing file', async () => {
    const { c, r } = await writeAndFollow(join(tmp(), 'j.log'), '');
    c.abort();
    await r.done;
    await expect((async () => {
      for await (const _ of followFile(join(tmp(), 'nope.log'), { signal: ac().signal })) void _;
    })()).rejects.toThrow(/ENOENT/);
  });
});

describe('openSources with follow', () => {
  it('hands plain files out as live streams; gzip and directory files are read once', async () => {
    const d = tmp();
    writeFileSync(join(d, 'a.log'), 'plain\n');
    writeFileSync(join(d, 'b.log.gz'), gzipSync('zipped\n'));
    const sub = join(d, 'sub');
    mkdirSync(sub);
    writeFileSync(join(sub, 'c.log'), 'in a dir\n');
    const c = ac();
    const got: Array<{ label: string; live: boolean }> = [];
    const live: SourceStream[] = [];
    const progress: SourceProgress[] = [];
    for await (const item of openSources([join(d, 'a.log'), join(d, 'b.log.gz'), sub], { signal: c.signal, year: null, follow: true, followPollMs: 20, onProgress: (p) => progress.push(p) })) {
      if (!('chunks' in item)) throw new Error(item.message);
      got.push({ label: item.meta.label, live: !!item.live });
      if (item.live) live.push(item);
      else for await (const _ of item.chunks) void _;
    }
    expect(got).toEqual([
      { label: join(d, 'a.log'), live: true },
      { label: join(d, 'b.log.gz'), live: false },
      { label: join(sub, 'c.log'), live: false },
    ]);
    const text: string[] = [];
    const reading = (async () => {
      for await (const b of nth(live, 0).chunks) text.push(b.toString());
    })();
    await until('the live bytes', () => text.join('') === 'plain\n');
    appendFileSync(join(d, 'a.log'), 'more\n');
    await until('the append', () => text.join('') === 'plain\nmore\n');
    c.abort();
    await reading;
    expect(live[0]?.failure?.()).toBeNull();
    // Ended by the abort: its normal end.
    expect(progress.filter((p) => p.label === join(d, 'a.log')).at(-1)?.state).toBe('done');
  });
});

