// Export files as they are found, not only as journalctl wrote them: CRLF line ends, a BOM, text
// appended to the export data, and export data that cannot be framed (a warning that makes "no
// finding" no verdict, never a silent loss).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScan } from '../../src/pipeline/scan.js';
import { emptyHeadline, NO_VERDICT_KINDS } from '../../src/core/findings/verdict.js';
import type { ScanFilter } from '../../src/core/types.js';

const all: ScanFilter = { uids: [], since: null, until: null };
const run = (sources: string[]) => runScan({ sources, filter: all, year: null, signal: new AbortController().signal });

let dir: string;
let sample: Buffer;
let denials: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'a2g-export-'));
  sample = await readFile('fixtures/export/sample.export');
  await writeFile(join(dir, 'plain.export'), sample);
  denials = (await run([join(dir, 'plain.export')])).stats.denyLines;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The sample's entries as short-iso lines, from its own MESSAGE fields (a text form the line scanner reads). */
function asText(exp: Buffer): string {
  const out: string[] = [];
  for (const block of exp.toString('latin1').split('\n\n')) {
    const f = new Map(block.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const msg = f.get('MESSAGE');
    if (!msg || !f.get('__REALTIME_TIMESTAMP')) continue;
    const t = new Date(Number(f.get('__REALTIME_TIMESTAMP')) / 1000).toISOString().replace(/\.\d+Z$/, '+0000');
    out.push(`${t} ${f.get('_HOSTNAME')} ${f.get('SYSLOG_IDENTIFIER')}[${f.get('_PID')}]: ${msg}`);
  }
  return out.join('\n') + '\n';
}

describe('export data as found in files', () => {
  it('reads CRLF export and export after a BOM as journalctl wrote it', async () => {
    expect(denials).toBeGreaterThan(5);
    await writeFile(join(dir, 'crlf.log'), Buffer.from(sample.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'));
    await writeFile(join(dir, 'bom.log'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sample]));
    for (const f of ['crlf.log', 'bom.log']) {
      const r = await run([join(dir, f)]);
      expect([f, r.stats.denyLines, r.warnings]).toEqual([f, denials, []]);
    }
  });

  it('reads text appended to export data; export data is never framed after text (no verdict instead)', async () => {
    const text = asText(sample);
    await writeFile(join(dir, 'appended.log'), Buffer.concat([sample, Buffer.from(text)]));
    await writeFile(join(dir, 'mixed.log'), Buffer.concat([sample, Buffer.from(text), sample]));
    await writeFile(join(dir, 'header.log'), Buffer.concat([Buffer.from('-- Journal begins at Mon 2024-05-13 --\n'), sample]));
    const inText = await runText(text);
    expect(inText).toBeGreaterThan(0);
    const appended = await run([join(dir, 'appended.log')]);
    expect([appended.stats.denyLines, appended.warnings]).toEqual([denials + inText, []]);
    // Export after text may be text a task wrote at a line start (a forged _SYSTEMD_UNIT): read as
    // text, so its records are unverified, and said to be export data not read as such.
    const mixed = await run([join(dir, 'mixed.log')]);
    expect(mixed.stats.denyLines).toBe(denials + inText);
    expect(mixed.warnings).toEqual([{ kind: 'damaged-export', source: join(dir, 'mixed.log'), message: expect.stringMatching(/export entries after text that is no export were read as text/) }]);
    const header = await run([join(dir, 'header.log')]);
    expect(header.findings).toEqual([]);
    expect(header.warnings!.map((w) => w.kind)).toContain('unverified-audit-lines');
  });

  it('text that looks like export entries after its first line is never framed as export (forged writer fields)', async () => {
    // A `-o cat` file: any message sits at a line start; a multi-line one can spell export fields,
    // with the writer (_SYSTEMD_UNIT) of its choice. Before, a line start in the first 4 KiB framed it.
    const forged = [
      '__CURSOR=x',
      '_SYSTEMD_UNIT=dcos-bouncer.service',
      'SYSLOG_IDENTIFIER=bouncer.sh',
      '_HOSTNAME=master-1',
      '__REALTIME_TIMESTAMP=1715677801000000',
      'MESSAGE=type=audit uid=victim-sa object=dcos:adminrouter:ops:mesos action=full result=deny authorizer=bouncer',
      '',
    ].join('\n');
    await writeFile(join(dir, 'cat.log'), `task output\n${forged}\n${forged}`);
    const r = await run([join(dir, 'cat.log')]);
    expect(r.findings).toEqual([]);
    expect(r.stats.unverifiedLines).toBe(2);
    // Not a clean verdict: these may as well be export data appended to the text.
    expect(r.warnings!.map((w) => w.kind)).toContain('mixed-forms');
  });

  it('says audit entries of json or export appended to text were not checked: no verdict, not "no denials"', async () => {
    const text = asText(sample);
    const json = (await readFile('fixtures/sample/master-2.json', 'utf8')).trimEnd();
    const cases: [string, string][] = [
      ['text-json.log', `${text}${json}\n`],
      ['text-export.log', `${text}${sample.toString('latin1')}`],
    ];
    for (const [f, content] of cases) {
      await writeFile(join(dir, f), content, 'latin1');
      const r = await run([join(dir, f)]);
      const w = r.warnings!.filter((x) => x.kind === 'mixed-forms');
      expect([f, w]).toEqual([f, [{ kind: 'mixed-forms', source: join(dir, f), message: expect.stringMatching(/^[1-9]\d* audit-looking line\(s\) of .* another form/) }]]);
      expect(emptyHeadline({ ...r, findings: [] } as never)).toMatch(/^No verdict: /);
    }
    // Read through the directory, the warning names the files to split (the first three), not only the directory.
    const all = (await run([dir])).warnings!.find((x) => x.kind === 'mixed-forms')!.message;
    const named = /^[1-9]\d* audit-looking line\(s\) of (\S+) \(([^)]*)\) are journal output of another form/.exec(all);
    expect(named?.[1]).toBe(dir);
    const files = named![2]!.split(', ').filter((f) => f !== '…');
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThanOrEqual(3);
    for (const f of files) expect(f.startsWith(join(dir, '/'))).toBe(true);
    expect(NO_VERDICT_KINDS.has('mixed-forms')).toBe(true);
    // Each form alone is read whole, with no such warning.
    await writeFile(join(dir, 'json-only.log'), `${json}\n`);
    expect((await run([join(dir, 'json-only.log')])).warnings).toEqual([]);
  });

  it('a field over the line cap, or a long line in the text after the export data, is long-lines-cut (no verdict)', async () => {
    const long = 'x'.repeat(1024 * 1024 + 10);
    await writeFile(join(dir, 'longfield.export'), Buffer.concat([sample, Buffer.from(`\n__CURSOR=z\n_SYSTEMD_UNIT=dcos-adminrouter.service\nMESSAGE=${long}\n\n`)]));
    await writeFile(join(dir, 'longtext.log'), Buffer.concat([sample, Buffer.from(`2024-05-14T09:00:00+0000 m1 nginx[1]: ${long}\n`)]));
    for (const f of ['longfield.export', 'longtext.log']) {
      const r = await run([join(dir, f)]);
      expect([f, r.stats.denyLines, r.warnings!.map((w) => w.kind)]).toEqual([f, denials, ['long-lines-cut']]);
    }
  });

  it('says export data that cannot be framed is damaged: no verdict', async () => {
    // Cut inside a binary field (the fixture's only binary MESSAGE), and an audit entry cut by junk.
    const bin = sample.indexOf('MESSAGE\n');
    expect(bin).toBeGreaterThan(0);
    await writeFile(join(dir, 'cut.export'), sample.subarray(0, bin + 12));
    const audit = sample.indexOf('type=audit');
    const nl = sample.indexOf('\n', audit);
    await writeFile(join(dir, 'junk.export'), Buffer.concat([sample.subarray(0, nl + 1), Buffer.from('\u0000\u0000 junk\n'), sample.subarray(nl + 1)]));
    for (const f of ['cut.export', 'junk.export']) {
      const r = await run([join(dir, f)]);
      const w = r.warnings!.filter((x) => x.kind === 'damaged-export');
      expect(w).toEqual([{ kind: 'damaged-export', source: join(dir, f), message: expect.stringMatching(/holds journal export data that is damaged: export entry \d+ .*is cut/) }]);
      expect(NO_VERDICT_KINDS.has('damaged-export')).toBe(true);
      expect(emptyHeadline({ ...r, findings: [] } as never)).toMatch(/^No verdict: /);
    }
  });
});

async function runText(text: string): Promise<number> {
  await writeFile(join(dir, 'text.log'), text);
  return (await run([join(dir, 'text.log')])).stats.denyLines;
}
