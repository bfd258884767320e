// The findings list's cursor is a finding, not a row number: rows change under it (a grant sorts
// the granted ones apart, the live scan inserts new ones, the filter hides some), and a cursor kept
// as an index silently lands on another finding, which the next `space` or `g` then acts on.
// The screen state holds the finding's key (`at`) and the row it was last put on (`index`); the row
// shown is derived from the rows at hand, by the render and by the key handler alike, with no
// effect that moves it afterwards. Pure functions, so the rules are tested without a terminal.

export interface CursorAt {
  /** The finding's key (keyOf); null before the operator has put the cursor anywhere. */
  at: string | null;
  /** The row it was on when last put there: where it shows while its finding is not among the rows. */
  index: number;
}

interface Keyed {
  readonly key: string;
}

const clamp = (i: number, n: number): number => (n ? Math.max(0, Math.min(i, n - 1)) : 0);

/**
 * The row the cursor shows on: its finding's, or, while that finding is not among `rows`, the row
 * now at its last index (the one below it moved up into its place; the last row when it was last).
 */
export function cursorIndex(rows: readonly Keyed[], c: CursorAt): number {
  if (c.at !== null) {
    const i = rows.findIndex((r) => r.key === c.at);
    if (i >= 0) return i;
  }
  return clamp(c.index, rows.length);
}

/** The cursor on the row it shows on, `by` rows further (↑↓, PgUp/PgDn), within `rows`. */
export function stepCursor(rows: readonly Keyed[], c: CursorAt, by: number): CursorAt {
  if (!rows.length) return c;
  const i = clamp(cursorIndex(rows, c) + by, rows.length);
  return { at: rows[i]?.key ?? null, index: i };
}

/**
 * The cursor once the rows go from `before` (what is shown) to `after` (the filter changed): on the
 * finding it shows on if that is still there; else on the nearest row below it in `before` that
 * is still there, else the nearest above. With nothing shown (the filter matched nothing) it keeps
 * its finding, to find it again when the filter is erased.
 */
export function followCursor(before: readonly Keyed[], after: readonly Keyed[], c: CursorAt): CursorAt {
  const from = before.length ? cursorIndex(before, c) : -1;
  const shown = from >= 0 ? (before[from]?.key ?? null) : c.at;
  if (!after.length) return { at: shown, index: 0 };
  const where = new Map(after.map((r, i) => [r.key, i]));
  const here = shown === null ? undefined : where.get(shown);
  if (here !== undefined) return { at: shown, index: here };
  if (from < 0) return { at: c.at, index: clamp(c.index, after.length) };
  for (const step of [1, -1]) {
    for (let i = from + step; i >= 0 && i < before.length; i += step) {
      const key = before[i]?.key;
      const j = key === undefined ? undefined : where.get(key);
      if (key !== undefined && j !== undefined) return { at: key, index: j };
    }
  }
  // None of the rows shown is left: the row now in its place.
  const i = clamp(from, after.length);
  return { at: after[i]?.key ?? null, index: i };
}
