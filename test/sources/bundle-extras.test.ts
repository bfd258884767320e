// Bundle entries that are not unit logs, in real zips read through yauzl: a log whose audit lines
// begin past its first chunk is read, a dump that holds `type=audit` is named (never a silent "no
// denials"), what the expansion limit leaves unread is said, and the extras read show progress.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { collect, progressLog, tempDir } from './helpers.js';
import { RATIO_FLOOR } from '../../src/sources/bundle-check.js';
import { zipBytes, type ZipEntry } from './zip-bytes.js';
import { tar } from './tar-bytes.js';
import { utf32le } from '../helpers/silent.js';

const NEW = '2020-03-15 10:23:45.123456 +0000 UTC type=audit result=deny uid=svc\n';
const UNIT = { name: '10.0.0.1_master/dcos-mesos-master.service', content: NEW };
/** 3 MiB of lines that are neither journal output nor audit lines: past any first chunk (at most 1 MiB). */
const PREAMBLE = Array.from({ length: 3 * 1024 * 16 }, (_, i) => `report line ${String(i).padStart(50, '.')}\n`).join('');

describe('bundle entries that are not unit logs', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const bundle = (name: string, entries: ZipEntry[]): string => {
    const file = join(t.dir, name);
    writeFileSync(file, zipBytes(entries));
    return file;
  };
  const summary = (got: Awaited<ReturnType<typeof collect>>, zip: string): unknown[] =>
    got.map((g) => [g.kind, g.label.slice(zip.length + 1), g.kind === 'stream' ? g.bytes : g.message]);

  it('a text whose audit lines begin past its first chunk is read whole, plain or gzip-compressed', async () => {
    const log = PREAMBLE + NEW;
    const zip = bundle('late.zip', [UNIT, { name: 'logs/master-1.log', content: log }, { name: 'logs/master-2.log.gz', content: gzipSync(log) }, { name: 'ps.output', content: PREAMBLE }]);
    const got = await collect([zip]);
    expect(summary(got, zip)).toEqual([
      ['stream', UNIT.name, NEW.length],
      ['stream', 'logs/master-1.log', log.length],
      ['stream', 'logs/master-2.log.gz', log.length],
      // text without audit lines: searched, not read, nothing to say
    ]);
    expect(got[1]?.text).toBe(log);
    expect(got[2]?.text).toBe(log);
  });

  it('a JSON document holding type=audit (anywhere) is not read, and a warning names it; binary data is read, as the folder reads it', async () => {
    const json = `{"report":"${PREAMBLE.replace(/\n/g, ' ')}","line":"${NEW.trim()}"}`;
    const binary = Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(PREAMBLE), Buffer.from(NEW)]);
    const zip = bundle('dumps.zip', [UNIT, { name: 'state.json', content: json }, { name: 'core.bin', content: binary }, { name: 'quiet.json', content: '{"a":1}' }]);
    const got = await collect([zip]);
    expect(summary(got, zip)).toEqual([
      ['stream', UNIT.name, NEW.length],
      ['error', 'state.json', `${zip}!state.json holds "type=audit" but was not read: it is a JSON document, not a log (an endpoint dump may quote log lines); if it holds a log, unzip the bundle and scan the file`],
      // the scan finds its denial, or says it holds data of no known form (pipeline/coverage.ts)
      ['stream', 'core.bin', binary.length],
    ]);
  });

  it('what cannot be read from a zip or searched is said, as the unpacked folder says it (a DC/OS report excepted)', async () => {
    const gzJunk = Buffer.concat([gzipSync('x\n'), Buffer.from(NEW)]);
    const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.from(NEW)]);
    const utf32 = utf32le(NEW);
    const zip = bundle('unreadable.zip', [
      UNIT,
      { name: 'logs/master.tar.gz', content: gzipSync(tar('master.log', NEW)) },
      { name: 'logs/inner.zip', content: zipBytes([UNIT]) },
      { name: 'logs/system.journal', content: `LPKSHHRH${NEW}` },
      { name: 'logs/bad.log.gz', content: Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff]) },
      { name: 'logs/master.log.xz', content: xz },
      { name: 'logs/master-utf32.log', content: utf32 },
      { name: 'logs/out.txt.gz', content: gzJunk },
      { name: 'quiet.json.gz', content: Buffer.concat([gzipSync('{"a":1}'), Buffer.from('junk')]) },
      // DC/OS's own reports: never logs, nothing said of them
      { name: 'summaryReport.txt', content: Buffer.from([0, 1, 2]) },
      { name: 'report.json.gz', content: Buffer.concat([gzipSync('{}'), Buffer.from('junk')]) },
      { name: 'summaryErrorsReport.txt', content: `LPKSHHRH${NEW}` },
    ]);
    const got = await collect([zip]);
    const inZip = (entry: string): string => `${zip}!${entry}`;
    expect(summary(got, zip)).toEqual([
      ['stream', UNIT.name, NEW.length],
      ['error', 'logs/master.tar.gz', `${inZip('logs/master.tar.gz')} is a tar archive (gzip-compressed): extract it (tar -xf) and scan the folder`],
      ['error', 'logs/inner.zip', `${inZip('logs/inner.zip')} holds a zip archive (diagnostics bundle), but it cannot be read from inside a bundle: save it to a file, then pass the file path`],
      ['error', 'logs/system.journal', `${inZip('logs/system.journal')} holds a binary journal file, but it cannot be read from inside a bundle: save it to a file, then pass the file path`],
      ['error', 'logs/bad.log.gz', expect.stringContaining(inZip('logs/bad.log.gz'))],
      // read: the scan says they hold data of no known form, as of the same files in a folder
      ['stream', 'logs/master.log.xz', xz.length],
      ['stream', 'logs/master-utf32.log', utf32.length],
      // searched: no type=audit in its gzip data, and the warning a read gives of the bytes after it
      ['error', 'logs/out.txt.gz', expect.stringContaining(`${inZip('logs/out.txt.gz')}: its gzip data decompressed to 2 bytes, all scanned; the ${NEW.length} bytes after it are not gzip`)],
      ['error', 'quiet.json.gz', expect.stringContaining('the 4 bytes after it are not gzip')],
    ]);
    expect(got.map((g) => g.incomplete).filter(Boolean)).toEqual(['gzip-trailing-bytes', 'gzip-trailing-bytes']);
  });

  it('type=audit split across two chunks is found', async () => {
    const { holdsAudit } = await import('../../src/sources/bundle-extra-form.js');
    async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
      for (const p of parts) yield Buffer.from(p);
    }
    expect(await holdsAudit(chunks('x type=au', 'dit y'))).toBe(true);
    expect(await holdsAudit(chunks('x type=a', 'u', 'dit y'))).toBe(true);
    expect(await holdsAudit(chunks('x type=au', 'dat type=', 'x'))).toBe(false);
  });

  it('past the expansion limit: a log is an error naming it, the other extras one warning (never unsaid)', async () => {
    // The unit log declares all of the limit but 100 bytes (a lie: reading it fails, which is its own error).
    const big = { ...UNIT, declaredSize: RATIO_FLOOR - 100 };
    const zip = bundle('full.zip', [big, { name: 'logs/a.log', content: NEW.repeat(3) }, { name: 'state.json', content: `{"x":"${'y'.repeat(200)}"}` }, { name: 'ps.output', content: 'z'.repeat(200) }]);
    const got = await collect([zip]);
    const after = got.filter((g) => g.label !== `${zip}!${UNIT.name}`);
    expect(summary(after, zip)).toEqual([
      ['error', 'logs/a.log', `${zip}!logs/a.log holds journal output, but was not read: it would expand the bundle past 100 bytes beyond its unit logs (the bundle's expansion limit); unzip the bundle and scan the file`],
      [
        'error',
        '',
        `${zip}: skipped 2 entries that are not unit logs (e.g. ${zip}!state.json), not searched for audit lines: reading them would expand the bundle past 100 bytes beyond its unit logs (the bundle's expansion limit); unzip the bundle and scan the folder`,
      ],
    ]);
  });

  it('the extras read report progress as the unit logs do; those not read report none', async () => {
    const zip = bundle('progress.zip', [UNIT, { name: 'logs/master-1.log', content: NEW }, { name: 'logs/late.log', content: PREAMBLE + NEW }, { name: 'state.json', content: '{"a":"type=audit"}' }, { name: 'ps.output', content: 'x\n' }]);
    const p = progressLog();
    await collect([zip], { onProgress: p.onProgress });
    // Each state once, in order (a read may report `reading` more than once).
    const states = (entry: string): string[] => [...new Set(p.log.filter((e) => e.label === `${zip}!${entry}`).map((e) => e.state))];
    expect(states(UNIT.name)).toEqual(['reading', 'done']);
    expect(states('logs/master-1.log')).toEqual(['reading', 'done']);
    expect(states('logs/late.log')).toEqual(['reading', 'done']);
    expect(p.log.filter((e) => e.label === `${zip}!logs/late.log`).at(-1)).toMatchObject({ state: 'done', bytes: PREAMBLE.length + NEW.length });
    expect(states('state.json')).toEqual([]);
    expect(states('ps.output')).toEqual([]);
  });
});
