// `short` lines (no year) across New Year: dated up to the file's mtime, or from --year's first line on.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runScan, type ScanRunOptions } from '../../src/pipeline/scan.js';
import type { ScanFilter } from '../../src/core/types.js';

const deny = (stamp: string, name: string, result = 'deny') =>
  `${stamp} master-1 secrets.sh[4700]: type=audit authorizer=secrets object=dcos:secrets:default:/${name} action=read result=${result} uid=gen-sa`;
const NEW_YEAR = [
  deny('Dec 31 23:58:00', 'd1'),
  deny('Dec 31 23:59:59', 'd2'),
  deny('Jan 01 00:00:01', 'j1'),
  deny('Jan 01 00:30:00', 'j2'),
].join('\n') + '\n';
const WANT = {
  '/d1': '2024-12-31T23:58:00.000Z',
  '/d2': '2024-12-31T23:59:59.000Z',
  '/j1': '2025-01-01T00:00:01.000Z',
  '/j2': '2025-01-01T00:30:00.000Z',
};
const all: ScanFilter = { uids: [], since: null, until: null };
let dir: string;

const seen = async (o: Partial<ScanRunOptions> & Pick<ScanRunOptions, 'sources'>) => {
  const r = await runScan({ filter: all, year: null, signal: new AbortController().signal, ...o });
  return Object.fromEntries(r.findings.map((f) => [f.rid.slice('dcos:secrets:default:'.length), f.firstSeen === null ? null : new Date(f.firstSeen).toISOString()]));
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'a2g-short-year-'));
  await writeFile(join(dir, 'new-year.log'), NEW_YEAR);
  const written = new Date('2025-01-02T10:00:00Z');
  await utimes(join(dir, 'new-year.log'), written, written);
  // The first line is December's but no audit line: the year is still that line's.
  await writeFile(join(dir, 'quiet-december.log'), [
    '-- Logs begin at Tue 2024-12-31 23:00:00 UTC, end at Wed 2025-01-01 00:30:00 UTC. --',
    'Dec 31 23:00:00 master-1 systemd[1]: Started dcos-checks-poststart.service.',
    deny('Jan 01 00:00:01', 'j1'),
  ].join('\n') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('short lines across New Year', () => {
  it('without --year, no line is dated after the file was written: December is the year before', async () => {
    expect(await seen({ sources: [join(dir, 'new-year.log')] })).toEqual(WANT);
  });

  it('unused places the lines (loggedAt) on the same dates', async () => {
    const logged: number[] = [];
    await runScan({ sources: [join(dir, 'new-year.log')], filter: all, year: null, signal: new AbortController().signal, mode: 'usage',
      onEvent: (ev) => { if ('loggedAt' in ev && typeof ev.loggedAt === 'number') logged.push(ev.loggedAt); } });
    expect(logged.map((t) => new Date(t).toISOString()).sort()).toEqual(Object.values(WANT).sort());
  });

  it('stdin has no mtime: the time it is read bounds the dates', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-02T10:00:00Z'));
    expect(await seen({ sources: ['-'], stdin: Readable.from([Buffer.from(NEW_YEAR)]) })).toEqual(WANT);
  });

  it('--year is the year of the first line; the lines after New Year are in the next, and a window across it keeps them all', async () => {
    const window: ScanFilter = { uids: [], since: Date.parse('2024-12-31T23:00:00Z'), until: Date.parse('2025-01-01T01:00:00Z') };
    expect(await seen({ sources: [join(dir, 'new-year.log')], year: 2024, filter: window })).toEqual(WANT);
    expect(await seen({ sources: [join(dir, 'quiet-december.log')], year: 2024 })).toEqual({ '/j1': WANT['/j1'] });
  });
});
