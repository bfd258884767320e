import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { collect, progressLog, tempDir } from './helpers.js';
import { FILE_CHUNK } from '../../src/sources/file.js';
import { nth } from '../helpers/nth.js';

const LINE = '2019-03-01T12:00:00+0000 m1 nginx[1]: type=audit result=deny uid=svc\n';

describe('files, directories, globs', () => {
  const t = tempDir();
  const d = t.dir;
  beforeAll(() => {
    writeFileSync(join(d, 'plain.log'), LINE.repeat(3));
    writeFileSync(join(d, 'empty.log'), '');
    writeFileSync(join(d, 'garbage.bin'), Buffer.from([0, 1, 2, 255, 254, 10, 0]));
    writeFileSync(join(d, 'zipped-no-suffix'), gzipSync(LINE.repeat(2)));
    writeFileSync(join(d, 'two-members.gz'), Buffer.concat([gzipSync('a\n'), gzipSync('b\n')]));
    const full = gzipSync(Buffer.from(LINE.repeat(20000)));
    writeFileSync(join(d, 'cut.gz'), full.subarray(0, Math.floor(full.length / 2)));
    writeFileSync(join(d, 'bad-header.gz'), Buffer.from([0x1f, 0x8b, 0x99, 0x99, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    writeFileSync(join(d, 'saved.export'), '__CURSOR=s=1\nMESSAGE=hello\n\n');
    writeFileSync(join(d, 'sniffed-export.txt'), '__CURSOR=s=1\nMESSAGE=x\n\n');
    writeFileSync(join(d, 'old.log'), LINE);
    utimesSync(join(d, 'old.log'), new Date('2017-06-01T00:00:00Z'), new Date('2017-06-01T00:00:00Z'));
    // directory tree with a symlink loop, a dangling link and hidden files
    mkdirSync(join(d, 'tree/a/b'), { recursive: true });
    mkdirSync(join(d, 'tree/.hidden'));
    writeFileSync(join(d, 'tree/z.log'), 'z\n');
    writeFileSync(join(d, 'tree/a/b/deep.log'), 'deep\n');
    writeFileSync(join(d, 'tree/.hidden/h.log'), 'h\n');
    symlinkSync('..', join(d, 'tree/a/loop'));
    symlinkSync('nowhere', join(d, 'tree/dangling'));
    symlinkSync('../z.log', join(d, 'tree/a/link.log'));
    symlinkSync('../..', join(d, 'tree/a/b/loop2'));
    mkdirSync(join(d, 'emptydir/sub'), { recursive: true });
    // an unpacked bundle on disk: host and unit from the folder
    mkdirSync(join(d, 'unpacked/10.0.0.7_agent'), { recursive: true });
    writeFileSync(join(d, 'unpacked/10.0.0.7_agent/dcos-mesos-slave.service.gz'), gzipSync(LINE));
    writeFileSync(join(d, 'file-not-dir'), 'x');
    writeFileSync(join(d, 'misnamed.zip'), gzipSync(LINE));
    writeFileSync(join(d, 'journal.journal.gz'), gzipSync(Buffer.concat([Buffer.from('LPKSHHRH'), Buffer.alloc(100)])));
  });
  afterAll(() => t.cleanup());

  it('reads a plain file as lines with its size, and its mtime as when it was written (short lines are dated up to it)', async () => {
    const s = nth(await collect([join(d, 'plain.log')]), 0);
    expect(s).toMatchObject({ kind: 'stream', framing: 'lines', size: LINE.length * 3, text: LINE.repeat(3), host: null, unit: null });
    expect(s.year).toBeNull();
    const old = nth(await collect([join(d, 'old.log')]), 0);
    expect(old.writtenAt).toBe(Date.parse('2017-06-01T00:00:00Z'));
    const forced = nth(await collect([join(d, 'old.log')], { year: 2020 }), 0);
    expect(forced.year).toBe(2020);
  });

  it('reads big files byte for byte through the reused read buffers (sizes around the 1 MiB chunk)', async () => {
    const MiB = 1024 * 1024;
    for (const size of [2 * MiB, 9 * MiB + MiB / 2 + 7, MiB - 1]) {
      const lines: string[] = [];
      let n = 0;
      for (let len = 0; len < size; n++) {
        const l = `line ${n} ${'x'.repeat(n % 97)}\n`;
        lines.push(l);
        len += l.length;
      }
      const content = Buffer.from(lines.join('')).subarray(0, size);
      const f = join(d, `big-${size}.log`);
      writeFileSync(f, content);
      const s = nth(await collect([f]), 0);
      expect(s.bytes).toBe(size);
      expect(Buffer.from(s.text!).equals(content)).toBe(true);
      expect(Math.max(...s.chunkSizes!)).toBeLessThanOrEqual(FILE_CHUNK);
    }
  });

  it('gives an empty stream for an empty file and passes binary garbage through', async () => {
    const got = await collect([join(d, 'empty.log'), join(d, 'garbage.bin')]);
    expect(got.map((g) => [g.kind, g.bytes])).toEqual([
      ['stream', 0],
      ['stream', 7],
    ]);
  });

  it('detects gzip by magic bytes, without a .gz suffix, and reads multi-member gzip', async () => {
    const got = await collect([join(d, 'zipped-no-suffix'), join(d, 'two-members.gz')]);
    expect(got[0]).toMatchObject({ kind: 'stream', text: LINE.repeat(2), size: null, framing: 'lines' });
    expect(got[1]).toMatchObject({ kind: 'stream', text: 'a\nb\n' });
  });

  it('lets magic bytes beat the name, and asks to decompress a gzipped journal first', async () => {
    const got = await collect([join(d, 'misnamed.zip'), join(d, 'journal.journal.gz')]);
    expect(got[0]).toMatchObject({ kind: 'stream', text: LINE });
    expect(got[1]).toMatchObject({ kind: 'error' });
    expect(got[1]?.message).toMatch(/journal\.journal\.gz holds a binary journal file, but it is gzip-compressed: decompress it first/);
  });

  it('yields the bytes of a truncated gzip, then a one-line SourceError', async () => {
    const got = await collect([join(d, 'cut.gz'), join(d, 'plain.log')]);
    expect(got.map((g) => g.kind)).toEqual(['stream', 'error', 'stream']);
    expect(got[0]?.bytes).toBeGreaterThan(100_000);
    expect(LINE.repeat(20000).startsWith(nth(got, 0).text ?? '(no text)')).toBe(true);
    expect(got[1]?.message).toMatch(/^truncated gzip: .*cut\.gz/);
    expect(nth(got, 1).message).not.toContain('\n');
  });

  it('reports a corrupt gzip header as an error, not a stream', async () => {
    const got = await collect([join(d, 'bad-header.gz')]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'error' });
    expect(got[0]?.message).toMatch(/corrupt gzip data in .*bad-header\.gz/);
  });

  it('uses export framing for *.export and for text that starts like journal export', async () => {
    const got = await collect([join(d, 'saved.export'), join(d, 'sniffed-export.txt'), join(d, 'plain.log')]);
    expect(got.map((g) => g.framing)).toEqual(['export', 'export', 'lines']);
  });

  it('reads directories recursively in sorted order, hidden files included, loops and dangling links skipped and counted', async () => {
    const got = await collect([join(d, 'tree')]);
    const streams = got.filter((g) => g.kind === 'stream');
    // a/link.log points at z.log, inside the tree: z.log is read once, under its own name
    expect(streams.map((g) => g.label)).toEqual([join(d, 'tree/.hidden/h.log'), join(d, 'tree/a/b/deep.log'), join(d, 'tree/z.log')]);
    expect(got.filter((g) => g.kind !== 'stream').map((g) => g.message)).toEqual([expect.stringMatching(/: skipped \d+ symbolic links? that leads? to no file \(e\.g\. .* -> .*\): nothing there to read$/)]);
  });

  it('takes host and unit from an unpacked bundle folder', async () => {
    const s = nth(await collect([join(d, 'unpacked')]), 0);
    expect(s).toMatchObject({ host: '10.0.0.7', unit: 'dcos-mesos-slave.service', text: LINE });
  });

  it('reports a directory without files', async () => {
    const got = await collect([join(d, 'emptydir')]);
    expect(got).toEqual([{ kind: 'error', label: join(d, 'emptydir'), message: expect.stringMatching(/^no files in directory .*emptydir/) }]);
  });

  it('expands globs in sorted order and reports a glob matching nothing', async () => {
    const got = await collect([`${d}/tree/**/*.log`, `${d}/nothing/*.log`]);
    expect(got.map((g) => g.kind)).toEqual(['stream', 'stream', 'stream', 'error']);
    // the symlink loop is not followed; a/link.log points at z.log, matched too: z.log is read once
    expect(got.slice(0, 3).map((g) => g.label)).toEqual([
      join(d, 'tree/.hidden/h.log'),
      join(d, 'tree/a/b/deep.log'),
      join(d, 'tree/z.log'),
    ]);
    expect(got[3]?.message).toMatch(/^no files match .*nothing\/\*\.log/);
  });

  it('reports missing files and bad paths in one line and goes on with the others', async () => {
    const got = await collect([join(d, 'missing.log'), join(d, 'file-not-dir/x'), join(d, 'plain.log')]);
    expect(got[0]).toEqual({ kind: 'error', label: join(d, 'missing.log'), message: `no such file or directory: ${join(d, 'missing.log')}` });
    expect(got[1]?.message).toMatch(/^not a directory/);
    expect(got[2]?.kind).toBe('stream');
  });

  it('reports a read error (EIO from /proc/self/mem) as a SourceError', async () => {
    const got = await collect(['/proc/self/mem']);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'error', label: '/proc/self/mem' });
    expect(got[0]?.message).toMatch(/^input\/output error reading \/proc\/self\/mem: /);
  });

  it('reports progress: reading, then done with the byte count', async () => {
    const p = progressLog();
    await collect([join(d, 'plain.log'), join(d, 'cut.gz')], { onProgress: p.onProgress });
    const plain = p.log.filter((e) => e.label.endsWith('plain.log'));
    expect(plain[0]).toMatchObject({ state: 'reading' });
    expect(plain.at(-1)).toEqual({ label: join(d, 'plain.log'), state: 'done', bytes: LINE.length * 3, size: LINE.length * 3 });
    const cut = p.log.filter((e) => e.label.endsWith('cut.gz'));
    expect(cut.at(-1)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^truncated gzip/) });
  });
});
