// A text log whose later part is UTF-16 or binary (PowerShell 5.1's `>>` appends UTF-16LE to a
// UTF-8 file): the denials there cannot be read, so the scan says where the NUL bytes start
// (`nul-bytes`) and gives no clean verdict. Not said for what is no text log to begin with (a
// binary file, named unreadable already), a UTF-16 log from its start (decoded), export data's
// binary fields; said for a gzip of such a log, a file of a folder, text after export data, and
// as soon as it is seen in a followed file.
import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runScan } from '../../src/pipeline/scan.js';
import { emptyHeadline, NO_VERDICT_KINDS } from '../../src/core/findings/verdict.js';
import { unreadParts } from '../../src/core/usage/completeness.js';
import type { ScanFilter, ScanWarning } from '../../src/core/types.js';
import { plain } from './lines.js';
import { scratch } from '../helpers/tmp.js';
import { untilWith } from '../helpers/wait.js';

const { tmp, ac } = scratch('a2g-nul-');
const all: ScanFilter = { uids: [], since: null, until: null };
const FX = join(import.meta.dirname, '../../fixtures');
const MASTER = readFileSync(join(FX, 'sample/master-1.log'));
const AGENT = readFileSync(join(FX, 'sample/agent-1.log'));
/** The agent log as `>>` appends it: UTF-16LE, CRLF, no BOM. */
const APPENDED = Buffer.from(AGENT.toString('utf8').replace(/\n/g, '\r\n'), 'utf16le');
const MIXED = Buffer.concat([MASTER, APPENDED]);
const FIRST = MIXED.indexOf(0);

async function scan(sources: string[]) {
  const onWarning: ScanWarning[] = [];
  const r = await runScan({ sources, filter: all, year: null, signal: ac().signal, onWarning: (w) => onWarning.push(w) });
  return { r, kinds: (r.warnings ?? []).map((w) => w.kind), nul: (r.warnings ?? []).filter((w) => w.kind === 'nul-bytes'), onWarning };
}

function file(name: string, bytes: Buffer, dir = tmp()): string {
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

describe('NUL bytes in a text log', () => {
  it('UTF-8 then UTF-16LE: said with the file and the first NUL, no verdict; the UTF-8 part read as before', async () => {
    const f = file('mixed.log', MIXED);
    const { r, nul, onWarning } = await scan([f]);
    expect(nul).toEqual([{ kind: 'nul-bytes', source: f, message: expect.stringContaining(`${f} holds NUL bytes from byte ${FIRST} (UTF-16 or binary data appended to the log?)`) }]);
    expect(nul[0]!.message).toContain(`tail -c +${FIRST} FILE | iconv -f UTF-16LE -t UTF-8`);
    expect(onWarning).toEqual(nul);
    expect(NO_VERDICT_KINDS.has('nul-bytes')).toBe(true);
    expect(unreadParts(r.warnings ?? [], false)).toContain(nul[0]!.message);
    const utf8 = (await scan([file('master.log', MASTER)])).r;
    expect(r.stats.denyLines).toBe(utf8.stats.denyLines);
    expect(r.findings.map((x) => x.rid)).toEqual(utf8.findings.map((x) => x.rid));
  });

  it('no finding: the headline is "read only in part", never "No permission denials found."', async () => {
    const quiet = Buffer.concat([Buffer.from(MASTER.toString('utf8').split('\n').filter((l) => !l.includes('result=deny')).join('\n')), APPENDED]);
    const { r, kinds } = await scan([file('quiet.log', quiet)]);
    expect(r.findings).toEqual([]);
    expect(kinds).toContain('nul-bytes');
    expect(emptyHeadline(r)).toBe('No verdict: some input was read only in part (see the warnings on stderr).');
  });

  it('is said of a gzip of it and of a file of a folder, not of a UTF-16 log from its start nor of UTF-8 logs', async () => {
    const gz = file('mixed.log.gz', gzipSync(MIXED));
    // Its byte counts the decompressed text: no `tail -c` of the file to copy (it would cut the gzip).
    const gzSaid = (await scan([gz])).nul.map((w) => w.message);
    expect(gzSaid).toEqual([expect.stringContaining(`from byte ${FIRST} of the text it was decoded or decompressed to `)]);
    expect(gzSaid[0]).not.toContain('tail -c');
    expect((await scan([file('mixed.log', MIXED)])).nul.map((w) => w.message)).toEqual([expect.stringContaining(`tail -c +${FIRST} FILE`)]);
    const d = tmp();
    file('master.log', MASTER, d);
    const inDir = file('mixed.log', MIXED, d);
    expect((await scan([d])).nul.map((w) => w.source)).toEqual([inDir]);
    const utf16 = file('agent.log', Buffer.concat([Buffer.from([0xff, 0xfe]), APPENDED]));
    expect((await scan([utf16])).kinds).not.toContain('nul-bytes');
    expect((await scan([file('agent.log', AGENT)])).r.warnings).toEqual([]);
  });

  it('a binary file is named unreadable, once, not also for its NUL bytes; text with a NUL at its start is', async () => {
    const d = tmp();
    file('master.log', MASTER, d);
    const bin = file('core.bin', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(5000, 0), Buffer.from('text\n')]), d);
    const { kinds, r } = await scan([d]);
    expect(kinds).toEqual(['unreadable-file']);
    expect(r.warnings?.[0]?.source).toBe(bin);
    expect((await scan([bin])).kinds).toEqual(['no-journal-output']);
    // Journal lines after a binary start: its NUL bytes were not checked either.
    const both = file('both.log', Buffer.concat([Buffer.from([0, 1, 2, 0x0a]), MASTER]));
    expect((await scan([both])).nul.map((w) => w.message)).toEqual([expect.stringContaining('from byte 0 ')]);
  });

  it('export data: its binary fields are no sign; UTF-16 appended to it is', async () => {
    const exp = readFileSync(join(FX, 'export/sample.export'));
    expect(exp.includes(0)).toBe(true);
    expect((await scan([file('sample.export', exp)])).kinds).not.toContain('nul-bytes');
    const withText = Buffer.concat([exp, MASTER, APPENDED]);
    const { nul } = await scan([file('more.export', withText)]);
    expect(nul.map((w) => w.message)).toEqual([expect.stringContaining(`from byte ${exp.length + MASTER.length + 1} `)]);
  });

  it('a followed file is said to hold them as soon as they are appended', async () => {
    const f = file('live.log', MASTER);
    const seen: ScanWarning[] = [];
    const c = ac();
    const result = runScan({ sources: [f], filter: all, year: null, signal: c.signal, follow: true, followPollMs: 20, onWarning: (w) => seen.push(w) });
    appendFileSync(f, `${plain(1)}\n`);
    appendFileSync(f, APPENDED);
    await untilWith({ timeoutMs: 5000 })('the warning', () => seen.some((w) => w.kind === 'nul-bytes'));
    expect(seen.filter((w) => w.kind === 'nul-bytes').map((w) => w.message)).toEqual([expect.stringContaining(`from byte ${MASTER.length + plain(1).length + 2} `)]);
    c.abort();
    const r = await result;
    expect((r.warnings ?? []).filter((w) => w.kind === 'nul-bytes')).toHaveLength(1);
  });
});
