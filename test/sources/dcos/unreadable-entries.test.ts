// An entry of the logging API that is not valid JSON (cut by a proxy, corrupt) yet holds a denial
// used to vanish: the scan said "no audit lines" and passed --fail-on-findings. It counts as a
// malformed audit line, as the same line in a file does.
// Real HTTP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { emptyHeadline } from '../../../src/core/findings/verdict.js';
import { runScan } from '../../../src/pipeline/scan.js';
import { entryLine, fakeLogCluster, firstPageOnly, type FakeLogCluster } from './fake-cluster.js';
import { denial } from './helpers.js';

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
});
