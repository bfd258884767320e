import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, tempDir } from './helpers.js';
import { describeSourceError } from '../../src/sources/describe-error.js';

const calls: string[][] = [];
vi.mock('../../src/sources/ssh/index.js', () => ({
  async *openSshSources(urls: string[]) {
    calls.push(urls);
    for (const u of urls) yield { source: u, message: `fake ssh ${u}` };
  },
}));

describe('ssh delegation and error text', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it('reads local sources first, then hands every ssh:// spec to the ssh sources at once', async () => {
    writeFileSync(join(t.dir, 'a.log'), 'a\n');
    const got = await collect(['ssh://m1', join(t.dir, 'a.log'), 'ssh://core@m2:2222']);
    expect(calls).toEqual([['ssh://m1', 'ssh://core@m2:2222']]);
    expect(got.map((g) => g.label)).toEqual([join(t.dir, 'a.log'), 'ssh://m1', 'ssh://core@m2:2222']);
  });

  it.each([
    ['ENOENT', /^no such file or directory: F$/],
    ['EACCES', /^permission denied: F \(run as a user who can read it/],
    ['EPERM', /^permission denied: F/],
    ['EISDIR', /^is a directory, expected a file: F$/],
    ['EMFILE', /^too many open files while reading F: raise the limit/],
    ['Z_BUF_ERROR', /^truncated gzip: F ends before/],
    ['Z_DATA_ERROR', /^corrupt gzip data in F: boom \(the data before/],
    ['EIO', /^input\/output error reading F: /],
    ['ESOMETHING', /^cannot read F: boom$/],
  ])('%s becomes one line', (code, want) => {
    const msg = describeSourceError(Object.assign(new Error('boom\nsecond line'), { code }), 'F');
    expect(msg).toMatch(want);
    expect(msg).not.toContain('\n');
  });

  it('a gzip error says how much was decompressed, and so scanned, before it', () => {
    const err = (code: string) => Object.assign(new Error('unexpected end of file'), { code, decompressed: 2048 });
    expect(describeSourceError(err('Z_BUF_ERROR'), 'F')).toBe('truncated gzip: F ends before the end of its compressed data (the 2048 bytes (2.0 KiB) decompressed before the cut were scanned; copy the file again to read the rest)');
    expect(describeSourceError(err('Z_DATA_ERROR'), 'F')).toMatch(/\(the 2048 bytes \(2\.0 KiB\) decompressed before the damage was found were scanned\)$/);
  });
});
