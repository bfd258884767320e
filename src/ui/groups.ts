// Pairs grouped by account for the dialogs and the results: every account is named (its title line
// is never dropped), and when the lines do not fit, the longest groups give up items first, each cut
// group saying how many more it has.

export interface Group<T> {
  uid: string;
  items: T[];
}

/** Groups in the order each account first appears. */
export function byAccount<T extends { uid: string }>(items: readonly T[]): Group<T>[] {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const g = m.get(it.uid);
    if (g) g.push(it);
    else m.set(it.uid, [it]);
  }
  return [...m].map(([uid, list]) => ({ uid, items: list }));
}

export type GroupLine<T> =
  | { kind: 'title'; uid: string; count: number }
  | { kind: 'item'; uid: string; item: T }
  | { kind: 'more'; uid: string; n: number };

/**
 * At most `budget` lines, every title included even past the budget: no account goes unnamed (the
 * titles carry the counts). Groups showing most items give up items first; a cut group says how
 * many more it has while there is room for that line.
 */
export function fitGroups<T>(groups: readonly Group<T>[], budget: number): GroupLine<T>[] {
  const shown = groups.map((g) => g.items.length);
  let more = true;
  // Both arrays have one cell per group: an index from either is in range.
  const shownAt = (i: number): number => shown[i] ?? 0;
  const cut = (i: number) => shownAt(i) < (groups[i]?.items.length ?? 0);
  const lines = () => groups.length + shown.reduce((a, b) => a + b, 0) + (more ? groups.filter((_, i) => cut(i)).length : 0);
  while (lines() > budget) {
    // A cut that saves a line: one item from a group already cut, or two from a whole one.
    let best = -1;
    for (let i = 0; i < groups.length; i++) {
      const saves = more && !cut(i) ? shownAt(i) >= 2 : shownAt(i) >= 1;
      if (saves && (best < 0 || shownAt(i) > shownAt(best))) best = i;
    }
    if (best >= 0) shown[best] = shownAt(best) - (more && !cut(best) ? 2 : 1);
    else if (more) more = false; // no room even for the "more" lines: the titles' counts say it
    else break;
  }
  const out: GroupLine<T>[] = [];
  groups.forEach((g, i) => {
    out.push({ kind: 'title', uid: g.uid, count: g.items.length });
    for (const item of g.items.slice(0, shown[i])) out.push({ kind: 'item', uid: g.uid, item });
    if (more && cut(i)) out.push({ kind: 'more', uid: g.uid, n: g.items.length - shownAt(i) });
  });
  return out;
}

/** "cassandra-sa" / "2 accounts: cassandra-sa, kafka-sa". */
export function accountsText(uids: readonly string[]): string {
  const [only] = uids;
  if (only !== undefined && uids.length === 1) return only;
  return `${uids.length} accounts: ${uids.join(', ')}`;
}
