// A full collection of V8's, for the scanner's long lines (core/scanner/long-garbage.ts says why
// and what it measured). V8 exposes `gc` only behind a flag, which is set on first use.

let gc: (() => void) | null | undefined;

function exposed(): (() => void) | null {
  try {
    process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
    const fn: unknown = process.getBuiltinModule('node:vm').runInNewContext('gc');
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null; // no way to ask: V8 collects as it would anyway
  }
}

/** Collect, and say the heap's bytes in use after (0 when V8 could not be asked). */
export function collectGarbage(): number {
  if (gc === undefined) gc = exposed(); // once: null when it cannot be had
  if (!gc) return 0;
  gc();
  return process.getBuiltinModule('node:v8').getHeapStatistics().used_heap_size;
}
