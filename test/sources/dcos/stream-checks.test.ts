// The event stream of --follow, from a server that misbehaves (real HTTP on 127.0.0.1): a stream
// that is not Server-Sent Events fails the node, saying so, instead of being followed for ever
// with nothing found; a server that ignores Last-Event-ID and sends the journal again on each
// reconnect has the entries already handed on skipped, so each denial counts once.
import { afterEach, describe, expect, it } from 'vitest';
import { runScan } from '../../../src/pipeline/scan.js';
import { untilWith } from '../../helpers/wait.js';
import { entryLine, fakeLogCluster, firstPageOnly, type FakeLogCluster } from './fake-cluster.js';
import { denial } from './helpers.js';

const until = untilWith({ timeoutMs: 8_000, intervalMs: 10 });

let fake: FakeLogCluster | null = null;
afterEach(async () => {
  await fake?.server.close();
  fake = null;
});

const RID = 'dcos:mesos:master:framework:role:live';
const deny = (i: number): string => entryLine(i, denial('svc-live', `${RID}${i}`)[0]!);
const event = (i: number): string => `id: ${JSON.parse(deny(i)).cursor as string}\ndata: ${deny(i).trimEnd()}\n\n`;

/** Entries 1-3 on the first range page, nothing after its cursor. */
const history = firstPageOnly([1, 2, 3].map(deny).join(''));

/** Follows dcos://leader until `stop()` holds (or 4 s at most: a stream followed for ever), then ends the run. */
async function follow(stop: () => boolean) {
  const ac = new AbortController();
  const counts = new Map<string, number>();
  const done = runScan({
    sources: ['dcos://leader'],
    filter: { uids: ['svc-live'], since: null, until: null },
    year: null,
    signal: ac.signal,
    follow: true,
    dcos: { cluster: fake!.cluster, reconnectBaseMs: 5 },
    onFinding: (u) => counts.set(u.finding.rid, u.finding.count),
  });
  let ended = false;
  void done.finally(() => (ended = true));
  await until('the run to end or the condition', () => ended || stop(), 4_000).catch(() => undefined);
  ac.abort();
  return { r: await done, counts, endedByItself: ended };
}

describe('dcos:// --follow: a stream that is not Server-Sent Events', () => {
  it.each([
    ['NDJSON with its content type', 'application/json', /answered with content type application\/json, not Server-Sent Events/],
    ['NDJSON sent as text/event-stream', 'text/event-stream', /answered with text \(\{"fields":.*\), not Server-Sent Events/],
  ])('%s: the node fails, saying so; the run ends by itself', async (_what, type, want) => {
    fake = await fakeLogCluster((req, res) => {
      if (!req.url?.includes('/stream/')) return history(req, res);
      res.writeHead(200, { 'content-type': type });
      res.write(deny(4));
    });
    const { r, counts, endedByItself } = await follow(() => false);
    expect(endedByItself).toBe(true);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/^dcos:\/\/leader: the logging API's event stream \(--follow\) /);
    expect(r.errors[0]?.message).toMatch(want);
    // The history was read; nothing of the stream that is no event stream.
    expect([...counts.keys()].sort()).toEqual([1, 2, 3].map((i) => `${RID}${i}`));
  }, 10_000);
});

describe('dcos:// --follow: a server that ignores Last-Event-ID', () => {
  it('sends the journal again on each reconnect: the entries already handed on are skipped, each denial counts once', async () => {
    const lastEventIds: Array<string | undefined> = [];
    fake = await fakeLogCluster((req, res) => {
      if (!req.url?.includes('/stream/')) return history(req, res);
      lastEventIds.push(req.headers['last-event-id'] as string | undefined);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // From the journal's start, one new entry, then the connection drops (once those bytes are out:
      // the client reads them before the end).
      res.write([1, 2, 3, 4].map(event).join(''), () => res.destroy());
    });
    const { r, counts } = await follow(() => lastEventIds.length >= 4);
    expect(lastEventIds.length).toBeGreaterThanOrEqual(4);
    expect(lastEventIds[0]).toMatch(/;i=3;/);
    expect(lastEventIds.slice(1).every((id) => id?.includes(';i=4;'))).toBe(true);
    expect(r.errors).toEqual([]);
    expect([...counts].sort()).toEqual([1, 2, 3, 4].map((i) => [`${RID}${i}`, 1]));
  }, 10_000);

  it('a replay that starts in an older journal: its entry does not make the newer journal\'s entries look new', async () => {
    // An entry of an older journal file (another seqnum id), then the entries read already, again on each reconnect.
    const older = (i: number): string => event(i).replaceAll('s=ab;', 's=aa;');
    let connections = 0;
    fake = await fakeLogCluster((req, res) => {
      if (!req.url?.includes('/stream/')) return history(req, res);
      connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write([older(7), ...[1, 2, 3].map(event)].join(''), () => res.destroy());
    });
    const { r, counts } = await follow(() => connections >= 4);
    expect(connections).toBeGreaterThanOrEqual(4);
    expect(r.errors).toEqual([]);
    expect([...counts].sort()).toEqual([1, 2, 3, 7].map((i) => [`${RID}${i}`, 1]));
  }, 10_000);

  it('a journal read only by the range pages (before the stream): its replayed entries are skipped too', async () => {
    // The history ends in the newer journal (s=ab) after an entry of the older one (s=aa); the stream
    // sends both again on each connection, then one new entry.
    const older = (line: string): string => line.replaceAll('s=ab;', 's=aa;');
    const page = firstPageOnly([older(deny(7)), ...[1, 2, 3].map(deny)].join(''));
    let connections = 0;
    fake = await fakeLogCluster((req, res) => {
      if (!req.url?.includes('/stream/')) return page(req, res);
      connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write([older(event(7)), ...[1, 2, 3, 4].map(event)].join(''), () => res.destroy());
    });
    const { r, counts } = await follow(() => connections >= 3);
    expect(connections).toBeGreaterThanOrEqual(3);
    expect(r.errors).toEqual([]);
    expect([...counts].sort()).toEqual([1, 2, 3, 4, 7].map((i) => [`${RID}${i}`, 1]));
  }, 10_000);
});
