// Hostile diagnostics bundles, real archives written byte by byte (zip-bytes.ts) and read through
// yauzl: zip bombs are refused before anything is decompressed, unsafe names skip only their entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, createDeflateRaw, gzipSync } from 'node:zlib';
import { collect, progressLog, tempDir } from './helpers.js';
import { expansionLimit, findOverlap, MAX_ENTRIES, MAX_RATIO, RATIO_FLOOR } from '../../src/sources/bundle-check.js';
import { overlapBomb, withZip64EntryCount, zipBytes } from './zip-bytes.js';
import { nth } from '../helpers/nth.js';

const NEW = '2020-03-15 10:23:45.123456 +0000 UTC type=audit result=deny uid=svc\n';
const GOOD = '10.0.0.1_master/dcos-mesos-master.service';

/** `mib` MiB of zeros, deflated as it streams (never held whole): a real bomb kernel. */
async function zerosDeflated(mib: number): Promise<{ data: Buffer; size: number; crc: number }> {
  const d = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => d.on('end', r));
  const mb = Buffer.alloc(1 << 20);
  let crc = 0;
  for (let i = 0; i < mib; i++) {
    crc = crc32(mb, crc);
    if (!d.write(mb)) await new Promise((r) => d.once('drain', r));
  }
  d.end();
  await done;
  return { data: Buffer.concat(out), size: mib << 20, crc };
}

describe('hostile bundles', () => {
  const t = tempDir();
  const at = (name: string) => join(t.dir, name);
  beforeAll(async () => {
    writeFileSync(
      at('unsafe-names.zip'),
      zipBytes([
        { name: '../10.0.0.9_master/dcos-evil.service', content: NEW },
        { name: GOOD, content: NEW },
        { name: '10.0.0.2_agent/../../../etc/dcos-up.service', content: NEW },
        { name: '/etc/10.0.0.3_master/dcos-abs.service', content: NEW },
        { name: '..\\10.0.0.4_master\\dcos-bs.service', content: NEW },
        { name: '10.0.0.5_master/dcos-\x1b[2Jx.service', content: NEW },
      ]),
    );
    writeFileSync(at('only-unsafe.zip'), zipBytes([{ name: '../10.0.0.9_master/dcos-evil.service', content: NEW }]));
    const names = Array.from({ length: 200 }, (_, i) => `10.0.0.${i % 250}_master/dcos-unit-${i}.service`);
    // every record on the kernel's local header (the classic "full overlap")
    writeFileSync(at('overlap-full.zip'), overlapBomb({ name: GOOD, content: NEW.repeat(5000) }, names));
    // the second record starts inside the first one's data (as the quoted-overlap construction does)
    writeFileSync(at('overlap-inside.zip'), overlapBomb({ name: GOOD, content: NEW.repeat(5000) }, names.slice(0, 2), (i) => i * (30 + GOOD.length + 5)));
    const kernel = await zerosDeflated(300);
    writeFileSync(at('ratio.zip'), zipBytes([{ name: GOOD, raw: kernel }]));
    writeFileSync(at('lying-size.zip'), zipBytes([{ name: GOOD, content: NEW.repeat(100), declaredSize: NEW.length }]));
    writeFileSync(at('many-entries.zip'), withZip64EntryCount(zipBytes([{ name: GOOD, content: NEW }]), MAX_ENTRIES + 1));
    // a highly repetitive but small bundle: under the floor, read
    writeFileSync(at('repetitive.zip'), zipBytes([{ name: GOOD, content: NEW.repeat(20_000) }]));
  }, 60_000);
  afterAll(() => t.cleanup());

  it('skips entries whose names leave the bundle, with one counted line, and reads the others', async () => {
    const z = at('unsafe-names.zip');
    const got = await collect([z]);
    expect(got.map((g) => [g.kind, g.label])).toEqual([
      ['stream', `${z}!${GOOD}`],
      ['stream', `${z}!10.0.0.5_master/dcos-\\x1b[2Jx.service`], // control characters escaped in labels
      ['error', z],
    ]);
    expect(got[0]?.text).toBe(NEW);
    expect(got[2]?.message).toBe(
      `bundle ${z}: skipped 4 entries whose names would leave the bundle (absolute, or with ..), e.g. "../10.0.0.9_master/dcos-evil.service"; the other entries were read`,
    );
    const only = await collect([at('only-unsafe.zip')]);
    expect(only.map((g) => g.message)).toEqual([expect.stringMatching(/skipped 1 entry whose name would leave the bundle/), expect.stringMatching(/^no unit logs in bundle/)]);
  });

  it.each([['overlap-full.zip'], ['overlap-inside.zip']])('refuses %s (entries sharing bytes) in one line, before decompressing anything', async (file) => {
    const p = progressLog();
    const got = await collect([at(file)], { onProgress: p.onProgress });
    expect(got).toEqual([
      {
        kind: 'error',
        label: at(file),
        message: expect.stringMatching(/^refusing bundle .*: entries "10\.0\.0\.\d+_master\/dcos-unit-\d+\.service" and "10\.0\.0\.\d+_master\/dcos-unit-\d+\.service" share bytes of the archive, the mark of a zip bomb/),
      },
    ]);
    expect(nth(got, 0).message).not.toContain('\n');
    expect(p.log.filter((l) => l.label.includes('!'))).toEqual([]); // no entry was opened
  });

  it('refuses a bundle whose unit logs would expand past the ratio, before decompressing anything', async () => {
    const t0 = performance.now();
    const got = await collect([at('ratio.zip')]);
    expect(got).toEqual([
      { kind: 'error', label: at('ratio.zip'), message: expect.stringMatching(/^refusing bundle .*ratio\.zip: its unit logs would expand to 300\.0 MiB from [\d.]+ KiB \(over 100 times its size, the mark of a zip bomb\); if you trust it, unzip it/) },
    ]);
    expect(performance.now() - t0).toBeLessThan(2000); // 300 MiB were not inflated
  });

  it('refuses a bundle with more entries than any real one, from its end record alone', async () => {
    const got = await collect([at('many-entries.zip')]);
    expect(got).toEqual([{ kind: 'error', label: at('many-entries.zip'), message: expect.stringMatching(/^refusing bundle .*: it holds 100001 entries, more than 100000/) }]);
  });

  it('an entry that inflates past its declared size fails there (yauzl validateEntrySizes): the declared sizes are limits', async () => {
    const got = await collect([at('lying-size.zip')]);
    expect(got.map((g) => g.kind)).toEqual(['error']);
    expect(got[0]?.message).toMatch(/^cannot read .*lying-size\.zip!10\.0\.0\.1_master\/dcos-mesos-master\.service: too many bytes in the stream/);
  });

  it('reads a small bundle of very repetitive logs (under the floor, whatever its ratio)', async () => {
    const got = await collect([at('repetitive.zip')]);
    expect(got).toEqual([expect.objectContaining({ kind: 'stream', bytes: NEW.length * 20_000 })]);
  });
});

describe('bundle checks', () => {
  // [offset, compressed size] of each entry, in directory order; the overlap found is two indexes
  const overlap = (spans: [number, number][]) => findOverlap(spans.map((s) => s[0]), spans.map((s) => s[1]), spans.length);
  it('finds overlaps in any order, and none between adjacent entries', () => {
    expect(overlap([[0, 10], [40, 5], [75, 0]])).toBeNull(); // 30-byte headers, back to back
    expect(overlap([[75, 0], [39, 5], [0, 10]])).toEqual([2, 1]);
    expect(overlap([[0, 10], [0, 10]])).not.toBeNull();
  });
  it('limits expansion to MAX_RATIO times the archive, never below the floor', () => {
    expect(expansionLimit(1024)).toBe(RATIO_FLOOR);
    expect(expansionLimit(10 * RATIO_FLOOR)).toBe(10 * RATIO_FLOOR * MAX_RATIO);
  });
});

describe('a gzip inside a bundle draws on its expansion limit as it is decompressed', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const LEFT = 2 << 20;
  /** 4 MiB of lines that are neither journal output nor audit lines, then `tail`. */
  const report = (tail: string): string => `${'report line of no known form, padded to sixty-four bytes ......\n'.repeat(1 << 16)}${tail}`;
  /**
   * A zip whose first unit log declares all of the limit but LEFT bytes and the gzip unit logs'
   * own sizes (a lie: reading it fails, its own error), so what gzip data may expand to is LEFT.
   */
  const bundle = (name: string, logs: { name: string; content: Buffer }[], extras: { name: string; content: Buffer }[]): string => {
    const declared = logs.reduce((n, l) => n + l.content.length, 0);
    const file = join(t.dir, name);
    writeFileSync(file, zipBytes([{ name: GOOD, content: NEW, declaredSize: RATIO_FLOOR - LEFT - declared }, ...logs, ...extras]));
    return file;
  };
  const after = (got: Awaited<ReturnType<typeof collect>>, zip: string): unknown[] =>
    got.filter((g) => g.label !== `${zip}!${GOOD}`).map((g) => [g.kind, g.label.slice(zip.length + 1), g.kind === 'stream' ? g.bytes : g.message]);
  const stopped = (zip: string, entry: string, bytes: number): string =>
    `${zip}!${entry}: stopped after ${bytes} bytes (${(bytes / (1 << 20)).toFixed(1)} MiB) of its gzip data (scanned): the rest would pass the bundle's expansion limit (2.0 MiB beyond its unit logs); unzip the bundle and scan the file`;
  const skipped = (zip: string, entry: string): string =>
    `${zip}: skipped 1 entry that is not a unit log (e.g. ${zip}!${entry}), not searched for audit lines: reading them would expand the bundle past 2097152 bytes (2.0 MiB) beyond its unit logs (the bundle's expansion limit); unzip the bundle and scan the folder`;

  it('a unit log: read up to the limit, then an error naming it; the extras after it are counted, not read', async () => {
    const unit = '10.0.0.2_agent/dcos-mesos-slave.service.gz';
    const zip = bundle('unit-gz.zip', [{ name: unit, content: gzipSync(NEW.repeat(60_000)) }], [{ name: 'logs/late.log', content: Buffer.from(NEW) }]);
    const got = await collect([zip]);
    const read = got.find((g) => g.label === `${zip}!${unit}`)?.bytes ?? 0;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThanOrEqual(LEFT);
    expect(after(got, zip)).toEqual([
      ['stream', unit, read],
      ['error', unit, stopped(zip, unit, read)],
      ['error', '', skipped(zip, 'logs/late.log')],
    ]);
  });

  it('an extra searched for type=audit: counted as not searched when its gzip runs past the limit', async () => {
    const zip = bundle('extra-search.zip', [], [{ name: 'dumps/output.txt.gz', content: gzipSync(report(NEW)) }]);
    const got = await collect([zip]);
    expect(after(got, zip)).toEqual([['error', '', skipped(zip, 'dumps/output.txt.gz')]]);
    // Not a deliberate skip: what it holds is unknown, so the scan gives no clean verdict (docs/verdicts.md).
    expect(got.find((g) => g.label === zip)).toMatchObject({ incomplete: 'not-searched' });
  });

  it('an extra read as a log: read up to the limit, then an error naming it', async () => {
    const zip = bundle('extra-log.zip', [], [{ name: 'logs/big.log.gz', content: gzipSync(NEW.repeat(60_000)) }]);
    const got = await collect([zip]);
    const read = got.find((g) => g.kind === 'stream' && g.label.endsWith('big.log.gz'))?.bytes ?? 0;
    expect(read).toBeGreaterThan(0);
    expect(after(got, zip)).toEqual([
      ['stream', 'logs/big.log.gz', read],
      ['error', 'logs/big.log.gz', stopped(zip, 'logs/big.log.gz', read)],
    ]);
  });
});
