// A glob whose tree holds a directory that cannot be listed (permission denied): its logs go
// unmatched, so the glob fails for it as a directory walk does (an error: exit 1, README.md's exit
// codes), and the files it could list are still read. fast-glob's suppressErrors hid it (exit 0).
// readdir is made to fail here, as tests run as root too, for whom no mode denies a listing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as nodeFs from 'node:fs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, tempDir } from './helpers.js';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof nodeFs>();
  const denied = (dir: unknown): boolean => String(dir).endsWith('/locked');
  const readdir = (dir: string, ...rest: unknown[]): void => {
    const cb = rest.at(-1) as (err: NodeJS.ErrnoException | null) => void;
    if (!denied(dir)) return void (fs.readdir as (...a: unknown[]) => void)(dir, ...rest);
    const err: NodeJS.ErrnoException = Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES', path: dir });
    queueMicrotask(() => cb(err));
  };
  return { ...fs, default: { ...fs, readdir }, readdir };
});

describe('a glob over a directory that cannot be listed', () => {
  const t = tempDir();
  beforeAll(() => {
    mkdirSync(join(t.dir, 'logs/locked'), { recursive: true });
    mkdirSync(join(t.dir, 'logs/open'), { recursive: true });
    writeFileSync(join(t.dir, 'logs/open/a.log'), 'a\n');
    writeFileSync(join(t.dir, 'logs/locked/b.log'), 'b\n');
  });
  afterAll(() => t.cleanup());

  it('names the directory as a failed source and still reads what it could list', async () => {
    const got = await collect([join(t.dir, 'logs/**/*.log')]);
    const locked = join(t.dir, 'logs/locked');
    expect(got.filter((g) => g.kind === 'error')).toEqual([
      expect.objectContaining({ label: locked, message: expect.stringMatching(/^permission denied: .*locked \(run as a user who can read it/) }),
    ]);
    expect(got.filter((g) => g.kind === 'stream').map((g) => 'label' in g && g.label)).toEqual([join(t.dir, 'logs/open/a.log')]);
  });

  it('a glob whose only directory cannot be listed: that error, not "no files match"', async () => {
    const got = await collect([join(t.dir, 'logs/locked/*.log')]);
    expect(got).toEqual([expect.objectContaining({ kind: 'error', label: join(t.dir, 'logs/locked') })]);
  });
});
