// Source specs → the files to read, in a stable order: a file as named, a directory recursively
// (names sorted), a glob through fast-glob (sorted). A walk stays inside the tree it was given:
// symlinked directories are never followed (so no loops), a symlinked file is read only when it
// points inside the tree (a glob's tree is its fixed part), and links pointing out are counted in
// one line; FIFOs, sockets and devices inside a tree are skipped. Every file is read once per run,
// whatever names lead to it (same-file.ts). See docs/sources.md.
// What cannot be expanded becomes a SourceError; the other specs still run.
import { readdir as readdirWithCallback, type Dirent } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type fg from 'fast-glob';
import { safeText } from '../core/text.js';
import type { SourceError } from '../core/types.js';
import { describeSourceError, errorText } from './describe-error.js';
import { Repeats, type ReadOnce } from './same-file.js';

export interface FileTarget {
  path: string;
  label: string;
  /** Found by walking a directory (not named, nor matched by a glob): read once even with follow. */
  inDirectory?: boolean;
}

const GLOB_CHARS = /[*?[{]/;

export function isSshSpec(spec: string): boolean {
  return /^ssh:\/\//i.test(spec);
}

/** `once`: the files read so far in the run, shared by every spec. */
export async function* expandSpec(spec: string, signal: AbortSignal, once: ReadOnce): AsyncGenerator<FileTarget | SourceError> {
  let st;
  try {
    st = await stat(spec);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT' && GLOB_CHARS.test(spec)) {
      yield* expandGlob(spec, once);
      return;
    }
    yield { source: spec, message: describeSourceError(err, spec) };
    return;
  }
  if (!st.isDirectory()) {
    // Regular files, and also pipes and devices named explicitly (`<(journalctl …)` is /dev/fd/N).
    const first = await once.claim(spec);
    if (first === null) {
      yield { path: spec, label: spec };
      return;
    }
    const repeat = new Repeats(spec);
    repeat.add(spec, first);
    yield repeat.note()!;
    return;
  }
  const tree = await realpath(spec).catch(() => spec);
  const out = new SkippedLinks(spec, 'outside');
  const dangling = new SkippedLinks(spec, 'dangling');
  const repeats = new Repeats(spec);
  let files = 0;
  for await (const item of walk(spec, { tree, seen: new Set([`${st.dev}:${st.ino}`]), out, dangling, once, repeats, signal })) {
    if ('path' in item) files++;
    yield item;
  }
  if (signal.aborted) return;
  if (out.count > 0) yield out.error();
  if (dangling.count > 0) yield dangling.error();
  const note = repeats.note();
  if (note) yield note;
  else if (files === 0) {
    yield { source: spec, message: `no files in directory ${spec}: pass a directory that holds log files, or the files themselves` };
  }
}

/** Symlinks skipped (out of a tree, or leading to no file): counted, the first one kept for the message. */
class SkippedLinks {
  count = 0;
  private first = '';
  /** `outside`: links out of the tree; `dangling`: links that lead to no file (gone, or a loop). */
  constructor(private readonly spec: string, private readonly kind: 'outside' | 'dangling') {}
  add(link: string, target: string): void {
    if (this.count++ === 0) this.first = `${safeText(link)} -> ${safeText(target)}`;
  }
  /** A link whose target cannot be resolved, with what it says it points to. */
  async addUnresolved(link: string): Promise<void> {
    this.add(link, await readlink(link).catch(() => '?'));
  }
  error(): SourceError {
    const n = this.count;
    const what =
      this.kind === 'dangling'
        ? `${n === 1 ? '1 symbolic link that leads' : `${n} symbolic links that lead`} to no file (e.g. ${this.first}): nothing there to read`
        : `${n === 1 ? '1 symbolic link that points' : `${n} symbolic links that point`} outside it (e.g. ${this.first}): a directory or glob is read only within itself; name a file as a source to read it`;
    return { source: this.spec, message: `${this.spec}: skipped ${what}`, skipped: true };
  }
}

/** Whether real path `p` is `root` or lies under it. */
function within(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

interface Walk {
  /** Real path of the directory given. */
  tree: string;
  /** dev:ino of the directories entered: a bind mount of an ancestor cannot loop the walk. */
  seen: Set<string>;
  out: SkippedLinks;
  dangling: SkippedLinks;
  once: ReadOnce;
  repeats: Repeats;
  signal: AbortSignal;
}

async function* walk(dir: string, w: Walk): AsyncGenerator<FileTarget | SourceError> {
  let entries: Dirent[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    yield { source: dir, message: describeSourceError(err, dir) };
    return;
  }
  for (const e of entries) {
    if (w.signal.aborted) return;
    const path = join(dir, e.name);
    if (e.isSymbolicLink()) {
      // Never followed out of the tree; inside it, its target is read under its own name (a
      // file) or walked anyway (a directory). Dangling links and link loops: nothing to read, counted.
      const target = await realpath(path).catch(() => null);
      if (target === null) await w.dangling.addUnresolved(path);
      else if (!within(w.tree, target)) w.out.add(path, target);
    } else if (e.isDirectory()) {
      const st = await lstat(path).catch(() => null);
      if (!st) continue; // vanished
      const id = `${st.dev}:${st.ino}`;
      if (w.seen.has(id)) continue;
      w.seen.add(id);
      yield* walk(path, w);
    } else if (e.isFile()) {
      // A hard link to a file read already (here or in an earlier source): noted, not read again.
      const first = await w.once.claim(path);
      if (first === null) yield { path, label: path, inDirectory: true };
      else w.repeats.add(path, first);
    }
    // FIFOs, sockets and devices inside a directory are skipped: reading them could block forever.
  }
}

const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** A directory of a glob's tree that could not be listed (permission denied): its files went unmatched. */
interface Unlisted {
  dir: string;
  err: unknown;
}

/**
 * fast-glob's readdir, noting the directories that could not be listed. Its `suppressErrors` (so
 * that one such directory does not end the whole glob) would otherwise hide them, and their logs
 * with them, where a directory walk reports each as a failed source.
 */
function noteUnlisted(unlisted: Unlisted[]): typeof readdirWithCallback {
  return ((dir: string, options: unknown, callback?: unknown) => {
    const withOptions = typeof callback === 'function';
    const done = (withOptions ? callback : options) as (err: NodeJS.ErrnoException | null, entries?: unknown) => void;
    const note = (err: NodeJS.ErrnoException | null, entries?: unknown): void => {
      // Gone since it was seen (ENOENT): nothing unread, as in a walk.
      if (err && err.code !== 'ENOENT') unlisted.push({ dir, err });
      done(err, entries);
    };
    if (withOptions) readdirWithCallback(dir, options as never, note as never);
    else readdirWithCallback(dir, note as never);
  }) as typeof readdirWithCallback;
}

async function* expandGlob(pattern: string, once: ReadOnce): AsyncGenerator<FileTarget | SourceError> {
  let entries: fg.Entry[];
  let bases: string[];
  const unlisted: Unlisted[] = [];
  try {
    // Symlinked directories are not followed: fast-glob has no loop detection and two looping
    // links make it grow without bound. Symlinks to files are checked below.
    // Loaded only when a glob is given: it costs start-up time and memory on every other scan.
    const glob = (await import('fast-glob')).default;
    entries = await glob(pattern, { dot: true, onlyFiles: false, followSymbolicLinks: false, suppressErrors: true, unique: true, objectMode: true, fs: { readdir: noteUnlisted(unlisted) } });
    // The glob's trees: its fixed leading directories (two for `{a,b}/*.log`).
    bases = await Promise.all(glob.generateTasks([pattern]).map((t) => realpath(t.base).catch(() => t.base)));
  } catch (err) {
    yield { source: pattern, message: `invalid glob ${pattern}: ${errorText(err)}` };
    return;
  }
  // Each as a failed source, as a directory walk says it (exit 1); what could be listed is still read.
  for (const u of unlisted.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))) yield { source: u.dir, message: describeSourceError(u.err, u.dir) };
  const out = new SkippedLinks(pattern, 'outside');
  const dangling = new SkippedLinks(pattern, 'dangling');
  const repeats = new Repeats(pattern);
  const files: string[] = [];
  // Each file once (ReadOnce): one matched twice by hard links is noted; one matched itself and
  // through a link (or through two links) is read once, as in a directory, without a note.
  const links: fg.Entry[] = [];
  for (const e of entries.sort(byPath)) {
    if (e.dirent.isFile()) {
      const first = await once.claim(e.path);
      if (first === null) files.push(e.path);
      else repeats.add(e.path, first);
    } else if (e.dirent.isSymbolicLink()) links.push(e);
  }
  for (const e of links) {
    const target = await realpath(e.path).catch(() => null);
    if (target === null) {
      await dangling.addUnresolved(e.path);
      continue;
    }
    if (!(await stat(target).then((s) => s.isFile(), () => false))) continue;
    if (!bases.some((b) => within(b, target))) out.add(e.path, target);
    else if ((await once.claim(target, e.path)) === null) files.push(e.path);
  }
  if (out.count > 0) yield out.error();
  if (dangling.count > 0) yield dangling.error();
  const note = repeats.note();
  if (note) yield note;
  if (files.length === 0) {
    if (note || unlisted.length > 0) return;
    yield { source: pattern, message: `no files match ${pattern}: check the pattern (quote it so the shell does not expand it)` };
    return;
  }
  for (const path of files.sort()) yield { path, label: path };
}
