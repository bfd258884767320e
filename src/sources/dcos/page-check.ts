// Whether a range page moved past the cursor it was asked to start after (docs/logging-api.md,
// "Paging by cursor"). A server or proxy that drops the cursor parameter answers every request with
// the journal's first page: read on, the scan would never end and count its entries again on every
// request. journald cursors (`s=<seqnum id>;i=<seqnum>;…`, hex) of one journal order by `i`.

export function part(cursor: string, key: string): string | null {
  for (const p of cursor.split(';')) if (p.startsWith(`${key}=`)) return p.slice(key.length + 1);
  return null;
}

/**
 * Is the entry at `cursor` the one at `sent` or before it, in the same journal? Such an entry was
 * already read: the server did not start after `sent`. Cursors of other journals (another seqnum
 * id) or of another shape only count when equal.
 */
export function atOrBefore(cursor: string, sent: string): boolean {
  if (cursor === sent) return true;
  const s = part(cursor, 's');
  const i = part(cursor, 'i');
  const sentI = part(sent, 'i');
  if (s === null || s !== part(sent, 's') || !i || !sentI || !/^[0-9a-fA-F]{1,16}$/.test(i) || !/^[0-9a-fA-F]{1,16}$/.test(sentI)) return false;
  return BigInt(`0x${i}`) <= BigInt(`0x${sentI}`);
}

/** The node's error when a page did not move past the read position. */
export function stuckMessage(label: string, why: string): string {
  return (
    `${label}: the logging API does not page past the read position (${why}): something between here and the node ` +
    `(a proxy, an older dcos-log) ignores the cursor parameter; stopped reading it so that no entry is counted twice; ` +
    `read that node over SSH (ssh://…)`
  );
}

/** The node's error when a full page ended on an entry whose own cursor is missing (cut off, or broken): not a server ignoring the cursor. */
export function noCursorMessage(label: string, lines: number): string {
  return (
    `${label}: a full page of ${lines} entries ended on one without a readable cursor (cut, or not the logging API's JSON): ` +
    `the next page cannot start after it, so that node was not read further; read that node over SSH (ssh://…)`
  );
}
