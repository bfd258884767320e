// A .gz cut short inside its only audit line: that line is malformed because the file ends there, so
// the headline and the warning point at the cut (the source's error), not a logger's 2048-byte limit.
// Whole program (needs `npm run build`).
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../iam/helpers.js';

const t = tempDir('a2g-trunc-gz-');
afterAll(() => t.cleanup());
const MESOS = join(import.meta.dirname, '../../fixtures/messages/mesos.log');

/** A gzip member of `text` with no last block and no trailer: gunzip reads all of `text`, then finds the cut. */
function cutGzip(text: string): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  return Buffer.concat([header, deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_SYNC_FLUSH })]);
}

describe('scan of a truncated .gz whose audit line is cut by the truncation', () => {
  it('says the source ended partway, in the headline and the warning', async () => {
    const deny = readFileSync(MESOS, 'utf8').split('\n')[0] as string;
    const file = join(t.dir, 'cut.log.gz');
    writeFileSync(file, cutGzip(`2024-05-14T09:00:19+0000 master-1 systemd[1]: Started Mesos Master.\n${deny.slice(0, 200)}`));
    const r = await runCli(['scan', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`audit2grant: truncated gzip: ${file} ends before the end of its compressed data`);
    expect(r.stdout.split('\n')[0]).toBe('No verdict: a source ended partway (see the errors on stderr), and every audit line read was malformed, likely cut there.');
    expect(r.stderr).toContain(`warning: every audit line read (1) was malformed: cut where ${file} ended partway (see the error), at a 2048-byte logger limit, or not of its writer's form`);
  });

  it('a whole file of malformed lines still blames the lines, not a cut', async () => {
    const deny = readFileSync(MESOS, 'utf8').split('\n')[0] as string;
    const file = join(t.dir, 'whole.log');
    writeFileSync(file, `${deny.slice(0, 200)}\n`);
    const r = await runCli(['scan', file]);
    expect(r.stdout.split('\n')[0]).toBe('No verdict: every audit line read was malformed (see the warning on stderr).');
    expect(r.stderr).toContain('was malformed: cut (e.g. at a 2048-byte logger limit) or not of its writer');
  });
});
