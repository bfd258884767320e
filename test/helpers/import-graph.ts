// The import graph of src/, as the layering test reads it: every relative specifier of every file
// (static imports, `export … from`, `import type`, dynamic `import()`), found by TypeScript's own
// pre-processor (no regex over code) and resolved to the file it names.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import fg from 'fast-glob';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, relative to the repository root (`src/sources/dcos/connect.ts`). */
  from: string;
  /** Imported file, relative to the repository root, `.js` read as the `.ts`/`.tsx` source. */
  to: string;
  /** As written. */
  specifier: string;
}

export interface SourceFile {
  path: string;
  text: string;
}

/** Every `.ts`/`.tsx` file under `src/` of `root`. */
export function readSources(root: string): SourceFile[] {
  return fg.sync('src/**/*.{ts,tsx}', { cwd: root }).sort().map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

/** `./x.js` from `src/a/b.ts` → `src/a/x.ts` (or `.tsx`, or `x/index.ts`), as the compiler resolves it. */
export function resolveSpecifier(from: string, specifier: string, exists: (p: string) => boolean): string {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, base, `${base}/index.ts`]) if (exists(c)) return c;
  return base;
}

/** The relative imports of `files` (package imports such as `ssh2` or `node:fs` are not part of the layering). */
export function importEdges(files: readonly SourceFile[], exists?: (p: string) => boolean): ImportEdge[] {
  const known = new Set(files.map((f) => f.path));
  const has = exists ?? ((p: string) => known.has(p));
  const edges: ImportEdge[] = [];
  for (const f of files) {
    const info = ts.preProcessFile(f.text, true, true);
    for (const i of info.importedFiles) {
      if (!i.fileName.startsWith('.')) continue;
      edges.push({ from: f.path, to: resolveSpecifier(f.path, i.fileName, has), specifier: i.fileName });
    }
  }
  return edges;
}

/** For files on disk under `root`. */
export function existsUnder(root: string): (p: string) => boolean {
  return (p) => existsSync(join(root, p));
}

/** `src/sources/dcos/open.ts` → `sources`; a file directly in src/ is its own layer (`errors.ts`); null outside src/. */
export function layerOf(path: string): string | null {
  const parts = path.split('/');
  return parts[0] === 'src' && parts.length >= 2 ? parts[1]! : null;
}
