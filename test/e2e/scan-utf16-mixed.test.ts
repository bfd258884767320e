// A UTF-16 log that goes on in UTF-8 (Windows PowerShell 5.1's `>`, then `| Add-Content`; or `cat
// ps.log new.log | audit2grant scan -`), through the built CLI (`npm run build` first): the UTF-8
// part's denials are found, as in the all-UTF-8 log, and a note says where it starts; a last line
// too short to tell is said, never a clean verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../helpers/cli.js';
import { utf16 } from '../helpers/utf16.js';
import { ar, plain } from '../pipeline/lines.js';

const HEAD = `${plain(1)}\n${ar({ uid: 'svc1', result: 'allow' })}\n`;
const DENIALS = `${ar({ uid: 'svc1' })}\n${ar({ uid: 'svc2', rid: 'dcos:mesos:master:task' })}\n`;
const HEAD16 = utf16(HEAD, 'le-bom');

let dir: string;
const at = (name: string): string => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-utf16-mixed-'));
  writeFileSync(at('utf8.log'), HEAD + DENIALS);
  writeFileSync(at('mixed.log'), Buffer.concat([HEAD16, Buffer.from(DENIALS)]));
  writeFileSync(at('short.log'), Buffer.concat([HEAD16, Buffer.from('ok\r\n')]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (r: CliRun, from = '', to = ''): unknown => {
  const d = JSON.parse(from ? r.stdout.split(from).join(to) : r.stdout) as { stats: { elapsedMs?: number } };
  delete d.stats.elapsedMs;
  return d;
};
const notes = (r: CliRun): string[] => r.stderr.split('\n').filter((l) => / is UTF-16| goes on in UTF-8/.test(l));

describe('a UTF-16 log that goes on in UTF-8', () => {
  it('a file: the json of the UTF-8 log, a note where the UTF-8 starts, and --fail-on-findings fails', async () => {
    const [want, got, fail] = await Promise.all([
      runCli(['scan', at('utf8.log'), '--json']),
      runCli(['scan', at('mixed.log'), '--json']),
      runCli(['scan', at('mixed.log'), '--fail-on-findings']),
    ]);
    expect((doc(want) as { findings: unknown[] }).findings).toHaveLength(2);
    expect(doc(got, 'mixed.log', 'utf8.log')).toEqual(doc(want));
    expect(notes(got)).toEqual([
      `audit2grant: ${at('mixed.log')} is UTF-16LE (it starts with a byte order mark): decoded to UTF-8 as it is read`,
      `audit2grant: ${at('mixed.log')} goes on in UTF-8 from byte ${HEAD16.length}, after a UTF-16LE line end (text appended by another tool: Add-Content, cat): read as UTF-8 from there`,
    ]);
    expect(fail.code).toBe(3);
  });

  it('stdin (cat ps.log new.log | audit2grant scan -)', async () => {
    const [want, got] = await Promise.all([
      runCli(['scan', '-', '--json'], { input: Buffer.from(HEAD + DENIALS) }),
      runCli(['scan', '-', '--json'], { input: Buffer.concat([HEAD16, Buffer.from(DENIALS)]) }),
    ]);
    expect(doc(got)).toEqual(doc(want));
    expect(notes(got)[1]).toMatch(/^audit2grant: stdin goes on in UTF-8 from byte \d+/);
  });

  it('a last line too short to tell: read as UTF-16 and said; no verdict', async () => {
    const r = await runCli(['scan', at('short.log')]);
    expect(r.stdout).toMatch(/^No verdict: some input was read only in part/);
    expect(r.stderr).toContain(`malformed UTF-16LE: a last line from byte ${HEAD16.length} that may be UTF-8 appended, too short to tell (read as UTF-16LE)`);
  });
});
