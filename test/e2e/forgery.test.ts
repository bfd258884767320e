// Issue 9 §1 through the built CLI (`npm run build` first): the whole forgery corpus (test/forgery,
// every envelope in one folder) in every output format. No forged rid and no victim uid may reach
// anything that can be granted or acted on; the only place they may show is the labelled examples
// of unverified and malformed lines. Every real denial is still reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { canWriteJournal, writeCorpus, type Written } from '../forgery/envelopes.js';
import { VICTIM } from '../forgery/records.js';

const cli = (args: string[]) => runCli(args);
let root: string;
let corpus: string;
let written: Written[] = [];


const FORGED = /forged/;
const noForgery = (text: string, what: string) => {
  expect(text, what).not.toMatch(FORGED);
  expect(text, what).not.toContain(VICTIM);
};
const allReal = () => written.flatMap((w) => w.real.map((x) => `${x.uid} ${x.rid} ${x.action}`));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'a2g-e2e-forgery-'));
  corpus = join(root, 'corpus');
  mkdirSync(corpus);
  written = await writeCorpus(corpus, { journal: canWriteJournal() });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('forgery corpus through the CLI', () => {
  it('json: exactly the real findings; forgeries only in the additive `unverified` examples', async () => {
    const r = await cli(['scan', corpus, '--format', 'json', '--year', '2024']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const found = (doc.findings as { uid: string; rid: string; action: string }[]).map((f) => `${f.uid} ${f.rid} ${f.action}`);
    expect(found.sort()).toEqual(allReal().sort());
    expect(Object.keys(doc)).toEqual(['version', 'findings', 'authFailures', 'stats', 'errors', 'unverified', 'warnings']);
    expect(doc.stats.unverifiedLines).toBeGreaterThan(10 * written.length);
    expect(doc.unverified.length).toBeGreaterThan(0);
    expect(doc.unverified.length).toBeLessThanOrEqual(5);
    expect(Object.keys(doc.unverified[0])).toEqual(['source', 'reason', 'example']);
    // A real finding's `example` is its raw line (a hostile Referer included): not grantable text.
    noForgery(JSON.stringify({ ...doc, unverified: [], findings: doc.findings.map(({ example: _raw, ...f }: { example: string }) => f) }), 'json');
  });

  it('ndjson: findings, auth failures and stats carry no forgery', async () => {
    const r = await cli(['scan', corpus, '--format', 'ndjson', '--year', '2024']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.filter((x) => x.type === 'finding')).toHaveLength(allReal().length);
    const stats = rows.find((x) => x.type === 'stats');
    expect(stats.unverifiedLines).toBeGreaterThan(10 * written.length);
    noForgery(JSON.stringify(rows.map(({ example: _raw, ...x }) => x)), 'ndjson');
  });

  it.each(['dcos', 'curl'])('%s: no forged grant, not even commented out', async (format) => {
    const r = await cli(['scan', corpus, '--format', format, '--year', '2024']);
    expect(r.code).toBe(0);
    noForgery(r.stdout, format);
    expect(r.stdout).toContain('real-sa');
  });

  it('table: forgeries only in the notes, which say they were not verified', async () => {
    const r = await cli(['scan', corpus, '--year', '2024']);
    expect(r.code).toBe(0);
    const [body = '', notes = ''] = r.stdout.split('\nNotes:\n');
    noForgery(body, 'table body');
    expect(body).toContain('dcos:secrets:default:/real/json');
    expect(notes).toMatch(/\d+ audit-looking line\(s\) were not verified and were not turned into findings/);
    expect(notes).toContain('docs/audit-log-forms.md');
    const summary = notes.split('\n\n').slice(1).join('\n\n');
    noForgery(summary, 'table summary');
  });

  it('--uid victim-sa: nothing to grant, in the scan and in the loop without a terminal', async () => {
    for (const args of [['scan', corpus, '--uid', VICTIM, '--format', 'json'], [corpus, '--uid', VICTIM, '--format', 'json']]) {
      const r = await cli([...args, '--year', '2024']);
      const doc = JSON.parse(r.stdout);
      expect(doc.findings, args.join(' ')).toEqual([]);
      expect(doc.stats.unverifiedLines).toBeGreaterThan(0);
    }
  });
});
