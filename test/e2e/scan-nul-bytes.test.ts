// A UTF-8 log with UTF-16LE appended (PowerShell 5.1's `>>`: no BOM, CRLF), through the built CLI
// (`npm run build` first): the warning on stderr, no clean verdict, exit 1 with
// --fail-on-findings (3 when the UTF-8 part holds findings).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';

const { tmp } = scratch('a2g-e2e-nul-');
const FX = join(import.meta.dirname, '../../fixtures/sample');
const AGENT = readFileSync(join(FX, 'agent-1.log'), 'utf8');
const appended = Buffer.from(AGENT.replace(/\n/g, '\r\n'), 'utf16le');

describe('scan of a log with UTF-16 appended', () => {
  it('allows, then UTF-16LE denials: no verdict, exit 1 with --fail-on-findings, the place said', async () => {
    const allows = readFileSync(join(FX, 'master-1.log'), 'utf8').split('\n').filter((l) => !l.includes('result=deny')).join('\n') + '\n';
    const f = join(tmp(), 'utf8-then-utf16.log');
    writeFileSync(f, Buffer.concat([Buffer.from(allows), appended]));
    const r = await runCli(['scan', f, '--fail-on-findings']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No verdict: some input was read only in part (see the warnings on stderr).');
    expect(r.stdout).not.toContain('No permission denials found');
    expect(r.stderr).toContain(`audit2grant: warning: ${f} holds NUL bytes from byte ${Buffer.byteLength(allows) + 1} (UTF-16 or binary data appended to the log?)`);
    const json = await runCli(['scan', f, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).warnings).toEqual([expect.objectContaining({ kind: 'nul-bytes', source: f })]);
  });

  it('findings in the UTF-8 part still exit 3', async () => {
    const f = join(tmp(), 'mixed.log');
    writeFileSync(f, Buffer.concat([readFileSync(join(FX, 'master-1.log')), appended]));
    const r = await runCli(['scan', f, '--fail-on-findings']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('holds NUL bytes from byte');
  });
});
