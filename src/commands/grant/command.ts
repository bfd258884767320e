import type { ApplyArgs } from './handler.js';
import type { CommandFactory } from '../context.js';
import { withClusterOptions } from '../options/cluster.js';
import { CLUSTER_ENV, environmentHelp } from '../options/env-help.js';
import { withGidOption } from '../options/group.js';
import { withJsonOption } from '../options/output.js';

const EXIT_TEXT =
  'Exit codes: 0 done (already held/absent counts as done); 1 a request failed at the IAM or the network; 2 usage error, or a safety rail refused the batch (nothing was applied).';

// Thin: flags and a lazy import of the implementation (./handler.ts; revoke shares it).
const factory: CommandFactory = (ctx) => ({
  command: 'grant [pairs..]',
  describe: 'grant permissions: --uid UID (or --gid GROUP) RID ACTION [RID ACTION]..., or --from a `scan --format json` file',
  builder: (y) =>
    withJsonOption(withGidOption(withClusterOptions(
      y
        .positional('pairs', { type: 'string', array: true, describe: 'RID ACTION pairs' })
        .option('uid', { type: 'string', describe: 'the account to grant to (with --from: keep only its findings)' })
        .option('from', { type: 'string', nargs: 1, describe: 'scan JSON file (`-` = stdin); each finding uses its own uid' })
        .option('all-accounts', { type: 'boolean', describe: 'with --from: grant the findings of every account in the file (without it, a file of several accounts needs --uid)' })
        .option('allow-derived', { type: 'boolean', describe: 'with --from: grant derived findings too (permissions inferred from a Marathon/Metronome action, not named by the log); without it they are left out with a note' }),
    ), 'grant to this group instead of an account: every member gets it (as dcos security org groups grant); with --from, each finding goes to the group'),
    'print the results as one JSON document on stdout ({version, op, dryRun, cluster, session, results: [...], stopped})').epilogue(
      [
        'Examples:',
        '  one permission, to the account the scan named:',
        '    audit2grant grant --uid my-service dcos:adminrouter:service:marathon full',
        '  what a scan found (sensitive ones asked for, dangerous ones refused without --allow-dangerous):',
        '    audit2grant scan journal.log --uid my-service --json > findings.json',
        '    audit2grant grant --from findings.json',
        '  derived findings (inferred mappings, left out without it) too, once checked:',
        '    audit2grant grant --from findings.json --allow-derived',
        '  see the exact IAM requests first, change nothing (refused as the real run here would be):',
        '    audit2grant grant --from findings.json --dry-run',
        '  no terminal (a script, CI): only the findings that need no confirmation (the rest need --yes):',
        "    jq '.findings |= map(select(.risk == \"normal\"))' findings.json | audit2grant grant --from -",
        '  to a group the team manages instead of the account (undo takes it back from the group):',
        '    audit2grant grant --gid ops dcos:adminrouter:ops:mesos full',
        '  the results for a script:',
        "    audit2grant grant --from findings.json --yes --json | jq '.results[] | select(.outcome == \"failed\")'",
        '',
        EXIT_TEXT,
        '',
        environmentHelp([...CLUSTER_ENV, 'XDG_STATE_HOME', 'SUDO_UID']),
      ].join('\n'),
    ),
  handler: async (argv) => {
    const { runApply } = await import('./handler.js');
    await runApply('grant', argv as ApplyArgs, ctx);
  },
});
export default factory;
