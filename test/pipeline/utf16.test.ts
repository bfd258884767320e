// A UTF-16 copy of every fixture log scans as the UTF-8 original does: the same json, byte for
// byte, but the scan's time (findings, stats, lines, warnings). Real files through runScan and the
// json renderer; a gzip of each UTF-16 copy too.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { runScan } from '../../src/pipeline/scan.js';
import { renderJson } from '../../src/core/render/index.js';
import type { SourceProgress } from '../../src/core/types.js';
import { scratch } from '../helpers/tmp.js';
import { utf16, UTF16_KINDS } from '../helpers/utf16.js';

const FX = join(import.meta.dirname, '../../fixtures');
const { tmp, ac } = scratch('a2g-utf16-');

const LOGS = ['sample', 'envelopes', 'messages', 'export', 'gz'].flatMap((d) => readdirSync(join(FX, d)).map((f) => `${d}/${f}`));

/** The scan's json of `file`, its elapsedMs and the folder it sits in left out, and the notes its sources gave. */
async function scanJson(file: string, dir: string): Promise<{ json: string; notes: string[] }> {
  const notes: string[] = [];
  const onProgress = (p: SourceProgress): void => void (p.note && notes.push(p.note));
  const r = await runScan({ sources: [file], filter: { uids: [], since: null, until: null }, year: null, signal: ac().signal, onProgress });
  r.stats.elapsedMs = 0;
  return { json: renderJson(r).split(dir).join('<dir>'), notes };
}

/** `bytes` at `dir/name` with the fixture's modification time (short lines are dated by it). */
function place(dir: string, name: string, bytes: Buffer, like: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const { atime, mtime } = statSync(like);
  utimesSync(file, atime, mtime);
  return file;
}

describe('a UTF-16 copy of each fixture log', () => {
  it.each(LOGS)('%s: the json of the UTF-8 original, in each byte order, BOM or not', async (rel) => {
    const fixture = join(FX, rel);
    const base = tmp();
    const name = rel.replace('/', '-');
    const gz = rel.endsWith('.gz');
    const text = gz ? gunzipSync(readFileSync(fixture)) : readFileSync(fixture);
    const want = await scanJson(place(join(base, 'utf8'), name, readFileSync(fixture), fixture), join(base, 'utf8'));
    expect(want.notes).toEqual([]);
    expect(JSON.parse(want.json).stats.lines).toBeGreaterThan(0);
    for (const kind of UTF16_KINDS) {
      const bytes = utf16(text, kind);
      const dir = join(base, kind);
      const got = await scanJson(place(dir, name, gz ? gzipSync(bytes) : bytes, fixture), dir);
      expect(got.json, kind).toBe(want.json);
      const endian = kind.startsWith('le') ? 'UTF-16LE' : 'UTF-16BE';
      expect(got.notes).toEqual([expect.stringMatching(new RegExp(`^${join(dir, name).replace(/[.]/g, '\\.')} is ${endian} \\((it starts with a byte order mark|no byte order mark, but its NUL bytes are those of UTF-16 text)\\): decoded to UTF-8 as it is read$`))]);
    }
  });
});
