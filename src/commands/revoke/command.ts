import type { ApplyArgs } from '../grant/handler.js';
import type { CommandFactory } from '../context.js';
import { withClusterOptions } from '../options/cluster.js';
import { CLUSTER_ENV, environmentHelp } from '../options/env-help.js';
import { withGidOption } from '../options/group.js';
import { withJsonOption } from '../options/output.js';

// Thin: flags and a lazy import of the implementation (../grant/handler.ts, shared with grant).
const factory: CommandFactory = (ctx) => ({
  command: 'revoke [pairs..]',
  describe: 'revoke permissions: --uid UID (or --gid GROUP) RID ACTION [RID ACTION]..., or --from an `unused --format json` report (never deletes an ACL)',
  builder: (y) =>
    withJsonOption(withGidOption(withClusterOptions(
      y
        .positional('pairs', { type: 'string', array: true, describe: 'RID ACTION pairs' })
        .option('uid', { type: 'string', describe: 'the account to revoke from (with --from: must be the report\'s account)' })
        .option('from', { type: 'string', nargs: 1, describe: 'an `unused --format json` report (`-` = stdin): revoke the direct grants it found unused' })
        .option('allow-gaps', { type: 'boolean', describe: 'with --from: revoke even when the report\'s logs (or a grant\'s component\'s records) cover its window short (under 90% of it, or 7 days) or with gaps over 24 h, or read fewer hosts than the cluster lists (refused otherwise)' }),
    ), 'revoke from this group instead of an account (as dcos security org groups revoke)'),
    'print the results as one JSON document on stdout ({version, op, dryRun, cluster, session, results: [...], stopped})').epilogue(
      [
        'Examples:',
        '  take one permission back (the ACL itself stays):',
        '    audit2grant revoke --uid my-service dcos:adminrouter:service:marathon full',
        '  print the IAM requests instead of sending them (several RID ACTION pairs may follow --uid):',
        '    audit2grant revoke --uid svc dcos:adminrouter:ops:mesos full --dry-run',
        "  from a group (only the group's own entry; what members hold themselves stays):",
        '    audit2grant revoke --gid ops dcos:adminrouter:ops:mesos full',
        '  the grants an account did not use in the logs read (`audit2grant unused`); undo grants them back:',
        '    audit2grant unused --uid svc dcos://all --since 30d --json > unused.json',
        '    audit2grant revoke --from unused.json --dry-run   # without a terminal: add --yes',
        '    audit2grant revoke --from unused.json --yes   # asks on a terminal, else needs --yes',
        '  everything a grant session did, at once (see `audit2grant undo --help`):',
        '    audit2grant undo',
        '',
        '--from refuses a report whose read was not whole (a source failed or was read in part, an',
        'interrupted scan); and, unless --allow-gaps, one whose logs (or the records of the component',
        "that logs a grant's use) cover its window short or with gaps, or that read fewer hosts than the",
        'cluster has nodes. The window runs to now: a report made more than a day ago has that day unseen',
        '(a gap), so make it again rather than reach for --allow-gaps.',
        '',
        'Exit codes: 0 done (already held/absent counts as done); 1 a request failed at the IAM or the network; 2 usage error, or a safety rail refused the batch (nothing was applied).',
        '',
        environmentHelp([...CLUSTER_ENV, 'XDG_STATE_HOME', 'SUDO_UID']),
      ].join('\n'),
    ),
  handler: async (argv) => {
    const { runApply } = await import('../grant/handler.js');
    await runApply('revoke', argv as ApplyArgs, ctx);
  },
});
export default factory;
