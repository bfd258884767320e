// UTF-16 saved logs (PowerShell 5.1's `>`), through the built CLI (`npm run build` first): a file,
// stdin, a bundle's unit log and extras (plain and gzip) and the unpacked folder scan as their
// UTF-8 originals do (the json but its elapsedMs), with a note on stderr; malformed UTF-16 is read
// through and said, a warning that leaves no clean verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { runCli, type CliRun } from '../helpers/cli.js';
import { utf16 } from '../helpers/utf16.js';
import { ar, plain } from '../pipeline/lines.js';
import { zipBytes } from '../sources/zip-bytes.js';

const fixture = (rel: string): Buffer => readFileSync(fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url)));
const MASTER = fixture('sample/master-1.log');
/** Entry name → UTF-8 bytes: a unit log, and extras a person put in the zip (one gzip-compressed). */
const BUNDLE: Record<string, Buffer> = {
  '10.0.0.1_master/dcos-adminrouter.service': fixture('envelopes/bundle.log'),
  'logs/master-1.log': MASTER,
  'logs/agent-1.log.gz': fixture('sample/agent-1.log'),
};
const NOTE = /^audit2grant: \S+ is UTF-16(LE|BE) \((it starts with a byte order mark|no byte order mark, but its NUL bytes are those of UTF-16 text)\): decoded to UTF-8 as it is read$/;

let dir: string;
const at = (...p: string[]): string => join(dir, ...p);
/** The bundle's entries, each `encode`d (then gzip-compressed when so named), as a zip and as a folder under `dir/name`. */
function writeBundle(name: string, encode: (b: Buffer) => Buffer): void {
  const entries = Object.entries(BUNDLE).map(([entry, text]) => {
    const bytes = encode(text);
    return { name: entry, content: entry.endsWith('.gz') ? gzipSync(bytes) : bytes };
  });
  mkdirSync(at(name));
  writeFileSync(at(name, 'bundle.zip'), zipBytes(entries));
  for (const e of entries) {
    mkdirSync(at(name, 'unz', dirname(e.name)), { recursive: true });
    writeFileSync(at(name, 'unz', e.name), e.content);
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-utf16-'));
  for (const [name, bytes] of Object.entries({ 'utf8.log': MASTER, 'le.log': utf16(MASTER, 'le-bom'), 'be.log': utf16(MASTER, 'be') })) writeFileSync(at(name), bytes);
  writeBundle('utf8', (b) => b);
  writeBundle('utf16', (b) => utf16(b, 'le-bom'));
  // A line with a lone high surrogate, then a last byte with no partner: an allow, no denial.
  writeFileSync(at('bad.log'), Buffer.concat([utf16(`${plain(1)}\n${ar({ uid: 'svc1', result: 'allow' })}\n${plain(2)} \ud800x\n`, 'le-bom'), Buffer.from([0x41])]));
  writeFileSync(at('bom-and-a-byte.log'), Buffer.from([0xff, 0xfe, 0x41]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The json, its elapsedMs out and `from` (a path) read as `to`. */
const doc = (r: CliRun, from = '', to = ''): unknown => {
  const d = JSON.parse(from ? r.stdout.split(from).join(to) : r.stdout) as { stats: { elapsedMs?: number } };
  delete d.stats.elapsedMs;
  return d;
};
const notes = (r: CliRun): string[] => r.stderr.split('\n').filter((l) => / is UTF-16/.test(l));
const scan = (...args: string[]): Promise<CliRun> => runCli(['scan', ...args, '--format', 'json']);

describe('a UTF-16 log scans as its UTF-8 original', () => {
  it('a file, either byte order, BOM or not: the same json, a note on stderr', async () => {
    const [want, le, be] = await Promise.all([scan(at('utf8.log')), scan(at('le.log')), scan(at('be.log'))]);
    expect(want.code).toBe(0);
    expect(notes(want)).toEqual([]);
    expect(doc(le, 'le.log', 'utf8.log')).toEqual(doc(want));
    expect(doc(be, 'be.log', 'utf8.log')).toEqual(doc(want));
    expect([le.code, be.code]).toEqual([0, 0]);
    expect(notes(le)).toEqual([`audit2grant: ${at('le.log')} is UTF-16LE (it starts with a byte order mark): decoded to UTF-8 as it is read`]);
    expect(notes(be)).toEqual([`audit2grant: ${at('be.log')} is UTF-16BE (no byte order mark, but its NUL bytes are those of UTF-16 text): decoded to UTF-8 as it is read`]);
  });

  it('stdin', async () => {
    const [want, got] = await Promise.all([runCli(['scan', '-', '--json'], { input: MASTER }), runCli(['scan', '-', '--json'], { input: utf16(MASTER, 'le-bom') })]);
    expect(doc(got)).toEqual(doc(want));
    expect(notes(got)).toEqual(['audit2grant: stdin is UTF-16LE (it starts with a byte order mark): decoded to UTF-8 as it is read']);
  });

  it('a bundle (its unit log, an extra, a gzip-compressed extra) and its unpacked folder', async () => {
    const [zip8, zip16, unz8, unz16] = await Promise.all([
      scan(at('utf8', 'bundle.zip')),
      scan(at('utf16', 'bundle.zip')),
      scan(at('utf8', 'unz')),
      scan(at('utf16', 'unz')),
    ]);
    expect((doc(zip8) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    expect(doc(zip16, at('utf16'), at('utf8'))).toEqual(doc(zip8));
    expect(doc(unz16, at('utf16'), at('utf8'))).toEqual(doc(unz8));
    for (const r of [zip16, unz16]) {
      expect(notes(r)).toHaveLength(3);
      for (const n of notes(r)) expect(n).toMatch(NOTE);
    }
    expect(notes(zip16)).toContain(`audit2grant: ${at('utf16', 'bundle.zip')}!logs/agent-1.log.gz is UTF-16LE (it starts with a byte order mark): decoded to UTF-8 as it is read`);
  });
});

describe('malformed UTF-16', () => {
  it('lone surrogates and an odd length: read through, counted and said; no clean verdict', async () => {
    const r = await scan(at('bad.log'), '--fail-on-findings');
    expect(r.code).toBe(1);
    const d = doc(r) as { warnings: unknown[]; errors: unknown[]; stats: { lines: number } };
    expect(d.warnings).toEqual([
      {
        kind: 'malformed-utf16',
        source: at('bad.log'),
        message: `${at('bad.log')}: malformed UTF-16LE: 1 lone surrogate (read as U+FFFD), an odd length (last byte dropped); the rest was decoded and scanned, but a line holding such a place may not read as written`,
      },
    ]);
    expect([d.errors, d.stats.lines]).toEqual([[], 3]);
    expect(notes(r)).toHaveLength(1);
    const t = await runCli(['scan', at('bad.log')]);
    expect(t.stdout).toMatch(/^No verdict: some input was read only in part/);
    expect(t.stderr).toContain(`audit2grant: warning: ${at('bad.log')}: malformed UTF-16LE`);
  });

  it('a BOM and one byte: read (one source, empty, the UTF-16 note), said, never a crash', async () => {
    const r = await scan(at('bom-and-a-byte.log'));
    expect(r.code).toBe(0);
    const d = doc(r) as { warnings: { kind: string; message: string }[]; stats: { sources: number } };
    expect(d.stats.sources).toBe(1);
    expect(d.warnings).toEqual([
      expect.objectContaining({ kind: 'malformed-utf16', message: expect.stringContaining('an odd length (last byte dropped)') }),
      expect.objectContaining({ kind: 'no-journal-output', message: expect.stringContaining('is empty') }),
    ]);
    expect(notes(r)).toEqual([`audit2grant: ${at('bom-and-a-byte.log')} is UTF-16LE (it starts with a byte order mark): decoded to UTF-8 as it is read`]);
  });
});
