// Issue 9 §1 through the real scan pipeline, one envelope at a time: in the forgery corpus
// (test/forgery), every real denial is found and no forged rid or victim uid becomes a finding or
// an authentication failure; the forgeries are counted as unverified or malformed lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScan } from '../../src/pipeline/scan.js';
import { canWriteJournal, writeCorpus, type Written } from '../forgery/envelopes.js';
import { VICTIM } from '../forgery/records.js';

let root: string;
let written: Written[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'a2g-forgery-'));
  mkdirSync(join(root, 'corpus'));
  written = await writeCorpus(join(root, 'corpus'), { journal: canWriteJournal() });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scan(path: string, uids: string[] = []) {
  return runScan({ sources: [path], filter: { uids, since: null, until: null }, year: 2024, signal: new AbortController().signal });
}

describe('forgery corpus, per envelope', () => {
  it('covers every envelope form (and a binary journal where journalctl can read one)', () => {
    expect(written.map((w) => w.tag)).toEqual(expect.arrayContaining([
      'short', 'short-precise', 'short-iso', 'short-iso-precise', 'short-full', 'short-unix', 'with-unit', 'cat', 'dcos-node-log',
      'json', 'json-seq', 'json-sse', 'export', 'bundle-zip', 'bundle-legacy-zip', 'bundle-dir', 'bundle-file',
      ...(canWriteJournal() ? ['journal'] : []),
    ]));
  });

  it('finds every real denial and never a forged one, in each envelope', async () => {
    for (const w of written) {
      const r = await scan(w.path);
      expect(r.errors, w.tag).toEqual([]);
      const found = r.findings.map((f) => `${f.uid} ${f.rid} ${f.action}`);
      // Exactly the real denials: nothing forged, nothing lost.
      expect(found.sort(), w.tag).toEqual(w.real.map((x) => `${x.uid} ${x.rid} ${x.action}`).sort());
      // What could be granted or acted on (a real finding's `example` is its raw line, hostile text included).
      const visible = JSON.stringify({ findings: r.findings.map(({ example: _raw, ...f }) => f), authFailures: r.authFailures });
      expect(visible, w.tag).not.toMatch(/forged/);
      expect(visible, w.tag).not.toContain(VICTIM);
      // The forgeries are still visible as such.
      expect(r.stats.unverifiedLines, w.tag).toBeGreaterThanOrEqual(10);
      expect(r.stats.malformedLines, w.tag).toBeGreaterThanOrEqual(3);
      expect(r.unverifiedExamples!.length, w.tag).toBeLessThanOrEqual(5);
      // The cut lines after forged notices (a client's quote, two uids, a backtick, and where the
      // form shows it, a notice from no unit), and the line cut after a suffix its URI forged, lost
      // their uid: neither the victim's nor anyone's.
      expect(r.stats.unknownUidLines, w.tag).toBe(w.unit ? 5 : 4);
    }
  });

  it('with --uid victim-sa, nothing at all is found', async () => {
    for (const w of written) {
      const r = await scan(w.path, [VICTIM]);
      expect(r.findings, w.tag).toEqual([]);
    }
  });
});
