// `grant` with no terminal: a SENSITIVE finding refuses the whole batch without --yes, a dry run
// says so as the real run does (same results, exit 2), and the refusal gives the way forward (--yes,
// or the jq filter keeping the NORMAL findings), which works as written. Whole-program runs of a real
// scan of the sample logs, granted against the sandbox IAM (needs `npm run build`).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, sandboxSuite, writeFile } from '../iam/helpers.js';

const SAMPLE = fileURLToPath(new URL('../../fixtures/sample', import.meta.url));
const SENSITIVE = 'dcos:adminrouter:ops:exhibitor full';
const HAVE_JQ = spawnSync('jq', ['--version']).status === 0;

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

  it('the refusal names --yes and a jq filter for the NORMAL findings, for a file and for a pipe', async () => {
    const file = await scanFile();
    const r = await run(['grant', '--from', file, '--uid', 'cassandra-sa', ...sb.flags()], sb.env);
    expect(r.stderr).toContain(`  hint: to grant the whole batch, run it again with --yes; to grant only the NORMAL findings (none needs a confirmation), with the same cluster options: jq '.findings |= map(select(.risk == "normal"))' ${file} | audit2grant grant --from - --uid cassandra-sa\n`);
    const piped = await run(['grant', '--from', '-', ...sb.flags()], sb.env, readFileSync(file, 'utf8'));
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain(`with the same cluster options: audit2grant scan ... --json | jq '.findings |= map(select(.risk == "normal"))' | audit2grant grant --from -\n`);
    // To a group: the command to copy keeps --gid (dropped, it granted the account instead: r-final3),
    // and the consents given already.
    const group = await run(['grant', '--from', file, '--gid', 'ops', '--force-native', '--dry-run', ...sb.flags()], sb.env);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain(`| audit2grant grant --from - --gid ops --force-native\n`);
    const both = await run(['grant', '--from', file, '--uid', 'cassandra-sa', '--gid', 'ops', '--dry-run', ...sb.flags()], sb.env);
    expect(both.stderr).toContain(`| audit2grant grant --from - --uid cassandra-sa --gid ops\n`);
    // A DANGEROUS pair given on the command line: the flags, no filter.
    const d = await run(['grant', '--uid', 'cassandra-sa', 'dcos:superuser', 'full', '--dry-run'], sb.env);
    expect(d.stderr).toContain('  hint: to grant the whole batch, run it again with --allow-dangerous --yes, or leave the refused pair out\n');
  });

  it.skipIf(!HAVE_JQ)('the hinted filter, run as written, grants the NORMAL findings and not the SENSITIVE one', async () => {
    const file = await scanFile();
    const r = await run(['grant', '--from', file, '--uid', 'cassandra-sa', ...sb.flags()], sb.env);
    const command = /jq '([^']+)' /.exec(r.stderr)?.[1] as string;
    const kept = execFileSync('jq', [command, file]);
    const g = await run(['grant', '--from', '-', '--uid', 'cassandra-sa', ...sb.flags()], sb.env, kept.toString());
    expect(g.code).toBe(0);
    // The derived one (an inferred mapping) is left out without --allow-derived, and said so.
    expect(g.stderr).toMatch(/note: skipped .*: derived: .*--allow-derived/);
    expect(sb.aces('cassandra-sa')).toHaveLength(7);
    expect(sb.aces('cassandra-sa')).not.toContain(SENSITIVE);
    expect((await run(['undo', ...sb.flags()], sb.env)).code).toBe(0);
  });
});
