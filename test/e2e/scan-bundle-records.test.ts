// The built CLI (`npm run build` first) on bundles whose zip records disagree about what they hold:
// a denial hidden past an under-counted end record, and a denial stored twice. Neither may end in
// "No permission denials found." nor in a doubled count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ar } from '../pipeline/lines.js';
import { patchEnd, zipBytes } from '../sources/zip-bytes.js';

const AR = '10.0.0.1_master/dcos-adminrouter.service';
const allow = `${ar({ uid: 'svc1', result: 'allow' })}\n`;
const deny = `${ar({ uid: 'svc1' })}\n`;
let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-bundle-records-'));
  const logs = [
    { name: AR, content: allow },
    { name: '10.0.0.1_master/dcos-mesos-master.service', content: allow },
    { name: '10.0.0.2_agent/dcos-adminrouter-agent.service', content: deny }, // the only denial: last
  ];
  writeFileSync(at('whole.zip'), zipBytes(logs));
  writeFileSync(at('under.zip'), patchEnd(zipBytes(logs), { entries: 2 }));
  writeFileSync(at('twice.zip'), zipBytes([{ name: AR, content: deny }, { name: `./${AR}`, content: deny }]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundles whose records disagree', () => {
  it('the consistent bundle: the denial is found (exit 3 with --fail-on-findings)', async () => {
    const r = await runCli(['scan', at('whole.zip'), '--fail-on-findings', '--format', 'json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ uid: 'svc1', count: 1 })]);
  });

  it('the same bundle with its last entry left out of the count: refused, no verdict, exit 1', async () => {
    const r = await runCli(['scan', at('under.zip'), '--fail-on-findings']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`audit2grant: refusing bundle ${at('under.zip')}: its end record lists 2 entries, but its central directory goes on after them;`);
    expect(r.stdout).toContain('No verdict: no source could be read');
    expect(r.stdout).not.toContain('No permission denials found');
  });

  it('a log stored twice: refused, not counted twice, exit 1 even without --fail-on-findings', async () => {
    const r = await runCli(['scan', at('twice.zip'), '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings).toEqual([]);
    expect(doc.errors).toEqual([{ source: at('twice.zip'), message: expect.stringContaining(`entries "${AR}" and "./${AR}" are the same node log twice`) }]);
  });
});
