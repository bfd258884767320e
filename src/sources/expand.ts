// Source specs → the files to read, in a stable order: a file as named, a directory recursively
// (names sorted, symlinks followed, loops and non-regular files skipped), a glob through fast-glob
// (sorted). What cannot be expanded becomes a SourceError; the other specs still run.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type fg from 'fast-glob';
import type { SourceError } from '../core/types.js';
import { describeSourceError, errorText } from './describe-error.js';

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

export async function* expandSpec(spec: string, signal: AbortSignal): AsyncGenerator<FileTarget | SourceError> {
  let st;
  try {
    st = await stat(spec);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT' && GLOB_CHARS.test(spec)) {
      yield* expandGlob(spec);
      return;
    }
    yield { source: spec, message: describeSourceError(err, spec) };
    return;
  }
  if (!st.isDirectory()) {
    // Regular files, and also pipes and devices named explicitly (`<(journalctl …)` is /dev/fd/N).
    yield { path: spec, label: spec };
    return;
  }
  let files = 0;
  for await (const item of walk(spec, new Set([`${st.dev}:${st.ino}`]), signal)) {
    if ('path' in item) files++;
    yield item;
  }
  if (files === 0 && !signal.aborted) {
    yield { source: spec, message: `no files in directory ${spec}: pass a directory that holds log files, or the files themselves` };
  }
}

async function* walk(dir: string, seen: Set<string>, signal: AbortSignal): AsyncGenerator<FileTarget | SourceError> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (err) {
    yield { source: dir, message: describeSourceError(err, dir) };
    return;
  }
  for (const name of names) {
    if (signal.aborted) return;
    const path = join(dir, name);
    let st;
    try {
      st = await stat(path); // follows symlinks
    } catch {
      continue; // dangling symlink or a file that vanished: nothing to read
    }
    if (st.isDirectory()) {
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) continue; // symlink loop, or the same tree linked twice
      seen.add(id);
      yield* walk(path, seen, signal);
    } else if (st.isFile()) {
      yield { path, label: path, inDirectory: true };
    }
    // sockets, fifos, devices inside a directory are skipped: reading them could block forever
  }
}

async function* expandGlob(pattern: string): AsyncGenerator<FileTarget | SourceError> {
  let entries: fg.Entry[];
  try {
    // Symlinked directories are not followed: fast-glob has no loop detection and two looping
    // links make it grow without bound. Symlinks to files are kept (checked with stat below).
    // Loaded only when a glob is given: it costs start-up time and memory on every other scan.
    const glob = (await import('fast-glob')).default;
    entries = await glob(pattern, { dot: true, onlyFiles: false, followSymbolicLinks: false, suppressErrors: true, unique: true, objectMode: true });
  } catch (err) {
    yield { source: pattern, message: `invalid glob ${pattern}: ${errorText(err)}` };
    return;
  }
  const files: string[] = [];
  for (const e of entries) {
    if (e.dirent.isFile()) files.push(e.path);
    else if (e.dirent.isSymbolicLink() && (await stat(e.path).then((s) => s.isFile(), () => false))) files.push(e.path);
  }
  if (files.length === 0) {
    yield { source: pattern, message: `no files match ${pattern}: check the pattern (quote it so the shell does not expand it)` };
    return;
  }
  for (const path of files.sort()) yield { path, label: path };
}
