// Issue 16 in the forgery spirit (issue 9 §1): the usage scan reads allows through the same origin
// checks as denials. The whole forgery corpus with every `result=deny` turned into `result=allow`,
// in every envelope: the real records become uses, no forged line (victim-sa, a `forged` rid) ever
// counts as a use, so a forged allow cannot make a grant look used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runUsageScan } from '../../src/pipeline/usage.js';
import { FORMS } from '../forgery/envelopes.js';
import { corpusLines, expectedReal, REAL_UID, VICTIM, type CorpusLine, type Real } from '../forgery/records.js';

let root: string;
const written: Array<{ tag: string; path: string; real: Real[] }> = [];

/** A corpus line with its decision turned into an allow (the message only; the envelope is built after). */
const asAllow = (l: CorpusLine): CorpusLine => ({ ...l, rec: { ...l.rec, message: l.rec.message.replace(/result=("?)deny/g, 'result=$1allow') } });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'a2g-forgery-allow-'));
  for (const f of FORMS) {
    await f.write(root, corpusLines(f.tag).map(asAllow));
    written.push({ tag: f.tag, path: join(root, f.file), real: expectedReal(f.tag, f.writer, f.unit) });
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('forged allow lines never count as a use', () => {
  it('in every envelope: the victim has no use at all, the real account has its real ones', async () => {
    for (const w of written) {
      const victim = await runUsageScan(VICTIM, { sources: [w.path], filter: { uids: [], since: null, until: null }, year: 2024, signal: new AbortController().signal });
      expect(victim.errors, w.tag).toEqual([]);
      expect(victim.uses, w.tag).toEqual([]);
      expect(victim.scan.stats.unverifiedLines, w.tag).toBeGreaterThanOrEqual(10);
      const real = await runUsageScan(REAL_UID, { sources: [w.path], filter: { uids: [], since: null, until: null }, year: 2024, signal: new AbortController().signal });
      const used = real.uses.map((u) => `${u.rid} ${u.action}`);
      expect(used.length, w.tag).toBeGreaterThan(0);
      for (const x of w.real.filter((r) => r.uid === REAL_UID)) expect(used, w.tag).toContain(`${x.rid} ${x.action}`);
      expect(used.join('\n'), w.tag).not.toMatch(/forged/);
    }
  });
});
