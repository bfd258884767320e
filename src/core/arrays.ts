// Loops over data-sized arrays. A spread (`Math.max(...xs)`, `out.push(...xs)`) passes every item as
// an argument on the stack: past ~100k items it throws "RangeError: Maximum call stack size exceeded".

/** The largest of `of(item)` over items, at least `floor` (the floor for an empty list). */
export function maxOf<T>(items: readonly T[], of: (item: T) => number, floor = -Infinity): number {
  let m = floor;
  for (const item of items) {
    const v = of(item);
    if (v > m) m = v;
  }
  return m;
}

/** Appends every item to target (in place), whatever their number. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
