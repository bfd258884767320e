// `--year` dates `short` lines only: given for input with none among its streams' first lines, it
// is said (a `year-not-used` warning), never ignored in silence; with `short` lines, nothing is said.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/pipeline/scan.js';

const warnings = async (sources: string[], year: number | null) => {
  const r = await runScan({ sources, filter: { uids: [], since: null, until: null }, year, signal: new AbortController().signal });
  return (r.warnings ?? []).filter((w) => w.kind === 'year-not-used').map((w) => w.message);
};

describe('--year that dates nothing', () => {
  it.each(['fixtures/envelopes/short-iso.log', 'fixtures/envelopes/json.log', 'fixtures/envelopes/export.export', 'fixtures/bundle/bundle-new.zip'])('%s (its lines carry their year): said', async (source) => {
    expect(await warnings([source], 2019)).toEqual([expect.stringMatching(/^--year 2019 was given, but no stream read has a `short` line .* among its first lines or its audit lines/)]);
  });

  it('a `short` log, alone or among others: nothing said', async () => {
    expect(await warnings(['fixtures/envelopes/short.log'], 2019)).toEqual([]);
    expect(await warnings(['fixtures/envelopes/short-iso.log', 'fixtures/envelopes/short-precise.log'], 2019)).toEqual([]);
  });

  it('`short` audit lines after the first 64 lines of another form: dated, nothing said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a2g-year-'));
    try {
      const file = join(dir, 'late-short.log');
      const short = readFileSync('fixtures/envelopes/short.log', 'utf8').split('\n').slice(1).join('\n');
      writeFileSync(file, 'a line of no journal form\n'.repeat(70) + short);
      const r = await runScan({ sources: [file], filter: { uids: [], since: null, until: null }, year: 2019, signal: new AbortController().signal });
      expect(r.findings.length).toBeGreaterThan(0);
      expect((r.warnings ?? []).filter((w) => w.kind === 'year-not-used')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without --year: nothing said', async () => {
    expect(await warnings(['fixtures/envelopes/short-iso.log'], null)).toEqual([]);
  });
});
