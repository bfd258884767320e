// Reading an element a test expects to be there. With noUncheckedIndexedAccess, `xs[0]` may be
// undefined: these throw an error naming what was missing, so a test fails on the cause rather than
// on `cannot read properties of undefined` a few lines later.

/** Element `i` of `xs` (negative counts from the end). */
export function nth<T>(xs: readonly T[], i: number, what = 'item'): T {
  const x = xs.at(i);
  if (x === undefined) throw new Error(`expected ${what} ${i} of ${xs.length}`);
  return x;
}

/** `x`, which the test expects to be there (not undefined or null). */
export function defined<T>(x: T | null | undefined, what = 'value'): T {
  if (x === undefined || x === null) throw new Error(`expected ${what}, got ${String(x)}`);
  return x;
}
