// Finding H4, through the built CLI (`npm run build` first): a denial whose object or uid holds a
// byte that is not valid UTF-8 is no finding (a grant of the `\xNN` text would not be of what was
// denied), but it is no silence either: a warning counts such denials and names where the first
// is, and a scan without findings has no clean verdict ("No permission denials found." would be
// false), so --fail-on-findings fails it (docs/verdicts.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ar } from '../pipeline/lines.js';

/** A line whose first `at` text is followed by a byte 0xff (no UTF-8 holds it). */
const withFF = (line: string, at: string): Buffer => {
  const i = line.indexOf(at) + at.length;
  return Buffer.concat([Buffer.from(line.slice(0, i)), Buffer.from([0xff]), Buffer.from(`${line.slice(i)}\n`)]);
};
const ALLOW = Buffer.from(`${ar({ result: 'allow', uid: 'svc' })}\n`);
const BAD_OBJECT = withFF(ar({ conn: 8, uid: 'svc', rid: 'dcos:adminrouter:service:kafka' }), 'service:');
const BAD_UID = withFF(ar({ conn: 9, uid: 'svcX' }), 'uid=svc');
const GOOD = Buffer.from(`${ar({ conn: 10, uid: 'svc', rid: 'dcos:adminrouter:ops:metadata' })}\n`);

let dir: string;
const at = (name: string): string => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-inexact-'));
  writeFileSync(at('only.log'), Buffer.concat([ALLOW, BAD_OBJECT, ALLOW]));
  writeFileSync(at('with-finding.log'), Buffer.concat([ALLOW, GOOD, ALLOW, BAD_OBJECT, BAD_UID]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WARNING = (n: number, file: string, line: number): RegExp =>
  new RegExp(`^audit2grant: warning: ${n} denial\\(s\\) could not be named exactly \\(a byte of their uid, object or action is not valid UTF-8, shown as \\\\xNN\\): .* e\\.g\\. ${file.replace(/[.]/g, '\\.')}, line ${line}: \\S+ m1 nginx`, 'm');

describe('denials whose fields hold a byte that is not valid UTF-8', () => {
  it('alone among allows: no finding, a warning with the count and the line, no clean verdict', async () => {
    const r = await runCli(['scan', at('only.log')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(WARNING(1, at('only.log'), 2));
    expect(r.stdout).toMatch(/^No verdict: some denials could not be named exactly/);
    expect(r.stdout).not.toMatch(/No permission denials found/);
    expect((await runCli(['scan', at('only.log'), '--fail-on-findings'])).code).toBe(1);
    const doc = JSON.parse((await runCli(['scan', at('only.log'), '--format', 'json'])).stdout);
    expect([doc.findings, doc.stats.denyLines, doc.warnings.map((w: { kind: string }) => w.kind)]).toEqual([[], 0, ['inexact-denials']]);
  });

  it('beside a real finding: only that one is a finding (a grant), the others are counted in the warning', async () => {
    const r = await runCli(['scan', at('with-finding.log'), '--format', 'json', '--fail-on-findings']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.map((f: { uid: string; rid: string }) => [f.uid, f.rid])).toEqual([['svc', 'dcos:adminrouter:ops:metadata']]);
    expect(r.stderr).toMatch(WARNING(2, at('with-finding.log'), 4));
    const script = await runCli(['scan', at('with-finding.log'), '--format', 'dcos']);
    // No command for them; the script's top says its grants may be partial (the warning, as a comment).
    const commands = script.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(commands).toEqual(['dcos security org users grant svc dcos:adminrouter:ops:metadata full']);
    expect(script.stdout).toMatch(/^# PARTIAL: 2 denial\(s\)/m);
  });

  it('with --uid: another principal named exactly is left out; a uid that is not exact may be the one asked for', async () => {
    const other = await runCli(['scan', at('only.log'), '--uid', 'bob', '--format', 'json']);
    expect(JSON.parse(other.stdout).warnings.map((w: { kind: string }) => w.kind)).not.toContain('inexact-denials');
    const inexactUid = await runCli(['scan', at('with-finding.log'), '--uid', 'bob']);
    expect(inexactUid.stderr).toMatch(WARNING(1, at('with-finding.log'), 5));
  });
});
