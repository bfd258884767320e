// `unused --since/--until`: the window judged is the one asked. A use, and a host's records, outside
// it count for nothing (docs/usage.md); before, a use 40 days old made a grant "used" in a 30-day window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildUnusedReport } from '../../src/core/usage/index.js';
import { runUsageScan } from '../../src/pipeline/usage.js';
import { runUsageScanOnce } from '../../src/ui/adapters/usage-scan.js';

const DAY = 86_400_000;
const T = Date.UTC(2024, 4, 30, 12, 0, 0);
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d+Z$/, '+0000');
const isoZ = (t: number) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
/** Admin Router's allow of `uid` on `rid`, logged at `t`. */
const allow = (t: number, uid: string, rid: string) =>
  `${iso(t)} master-1 nginx[1240]: 2024/05/14 09:00:00 [notice] 1240#0: *7 [lua] ee.lua:57: auditlog(): type=audit timestamp=${isoZ(t)} authorizer=adminrouter object=${rid} action=full result=allow reason="Bouncer PQ response" srcip=10.0.4.21 srcport=40312 request_uri=/x uid=${uid}, client: 10.0.4.21, server: master.mesos, request: "GET /x HTTP/1.1", host: "10.0.0.1"`;

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-usage-window-'));
  file = join(dir, 'm.log');
  const lines = [allow(T - 40 * DAY, 'svc', 'dcos:adminrouter:ops:old')];
  // Another account's records every day of the last 30: the host is read throughout.
  for (let d = 30; d >= 0; d--) lines.push(allow(T - d * DAY, 'other', 'dcos:adminrouter:ops:mesos'));
  lines.push(allow(T - 2 * DAY, 'svc', 'dcos:adminrouter:ops:recent'));
  writeFileSync(file, `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const usage = (since: number | null, until: number | null) =>
  runUsageScan('svc', { sources: [file], filter: { uids: [], since, until }, year: 2024, signal: new AbortController().signal });

describe('the usage scan keeps to --since/--until', () => {
  it('a use before --since, or after --until, is no use; the host window stays inside', async () => {
    const all = await usage(null, null);
    expect(all.uses.map((u) => u.rid).sort()).toEqual(['dcos:adminrouter:ops:old', 'dcos:adminrouter:ops:recent']);
    const since = T - 30 * DAY;
    const r = await usage(since, null);
    expect(r.uses.map((u) => u.rid)).toEqual(['dcos:adminrouter:ops:recent']);
    expect(r.windows.map((w) => [w.host, w.first, w.last])).toEqual([['master-1', since, T]]);
    const until = T - 5 * DAY;
    const u = await usage(since, until);
    expect(u.uses).toEqual([]);
    expect(u.windows.map((w) => [w.first, w.last])).toEqual([[since, until]]);
  });
});

describe("the loop's held-not-used list keeps to the loop's --since", () => {
  it('its usage scan says the window asked, and the report judges from there, up to its time', async () => {
    const since = T - 30 * DAY;
    const s = await runUsageScanOnce('svc', { sources: [file], filter: { uids: [], since, until: null }, year: 2024 }, new AbortController().signal);
    expect(s.asked).toEqual({ since, until: null });
    const made = T + DAY / 2;
    const rep = buildUnusedReport({ uid: 'svc', cluster: null, made, held: [], uses: s.uses, windows: s.windows, stats: s.stats, errors: s.errors, asked: s.asked });
    expect(rep.coverage).toMatchObject({ since, until: made, windowMs: made - since, gaps: [] });
  });
});
