// One file, many names (real hard links and paths): read once per run, whatever source names it
// again, with one note per source saying which names were the same file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, tempDir } from './helpers.js';

describe('a file under several names', () => {
  const t = tempDir();
  const d = t.dir;
  const tree = join(d, 'tree');
  beforeAll(() => {
    mkdirSync(join(tree, 'old'), { recursive: true });
    writeFileSync(join(tree, 'a.log'), 'a\n');
    writeFileSync(join(tree, 'b.log'), 'b\n');
    linkSync(join(tree, 'a.log'), join(tree, 'old/a-copy.log')); // a hard link, as rsnapshot or cp -l make
    linkSync(join(tree, 'b.log'), join(tree, 'z.log'));
    symlinkSync(join(tree, 'a.log'), join(d, 'named-link.log'));
  });
  afterAll(() => t.cleanup());

  const streams = (got: Awaited<ReturnType<typeof collect>>): string[] => got.filter((g) => g.kind === 'stream').map((g) => g.label);
  const notes = (got: Awaited<ReturnType<typeof collect>>): unknown[] => got.filter((g) => g.kind === 'error').map((g) => [g.label, g.message]);

  it('a directory walk reads hard links once, noting which names were the same file', async () => {
    const got = await collect([tree]);
    expect(streams(got)).toEqual([join(tree, 'a.log'), join(tree, 'b.log')]);
    expect(notes(got)).toEqual([
      [
        tree,
        `${tree}: skipped 2 names of files read already under another name or named twice (${join(tree, 'old/a-copy.log')} is ${join(tree, 'a.log')}; ${join(tree, 'z.log')} is ${join(tree, 'b.log')}): each file is read once, its denials counted once`,
      ],
    ]);
  });

  it('a glob matching hard links reads each file once, with the note', async () => {
    const got = await collect([`${tree}/**/*.log`]);
    expect(streams(got)).toEqual([join(tree, 'a.log'), join(tree, 'b.log')]);
    expect(notes(got)).toEqual([[`${tree}/**/*.log`, expect.stringContaining(`(${join(tree, 'old/a-copy.log')} is ${join(tree, 'a.log')}; ${join(tree, 'z.log')} is ${join(tree, 'b.log')})`)]]);
  });

  it('a directory named with a file inside it, or a file named twice by other paths, is read once', async () => {
    const got = await collect([join(tree, 'b.log'), tree, join(d, 'named-link.log'), `${tree}/./b.log`, join(tree, 'b.log')]);
    expect(streams(got)).toEqual([join(tree, 'b.log'), join(tree, 'a.log')]);
    expect(notes(got)).toEqual([
      [tree, expect.stringContaining(`skipped 3 names of files read already under another name or named twice (${join(tree, 'b.log')} named again; ${join(tree, 'old/a-copy.log')} is`)],
      [join(d, 'named-link.log'), `${join(d, 'named-link.log')}: skipped 1 name of a file read already under another name or named twice (${join(d, 'named-link.log')} is ${join(tree, 'a.log')}): each file is read once, its denials counted once`],
      [`${tree}/./b.log`, expect.stringContaining(`(${tree}/./b.log is ${join(tree, 'b.log')})`)],
      [join(tree, 'b.log'), expect.stringContaining(`(${join(tree, 'b.log')} named again)`)],
    ]);
  });

  it('a directory named twice: the second names only files read already, and says so (not "no files")', async () => {
    const got = await collect([tree, `${tree}/`]);
    expect(streams(got)).toEqual([join(tree, 'a.log'), join(tree, 'b.log')]);
    expect(notes(got)).toEqual([
      [tree, expect.stringContaining('skipped 2 names')],
      [`${tree}/`, expect.stringContaining('skipped 4 names of files read already under another name or named twice (')],
    ]);
    expect(notes(got)[1]).toEqual([`${tree}/`, expect.stringContaining(', and 1 more): each file is read once')]);
  });
});
