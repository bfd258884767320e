// Input the scan could not judge is no verdict (docs/verdicts.md): allows alone in a text file,
// audit-looking lines whose writer nothing shows, json messages journalctl left out as null, a line
// past the 1 MiB cap, a UTF-32 file named by itself. The built CLI as a process (`npm run build`
// first): the headline, json `warnings`, the exit code with --fail-on-findings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../helpers/cli.js';
import { utf32le } from '../helpers/silent.js';
import { ar, mesos } from '../pipeline/lines.js';

let dir: string;
const at = (f: string): string => join(dir, f);
const kinds = (r: CliRun): string[] => (JSON.parse(r.stdout) as { warnings: { kind: string }[] }).warnings.map((w) => w.kind);
const warnings = (r: CliRun): string[] => r.stderr.split('\n').filter((l) => l.startsWith('audit2grant: warning: '));

/** A Mesos audit line as `journalctl -o json` prints it; `unit` absent as with --output-fields without _SYSTEMD_UNIT. */
const MESOS_MSG = mesos('svc2').replace(/^.*?mesos-master\[3708\]: /, '');
const jsonEntry = (o: { i: number; message: string | null; unit?: boolean; extra?: string }): string =>
  JSON.stringify({
    __CURSOR: `s=1;i=${o.i}`,
    __REALTIME_TIMESTAMP: `155144160${o.i}000000`,
    _HOSTNAME: 'm2',
    SYSLOG_IDENTIFIER: 'mesos-master',
    _PID: '3708',
    ...(o.extra ? { EXTRA: o.extra } : {}),
    MESSAGE: o.message,
    ...(o.unit === false ? {} : { _SYSTEMD_UNIT: 'dcos-mesos-master.service' }),
  });
const allowMsg = MESOS_MSG.replace('result=deny', 'result=allow');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-unjudged-'));
  writeFileSync(at('notes.txt'), 'my notes\ntype=audit uid=x result=allow\n');
  // --output-fields without _SYSTEMD_UNIT: every audit line unverified, an allow among them.
  writeFileSync(at('fields.json'), [jsonEntry({ i: 1, message: allowMsg, unit: false }), jsonEntry({ i: 2, message: MESOS_MSG, unit: false }), ''].join('\n'));
  writeFileSync(at('fields-noallow.json'), [jsonEntry({ i: 2, message: MESOS_MSG, unit: false }), ''].join('\n'));
  writeFileSync(at('ok.json'), [jsonEntry({ i: 1, message: allowMsg }), ''].join('\n'));
  writeFileSync(at('null.json'), [jsonEntry({ i: 1, message: allowMsg }), jsonEntry({ i: 2, message: null }), ''].join('\n'));
  // An extra field pushes the entry's MESSAGE past the scanner's 1 MiB line cap.
  writeFileSync(at('big.json'), [jsonEntry({ i: 1, message: allowMsg }), jsonEntry({ i: 2, message: MESOS_MSG, extra: 'x'.repeat(1100 * 1024) }), ''].join('\n'));
  writeFileSync(at('ps.log'), utf32le(`${ar({ uid: 'svc1' })}\r\n`));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('allows counted from their bytes alone are no verdict', () => {
  it('a text file with an audit-looking allow: no journal output, exit 1 with --fail-on-findings', async () => {
    const r = await runCli(['scan', at('notes.txt'), '--uid', 'my-sa', '--fail-on-findings']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^No verdict: no journal output was read/);
    const j = await runCli(['scan', at('notes.txt'), '--json']);
    expect(kinds(j)).toEqual(['no-journal-output']);
  });

  it.each(['fields.json', 'fields-noallow.json'])('%s: every audit line unverified (json without _SYSTEMD_UNIT): its own warning, no verdict', async (f) => {
    const r = await runCli(['scan', at(f), '--uid', 'svc2', '--fail-on-findings']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^No verdict: every audit-looking line read was unverified/);
    expect(warnings(r)).toEqual([expect.stringContaining(`every audit-looking line of ${at(f)}`)]);
    expect(r.stdout).not.toContain('No permission denials found');
    const j = await runCli(['scan', at(f), '--json']);
    expect(j.code).toBe(0);
    expect(kinds(j)).toEqual(['unverified-audit-lines']);
  });

  it('the same entries with their unit are a verdict (the allow counts)', async () => {
    const r = await runCli(['scan', at('ok.json'), '--uid', 'svc2', '--fail-on-findings']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No permission denials found\./);
  });
});

describe('json messages left out as null (journalctl -o json without --all)', () => {
  it('are counted per source and warned of; no verdict, exit 1 with --fail-on-findings', async () => {
    const r = await runCli(['scan', at('null.json'), at('ok.json'), '--fail-on-findings', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { warnings: { kind: string; source: string; message: string }[] };
    expect(doc.warnings).toEqual([{ kind: 'null-messages', source: at('null.json'), message: expect.stringMatching(/1 journal message\(s\) were printed as "MESSAGE":null .*journalctl --all -o json$/) }]);
    const t = await runCli(['scan', at('null.json')]);
    expect(t.stdout).toMatch(/^No verdict: journal messages were left out as "MESSAGE":null/);
  });
});

describe('a line past the 1 MiB line cap', () => {
  it('is said to be cut (the file named); no verdict, exit 1 with --fail-on-findings', async () => {
    const r = await runCli(['scan', at('big.json'), '--uid', 'svc2', '--fail-on-findings', '--json']);
    expect(r.code).toBe(1);
    expect(kinds(r)).toEqual(['long-lines-cut']);
    expect(warnings(r)).toEqual([expect.stringContaining(`${at('big.json')}: 1 line(s) longer than 1 MiB were cut at 1 MiB`)]);
    const t = await runCli(['scan', at('big.json')]);
    expect(t.stdout).toMatch(/^No verdict: some lines were cut at the 1 MiB line limit/);
  });
});

describe('a UTF-32 file named by itself', () => {
  it('is told as in a directory: encoded data, convert it', async () => {
    const r = await runCli(['scan', at('ps.log'), '--fail-on-findings']);
    expect(r.code).toBe(1);
    expect(warnings(r)).toEqual([`audit2grant: warning: ${at('ps.log')} holds binary, encoded or compressed data of no known form (UTF-32, .xz, …): it was not checked; convert it to UTF-8 journalctl output (or decompress it) and scan it again`]);
  });
});
