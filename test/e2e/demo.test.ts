// Without a terminal: the default command acts as `scan` (demo without a terminal: demo-headless.test.ts).
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { auditLines, CASSANDRA_STAGES } from '../../src/sandbox/service/index.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
const run = promisify(execFile);

describe('no TTY', () => {
  it('the default command prints exactly what scan prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a2g-notty-'));
    try {
      const f = join(dir, 'j.log');
      const ctx = { uid: 'cassandra-sa', now: Date.parse('2026-03-01T12:00:00Z'), host: 'm1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq: 1 };
      writeFileSync(f, CASSANDRA_STAGES.flatMap((s) => s.checks.flatMap((c) => auditLines(ctx, c, 'deny'))).join('\n') + '\n');
      const args = [f, '--uid', 'cassandra-sa', '--format', 'json'];
      const env = { ...process.env, DCOS_URL: '', DCOS_DIR: dir };
      const a = await run(process.execPath, [bin, ...args], { env });
      const b = await run(process.execPath, [bin, 'scan', ...args], { env });
      const strip = (s: string) => s.replace(/"elapsedMs": *[\d.]+/, '');
      expect(strip(a.stdout)).toBe(strip(b.stdout));
      expect(JSON.parse(a.stdout).findings).toHaveLength(7);
      expect(a.stderr).toBe('');
      // The loop's own flags grant nothing here: said, not dropped silently (a script expects grants).
      const c = await run(process.execPath, [bin, ...args, '--yes', '--dry-run', '--quiet-period', '5'], { env });
      expect(strip(c.stdout)).toBe(strip(b.stdout));
      expect(c.stderr).toBe(
        'audit2grant: --dry-run, --yes and --quiet-period are ignored without a terminal: the default command then runs as scan, which grants nothing; ' +
          'to grant from a script: audit2grant scan SOURCE... --json > findings.json, then audit2grant grant --from findings.json\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
