// Directory walks and globs with real symlinks: a walk never leaves its tree through a link, never
// loops, reads each file inside once, and counts the links pointing out in one line, and those that
// lead to no file (dangling, or a loop) in another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, tempDir } from './helpers.js';

describe('symlinks in directory walks and globs', () => {
  const t = tempDir();
  const d = t.dir;
  const tree = join(d, 'tree');
  const outside = join(d, 'outside');
  beforeAll(() => {
    mkdirSync(join(tree, 'sub/deeper'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(tree, 'a.log'), 'a\n');
    writeFileSync(join(tree, 'sub/b.log'), 'b\n');
    writeFileSync(join(tree, 'sub/deeper/c.log'), 'c\n');
    writeFileSync(join(outside, 'secret.log'), 'secret\n');
    writeFileSync(join(outside, 'other.log'), 'other\n');
    // out of the tree: a directory and a file, absolute and relative
    symlinkSync(outside, join(tree, 'to-outside-dir'));
    symlinkSync('../../outside/secret.log', join(tree, 'sub/to-secret.log'));
    // inside the tree: a file (read once, under its own name) and directories, one a loop
    symlinkSync('../a.log', join(tree, 'sub/to-a.log'));
    symlinkSync('..', join(tree, 'sub/deeper/up'));
    symlinkSync('.', join(tree, 'self'));
    // a loop between two links, a dangling link, and a FIFO that must not be opened
    symlinkSync('l2', join(tree, 'l1'));
    symlinkSync('l1', join(tree, 'l2'));
    symlinkSync('nowhere', join(tree, 'dangling.log'));
    execFileSync('mkfifo', [join(tree, 'pipe.log')]);
    // the tree named through a link of its own: walked like the tree
    symlinkSync(tree, join(d, 'tree-link'));
  });
  afterAll(() => t.cleanup());

  it('a walk reads the files of its tree once, follows no link out (nor in a loop), and counts the links out in one line', async () => {
    const got = await collect([tree]);
    expect(got.filter((g) => g.kind === 'stream').map((g) => [g.label, g.text])).toEqual([
      [join(tree, 'a.log'), 'a\n'],
      [join(tree, 'sub/b.log'), 'b\n'],
      [join(tree, 'sub/deeper/c.log'), 'c\n'],
    ]);
    const errors = got.filter((g) => g.kind === 'error');
    expect(errors).toEqual([
      {
        kind: 'error',
        label: tree,
        message: `${tree}: skipped 2 symbolic links that point outside it (e.g. ${join(tree, 'sub/to-secret.log')} -> ${join(outside, 'secret.log')}): a directory or glob is read only within itself; name a file as a source to read it`,
      },
      // The dangling link and the loop of two: counted too, never silently dropped (a warning: exit 0).
      {
        kind: 'error',
        label: tree,
        message: `${tree}: skipped 3 symbolic links that lead to no file (e.g. ${join(tree, 'dangling.log')} -> nowhere): nothing there to read`,
      },
    ]);
    expect(got.some((g) => g.text?.includes('secret') || g.text?.includes('other'))).toBe(false);
  });

  it('walks a tree named through a symlink, inside links still recognised as inside', async () => {
    const got = await collect([join(d, 'tree-link')]);
    expect(got.filter((g) => g.kind === 'stream').map((g) => g.label)).toEqual([
      join(d, 'tree-link/a.log'),
      join(d, 'tree-link/sub/b.log'),
      join(d, 'tree-link/sub/deeper/c.log'),
    ]);
    expect(got.filter((g) => g.kind === 'error').map((g) => g.message)).toEqual([
      expect.stringContaining('skipped 2 symbolic links that point outside it'),
      expect.stringContaining('skipped 3 symbolic links that lead to no file'),
    ]);
  });

  it('a glob reads links to files inside its fixed part, not those pointing out, and does not descend linked directories', async () => {
    const got = await collect([`${tree}/**/*.log`]);
    expect(got.filter((g) => g.kind === 'stream').map((g) => g.label)).toEqual([
      join(tree, 'a.log'),
      join(tree, 'sub/b.log'),
      join(tree, 'sub/deeper/c.log'),
      // sub/to-a.log: its target, a.log, is matched too: read once (a directory reads it once too)
    ]);
    expect(got.filter((g) => g.kind === 'error')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/skipped 1 symbolic link that points outside it \(e\.g\. .*sub\/to-secret\.log -> .*outside\/secret\.log\)/) }),
      expect.objectContaining({ message: expect.stringMatching(/skipped 1 symbolic link that leads to no file \(e\.g\. .*\/dangling\.log -> nowhere\): nothing there to read$/) }),
    ]);
  });

  it('a glob reads a link inside its fixed part when the pattern does not match its target, each file once', async () => {
    const got = await collect([`${tree}/sub/{to-a,b}.log`, `${tree}/{a,sub/to-a}.log`]);
    expect(got.filter((g) => g.kind === 'stream').map((g) => g.label)).toEqual([
      join(tree, 'sub/b.log'), // sub/to-a.log points out of the first pattern's fixed part (sub)
      join(tree, 'a.log'),
    ]);
    // the link alone matched, its target inside the fixed part: read
    const only = await collect([`${tree}/s*/to-a.log`]);
    expect(only.map((g) => [g.kind, g.label, g.text])).toEqual([['stream', join(tree, 'sub/to-a.log'), 'a\n']]);
  });

  it('a link named as a source is read wherever it points: the user named it', async () => {
    const got = await collect([join(tree, 'sub/to-secret.log')]);
    expect(got).toEqual([expect.objectContaining({ kind: 'stream', text: 'secret\n' })]);
  });
});

describe('a file a walk listed, swapped for a link before it is opened', () => {
  it('is not read through the link: an error names it (O_NOFOLLOW)', async () => {
    const t = tempDir();
    try {
      const { openFile } = await import('../../src/sources/file.js');
      mkdirSync(join(t.dir, 'out'));
      writeFileSync(join(t.dir, 'out/secret.log'), 'secret\n');
      symlinkSync(join(t.dir, 'out/secret.log'), join(t.dir, 'b.log')); // what the walk saw was a file
      const items = [];
      for await (const it of openFile(join(t.dir, 'b.log'), 'b.log', { signal: new AbortController().signal, year: null, walked: true })) items.push(it);
      expect(items).toEqual([{ source: 'b.log', message: 'b.log became a symbolic link after the directory walk listed it: not followed' }]);
    } finally {
      t.cleanup();
    }
  });
});
