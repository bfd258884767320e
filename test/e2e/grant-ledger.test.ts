// Concurrent runs append to one ledger without interleaving records (O_APPEND, one write per line).
// Runs the built module (dist/) in two processes at once: needs `npm run build`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../iam/helpers.js';

const ledgerModule = fileURLToPath(new URL('../../dist/iam/ledger.js', import.meta.url));
let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir('a2g-ledger-')));
afterEach(() => t.cleanup());

function writer(path: string, tag: string, n: number): Promise<number | null> {
  // Long details make each line ~1 KiB, so a torn write would show.
  const script = `
    const { Ledger } = await import(${JSON.stringify(ledgerModule)});
    const l = new Ledger(${JSON.stringify(path)});
    for (let i = 0; i < ${n}; i++) l.append([{ time: new Date().toISOString(), cluster: 'https://c', session: '${tag}', uid: 'svc', rid: 'dcos:r:' + i, action: 'read', op: 'grant', outcome: 'granted', aclCreated: false, detail: '${tag}'.repeat(100) }]);
  `;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    p.on('error', reject);
    p.on('close', resolve);
  });
}

describe('ledger under concurrency', () => {
  it('two processes × 500 records: every line whole, nothing lost', async () => {
    const path = join(t.dir, 'state', 'audit2grant', 'ledger.jsonl');
    const codes = await Promise.all([writer(path, 'aaaa', 500), writer(path, 'bbbb', 500)]);
    expect(codes).toEqual([0, 0]);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1000);
    const parsed = lines.map((l) => JSON.parse(l) as { session: string; detail: string; rid: string });
    for (const r of parsed) expect(r.detail).toBe(r.session.repeat(100));
    for (const tag of ['aaaa', 'bbbb']) {
      expect(parsed.filter((r) => r.session === tag).map((r) => r.rid)).toEqual(Array.from({ length: 500 }, (_, i) => `dcos:r:${i}`));
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
