// Pairs grouped by account for the questions and the results, each account named once. (The
// questions list every pair and scroll: dialog-view.ts; nothing is cut to fit any more.)

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

/** "cassandra-sa" / "2 accounts: cassandra-sa, kafka-sa". */
export function accountsText(uids: readonly string[]): string {
  const [only] = uids;
  if (only !== undefined && uids.length === 1) return only;
  return `${uids.length} accounts: ${uids.join(', ')}`;
}
