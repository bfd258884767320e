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
    // Not "ignores the cursor": the entry's own cursor is missing (review r-session2).
    ['sends entries without a cursor', false, /: a full page of 10 entries ended on one without a readable cursor \(cut, or not the logging API's JSON\): the next page cannot start after it/],
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

describe('dcos:// entries longer than a line may be', () => {
  it('a full page ending on a 9 MiB entry pages on from that entry\'s cursor: the denial after it is read once', async () => {
    const huge = (i: number) => `${JSON.stringify({ fields: { MESSAGE: 'x'.repeat(9 << 20), _SYSTEMD_UNIT: 'dcos-mesos-master.service' }, cursor: `s=ab;i=${i.toString(16)};b=cd;m=10;t=5f;x=99`, monotonic_timestamp: 16, realtime_timestamp: 1715677200123456 + i })}\n`;
    const filler = denial('svc-other', 'dcos:mesos:master:framework:role:other')[0]!;
    const first = `${Array.from({ length: PAGE - 1 }, (_, i) => entryLine(i, filler)).join('')}${huge(PAGE - 1)}`;
    const second = denial('svc-huge', RID).map((l, i) => entryLine(PAGE + i, l)).join('');
    const cursors: Array<string | null> = [];
    fake = await fakeLogCluster((req, res) => {
      const cursor = new URL(req.url ?? '/', 'http://x').searchParams.get('cursor');
      cursors.push(cursor);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(cursor === null ? first : cursor === `s=ab;i=${(PAGE - 1).toString(16)};b=cd;m=10;t=5f;x=99` ? second : '');
    });
    const r = await scanDcos(['dcos://leader'], fake.cluster, { pageSize: PAGE, reconnectBaseMs: 1 }, { uids: ['svc-huge'] });
    expect(r.errors).toEqual([]);
    expect(keys(r)).toEqual([`svc-huge ${RID} create ×1`]);
    expect(cursors).toHaveLength(2);
  }, 20_000);
});
