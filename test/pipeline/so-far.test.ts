// runScan before its end (the loop's view): a source read only in part is a warning at once
// (onWarning), and a following scan says, each time it settles, what the verdict's rules make of
// what it read so far (onSettled): the same kinds the result would carry.
import { describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ScanFilter, ScanWarning } from '../../src/core/types.js';
import { runScan, type ScanSoFar } from '../../src/pipeline/scan.js';
import { ar, mesos, plain } from './lines.js';
import { scratch } from '../helpers/tmp.js';
import { untilWith } from '../helpers/wait.js';
import { utf32le } from '../helpers/silent.js';

const { tmp, ac } = scratch('a2g-sofar-');
const until = untilWith({ timeoutMs: 5000 });
const all: ScanFilter = { uids: [], since: null, until: null };
/** A Mesos deny cut before its result (a logger's length limit): malformed. */
const cut = (): string => mesos('svc2').replace(/result=deny.*$/, 'result=');
const kinds = (ws: readonly ScanWarning[] | undefined): string[] => (ws ?? []).map((w) => w.kind);

function follow(sources: string[]) {
  const c = ac();
  const settles: ScanSoFar[] = [];
  const result = runScan({ sources, filter: all, year: null, signal: c.signal, follow: true, followPollMs: 20, onSettled: (s) => settles.push(s) });
  return { c, result, settles, last: () => settles.at(-1) };
}

describe('runScan: what was read so far', () => {
  it('a followed file of malformed audit lines settles as untrusted-audit-lines; a good line then clears it', async () => {
    const f = join(tmp(), 'j.log');
    writeFileSync(f, [plain(1), cut(), cut(), ''].join('\n'));
    const s = follow([f]);
    const first = await until('a settle', () => s.last());
    expect(kinds(first.warnings)).toEqual(['untrusted-audit-lines']);
    expect(first.stats.malformedLines).toBe(2);
    appendFileSync(f, `${ar({ uid: 'svc1' })}\n`);
    // The next quiet spell settles again, with the deny counted: no warning left.
    await until('a settle without warnings', () => s.last()?.warnings?.length === 0 && s.last());
    expect(s.last()?.stats.denyLines).toBe(1);
    s.c.abort();
    const r = await s.result;
    expect(kinds(r.warnings)).toEqual([]);
  });

  it('a source that ends beside a followed one is judged too: an empty followed file names itself', async () => {
    const d = tmp();
    const empty = join(d, 'empty.log');
    const z = join(d, 'z.log.gz');
    writeFileSync(empty, '');
    writeFileSync(z, gzipSync(`${plain(1)}\n${ar({ uid: 'svc1', result: 'allow' })}\n`));
    const s = follow([z, empty]);
    const first = await until('a settle', () => s.last());
    expect(first.warnings).toEqual([expect.objectContaining({ kind: 'no-journal-output', source: empty })]);
    expect(first.stats.allowLines).toBe(1);
    s.c.abort();
    await s.result;
  });

  it('a followed UTF-32 file settles as no journal output, named', async () => {
    const f = join(tmp(), 'utf32.log');
    writeFileSync(f, utf32le(`${plain(1)}\n${mesos('svc2')}\n`));
    const s = follow([f]);
    const first = await until('a settle', () => s.last());
    expect(first.warnings).toEqual([expect.objectContaining({ kind: 'no-journal-output', source: f, message: expect.stringContaining('holds binary, encoded or compressed data of no known form (UTF-32') })]);
    s.c.abort();
    await s.result;
  });

  it('never settles without live sources: the result says it all', async () => {
    const f = join(tmp(), 'j.log');
    writeFileSync(f, [plain(1), cut(), ''].join('\n'));
    const settles: ScanSoFar[] = [];
    const r = await runScan({ sources: [f], filter: all, year: null, signal: ac().signal, onSettled: (x) => settles.push(x) });
    expect(settles).toEqual([]);
    expect(kinds(r.warnings)).toEqual(['untrusted-audit-lines']);
  });

  it('bytes after the gzip data are a warning before the scan ends', async () => {
    const z = join(tmp(), 'z.log.gz');
    writeFileSync(z, Buffer.concat([gzipSync(`${ar({ uid: 'svc1' })}\n`), Buffer.from('garbage')]));
    const seen: ScanWarning[] = [];
    const r = await runScan({ sources: [z], filter: all, year: null, signal: ac().signal, onWarning: (w) => seen.push(w) });
    expect(kinds(seen)).toEqual(['gzip-trailing-bytes']);
    expect(r.warnings).toEqual(seen);
  });
});
