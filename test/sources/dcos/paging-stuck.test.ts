// A logging API that does not page past the cursor (a proxy dropping the parameter, entries
// without cursors) over a real HTTP server: the node fails once, saying why, instead of asking
// for the same page forever and counting its denials again each time (docs/logging-api.md).
import { afterEach, describe, expect, it } from 'vitest';
import { entryLine, fakeLogCluster, type FakeLogCluster } from './fake-cluster.js';
import { denial, keys, scanDcos } from './helpers.js';

let fake: FakeLogCluster | null = null;
afterEach(async () => {
  await fake?.server.close();
  fake = null;
});

const PAGE = 10;
const RID = 'dcos:mesos:master:framework:role:stuck';

/** A full page: one denial, then filler entries up to the page size. */
function firstPage(withCursor: boolean): string {
  const lines = [...denial('svc-stuck', RID)];
  while (lines.length < PAGE) lines.push(denial('svc-other', 'dcos:mesos:master:framework:role:other')[0]!);
  return lines
    .slice(0, PAGE)
    .map((l, i) => {
      const line = entryLine(i, l);
      if (withCursor) return line;
      const e = JSON.parse(line) as { cursor?: string };
      delete e.cursor;
      return `${JSON.stringify(e)}\n`;
    })
    .join('');
}

describe('dcos:// paging that does not move past the cursor', () => {
  it.each([
    ['ignores the cursor (always the first page)', true, /does not page past the read position \(it answered with entries already read\)/],
    ['sends entries without a cursor', false, /does not page past the read position \(a full page of 10 entries ended on one without a cursor\)/],
  ])('a server that %s: the node fails once, each denial counted once', async (_what, withCursor, why) => {
    const page = firstPage(withCursor);
    let ranges = 0;
    fake = await fakeLogCluster((req, res) => {
      if (req.url?.includes('/range/')) ranges++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(page);
    });
    const r = await scanDcos(['dcos://leader'], fake.cluster, { pageSize: PAGE, reconnectBaseMs: 1 }, { uids: ['svc-stuck'] });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(why);
    expect(r.errors[0]?.message).toMatch(/^dcos:\/\/leader: .*read that node over SSH/);
    expect(keys(r)).toEqual([`svc-stuck ${RID} create ×1`]);
    expect(ranges).toBe(withCursor ? 2 : 1);
  }, 20_000);
});
