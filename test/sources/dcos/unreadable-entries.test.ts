// An entry of the logging API that is not valid JSON (cut by a proxy, corrupt) yet holds a denial
// used to vanish: the scan said "no audit lines" and passed --fail-on-findings. It counts as a
// malformed audit line, as the same line in a file does; an event over the size cap counts as cut.
// Real HTTP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { emptyHeadline } from '../../../src/core/findings/verdict.js';
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

const RID = 'dcos:mesos:master:framework:role:bad';
const deny = (uid: string, i: number, rid = RID): string => entryLine(i, denial(uid, rid)[0]!);
/** The entry with its MESSAGE key's colon gone: no JSON, its denial still there to read by eye. */
const broken = (line: string): string => line.replace('"MESSAGE":', '"MESSAGE"');

function scan(sources: string[], follow: boolean, signal = new AbortController().signal, onFinding?: (rid: string) => void) {
  return runScan({
    sources,
    filter: { uids: ['svc-bad'], since: null, until: null },
    year: null,
    signal,
    follow,
    dcos: { cluster: fake!.cluster, reconnectBaseMs: 5 },
    onFinding: (u) => onFinding?.(u.finding.rid),
  });
}

describe('dcos:// entries that are no JSON', () => {
  it('a page of denials that do not parse: malformed audit lines, no verdict, never "no audit lines"', async () => {
    const page = [1, 2, 3].map((i) => broken(deny('svc-bad', i))).join('');
    fake = await fakeLogCluster(firstPageOnly(page));
    const r = await scan(['dcos://leader'], false);
    expect(r.errors).toEqual([]);
    expect(r.stats.malformedLines).toBe(3);
    expect((r.warnings ?? []).map((w) => w.kind)).toContain('untrusted-audit-lines');
    expect((r.warnings ?? []).map((w) => w.kind)).not.toContain('no-audit-lines');
    expect(emptyHeadline(r)).toMatch(/^No verdict: every audit line read was malformed/);
  });

  it('a page whose body ends cleanly on a cut entry: the whole denial is found, the cut one is malformed', async () => {
    const cut = deny('svc-bad', 2, `${RID}2`);
    const page = `${deny('svc-bad', 1)}${cut.slice(0, cut.length - 60)}`;
    fake = await fakeLogCluster(firstPageOnly(page));
    const r = await scan(['dcos://leader'], false);
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => f.rid)).toEqual([RID]);
    expect(r.stats.malformedLines).toBe(1);
  });

  it('on the event stream: an entry that does not parse is malformed, one over the size cap is cut', async () => {
    // Two data lines of 600 KiB: over the 1 MiB an event may hold, each line under the line cap.
    const big = `id: s=ab;i=11;b=cd;m=10;t=5f;x=99\ndata: {"fields":{"MESSAGE":"type=audit ${'x'.repeat(600 << 10)}\ndata: ${'y'.repeat(600 << 10)}"}}\n\n`;
    const event = (line: string, i: number): string => `id: s=ab;i=${i.toString(16)};b=cd;m=10;t=5f;x=99\ndata: ${line.trimEnd()}\n\n`;
    const history = firstPageOnly(deny('svc-other', 1, `${RID}:other`));
    fake = await fakeLogCluster((req, res) => {
      if (!req.url?.includes('/stream/')) return history(req, res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // The last event is a denial that parses: once it is found, the ones before it were read.
      res.write(`${event(broken(deny('svc-bad', 16)), 16)}${big}${event(deny('svc-bad', 18, `${RID}:last`), 18)}`);
    });
    const ac = new AbortController();
    const seen: string[] = [];
    const done = scan(['dcos://leader'], true, ac.signal, (rid) => seen.push(rid));
    await until('the stream\'s last denial', () => seen.includes(`${RID}:last`));
    ac.abort();
    const r = await done;
    expect(r.errors).toEqual([]);
    expect(r.stats.malformedLines).toBe(1);
    expect((r.warnings ?? []).filter((w) => w.kind === 'long-lines-cut').map((w) => w.message.match(/: (\d+) line\(s\)/)?.[1])).toEqual(['1']);
  }, 15_000);
});
