// Per-test scratch space: temp dirs and AbortControllers made during a test are aborted, then
// removed, after it (aborted first so followers stop before their files go).
import { afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Scratch {
  /** A new temp dir under the OS temp dir, named `${prefix}XXXXXX`. */
  tmp(): string;
  /** A new AbortController, aborted after the test. */
  ac(): AbortController;
}

/** Call at module level of a test file: registers the afterEach cleanup. */
export function scratch(prefix: string): Scratch {
  const dirs: string[] = [];
  const controllers: AbortController[] = [];
  afterEach(() => {
    for (const c of controllers.splice(0)) c.abort();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    tmp() {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
    ac() {
      const c = new AbortController();
      controllers.push(c);
      return c;
    },
  };
}
