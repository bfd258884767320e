// `grant` with no terminal: a SENSITIVE finding refuses the whole batch without --yes, and a dry run
// says so as the real run does (same results, exit 2). Whole-program runs of a real scan of the
// sample logs, granted against the sandbox IAM (needs `npm run build`).
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { run, sandboxSuite, writeFile } from '../iam/helpers.js';

const SAMPLE = fileURLToPath(new URL('../../fixtures/sample', import.meta.url));
const SENSITIVE = 'dcos:adminrouter:ops:exhibitor full';

const sb = sandboxSuite('a2g-unattended-', (iam) => iam.addUser('cassandra-sa', 'pw'));

/** cassandra-sa's findings from the sample logs: eight NORMAL ones (one derived) and one SENSITIVE. */
async function scanFile(): Promise<string> {
  const s = await run(['scan', SAMPLE, '--uid', 'cassandra-sa', '--json'], sb.env);
  expect(JSON.parse(s.stdout).findings.map((f: { risk: string }) => f.risk)).toContain('sensitive');
  return writeFile(sb.dir, 'scan.json', s.stdout);
}

describe('grant --from with no terminal and a SENSITIVE finding', () => {
  it('the dry run refuses as the real run does: same results, exit 2, and says a real run would refuse', async () => {
    const file = await scanFile();
    const before = sb.iam.requests.length;
    const real = await run(['grant', '--from', file, ...sb.flags()], sb.env);
    const dry = await run(['grant', '--from', file, '--dry-run', ...sb.flags()], sb.env);
    expect(real.code).toBe(2);
    expect(dry.code).toBe(2);
    expect(real.stdout).toContain(`refused        cassandra-sa ${SENSITIVE}  (SENSITIVE: granted unattended only with --yes)`);
    expect(dry.stdout).toBe(real.stdout);
    expect(real.stderr).toContain('nothing was granted: the batch is applied whole or not at all');
    expect(dry.stderr).toContain('dry run: a real run here would refuse: nothing would be granted');
    expect(sb.iam.requests.slice(before).filter((q) => q.method === 'PUT')).toEqual([]);
    expect(sb.aces('cassandra-sa')).toEqual([]);
    // With --yes the real run would grant all nine: so does the dry run.
    const yes = await run(['grant', '--from', file, '--dry-run', '--yes', ...sb.flags()], sb.env);
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain(`# grant cassandra-sa ${SENSITIVE}\n`);
  });
});
