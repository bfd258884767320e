// A gzip log with bytes after its gzip data (`cat log.gz; printf garbage`): the denials at its very
// end are found, the rest is a named warning, and --fail-on-findings treats it as input read only
// in part. The built CLI as a process (`npm run build` first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli, type CliRun } from '../helpers/cli.js';
import { ar, plain } from '../pipeline/lines.js';

let dir: string;
const LATE = 30;
const warnings = (r: CliRun): string[] => r.stderr.split('\n').filter((l) => l.startsWith('audit2grant: warning: '));

/** 2 MB of journal lines, then `tail` (the last lines, all in zlib's last output chunk). */
const log = (tail: string[]): string => [...Array.from({ length: 25_000 }, (_, i) => plain(i)), ...tail, ''].join('\n');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-partial-'));
  const late = Array.from({ length: LATE }, (_, k) => ar({ uid: `late-${k}`, conn: k }));
  writeFileSync(join(dir, 'denials.log.gz'), Buffer.concat([gzipSync(log(late)), Buffer.from('garbage')]));
  writeFileSync(join(dir, 'allows.log.gz'), Buffer.concat([gzipSync(log([ar({ uid: 'svc1', result: 'allow' })])), Buffer.from('garbage')]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bytes after the gzip data', () => {
  it('every denial of the last chunk is found; one gzip-trailing-bytes warning, no error, exit 0', async () => {
    const file = join(dir, 'denials.log.gz');
    const r = await runCli(['scan', file, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { findings: { uid: string }[]; errors: unknown[]; warnings: { kind: string; source: string }[] };
    expect(doc.findings).toHaveLength(LATE);
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([expect.objectContaining({ kind: 'gzip-trailing-bytes', source: file })]);
    expect(warnings(r)).toEqual([expect.stringMatching(/; the 7 bytes after it are not gzip and were not scanned/)]);
  });

  it('--fail-on-findings: findings win (3); without a finding the run fails (1) and says there is no verdict', async () => {
    expect((await runCli(['scan', join(dir, 'denials.log.gz'), '--fail-on-findings', '--json'])).code).toBe(3);
    const failed = await runCli(['scan', join(dir, 'allows.log.gz'), '--fail-on-findings']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^No verdict: some input was read only in part/);
    expect((await runCli(['scan', join(dir, 'allows.log.gz')])).code).toBe(0);
  });
});
