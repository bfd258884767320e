// A bundle entry that is not a unit log and cannot be read or searched as text (a tar, .xz,
// UTF-32, bytes after a gzip's data) leaves the verdict its unpacked folder gets: it used to be
// passed over without a word, and a bundle holding an account's denials only there said "No
// permission denials found", exit 0. The fixtures' real bundles still get a clean verdict. The
// built CLI as a process (`npm run build` first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { runCli, type CliRun } from '../helpers/cli.js';
import { utf32le } from '../helpers/silent.js';
import { mesos } from '../pipeline/lines.js';
import { tar } from '../sources/tar-bytes.js';
import { zipBytes } from '../sources/zip-bytes.js';

const deny = `${mesos('extra-sa')}\n`;
/** Entry name → bytes: one unit log of another account's denial, extra-sa's denials only in the extras. */
const FILES: Record<string, Buffer> = {
  '10.0.1.5_agent/dcos-mesos-slave.service': Buffer.from(`${mesos('cassandra-sa')}\n`),
  'logs/master.log.xz': Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.from(deny)]),
  'logs/master-utf32.log': utf32le(deny),
  'logs/master-logs.tar.gz': gzipSync(tar('master.log', deny)),
  'logs/out.txt.gz': Buffer.concat([gzipSync('x\n'), Buffer.from(deny)]),
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-bundle-extras-'));
  writeFileSync(join(dir, 'bundle.zip'), zipBytes(Object.entries(FILES).map(([name, content]) => ({ name, content }))));
  for (const [name, content] of Object.entries(FILES)) {
    mkdirSync(join(dir, 'unz', dirname(name)), { recursive: true });
    writeFileSync(join(dir, 'unz', name), content);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scan = (source: string): Promise<CliRun> => runCli(['scan', source, '--uid', 'extra-sa', '--fail-on-findings', '--json']);
const outcome = (r: CliRun): { code: number | null; kinds: string[]; errors: number } => {
  const doc = JSON.parse(r.stdout) as { warnings: { kind: string }[]; errors: unknown[] };
  return { code: r.code, kinds: doc.warnings.map((w) => w.kind).sort(), errors: doc.errors.length };
};

describe('bundle extras that cannot be read or searched as text', () => {
  it('give the verdict of the same files unpacked: each said, no clean verdict, exit 1', async () => {
    const [zipped, unpacked] = await Promise.all([scan(join(dir, 'bundle.zip')), scan(join(dir, 'unz'))]);
    expect(outcome(zipped)).toEqual(outcome(unpacked));
    expect(outcome(zipped)).toEqual({ code: 1, kinds: ['gzip-trailing-bytes', 'uid-not-seen', 'unreadable-file', 'unreadable-file'], errors: 1 });
  });
});

describe("the fixtures' real bundles", () => {
  it.each(['bundle-new.zip', 'bundle-legacy.zip'])('%s: a clean verdict, nothing said of its reports', async (name) => {
    const zip = fileURLToPath(new URL(`../../fixtures/bundle/${name}`, import.meta.url));
    const r = await runCli(['scan', zip, '--uid', 'never-denied-sa', '--fail-on-findings']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No permission denials found for --uid never-denied-sa/);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('audit2grant:'))).toEqual([expect.stringContaining('--uid never-denied-sa was never denied')]);
  });
});
