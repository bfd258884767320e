import type { Argv } from 'yargs';
import type { CommandFactory } from '../context.js';
import { CLUSTER_ENV, environmentHelp, SOURCE_ENV } from '../options/env-help.js';
import { withStdinSources, YEAR_HELP } from '../options/scan.js';
import { withScanSshOptions } from '../options/ssh.js';
import type { UnusedArgs } from './handler.js';

export const UNUSED_FORMATS = ['table', 'json', 'dcos'] as const;
const GROUP = 'Unused options:';

// `unused --uid UID SOURCE...`: the grants an account holds but does not use in the logs read. Only
// flags here; the pipeline and the IAM client are imported when it runs.
const factory: CommandFactory = (ctx) => ({
  command: 'unused [sources..]',
  describe: 'the grants an account holds but never used in the logs read (least privilege the other way); revoke them with `revoke --from`',
  builder: (y: Argv) =>
    withScanSshOptions(
      y
        .positional('sources', { type: 'string', array: true, describe: 'where its allow lines are: file, directory, glob, - (stdin), ssh://host, dcos://all …, as for scan' })
        .option('uid', { type: 'string', requiresArg: true, group: GROUP, describe: 'the account whose grants are judged (its direct grants are read from the IAM: cluster flags as for grant)' })
        .option('since', { type: 'string', requiresArg: true, group: GROUP, describe: 'only lines at or after this time (as scan; the window judged starts there)' })
        .option('until', { type: 'string', requiresArg: true, group: GROUP, describe: 'only lines at or before this time (as scan; the window judged still ends now: what is left out is a gap)' })
        .option('year', { type: 'string', requiresArg: true, group: GROUP, describe: YEAR_HELP })
        .option('format', { choices: UNUSED_FORMATS, group: GROUP, describe: 'table (default), json (version 1: `revoke --from` reads it) or dcos (revoke commands; what is dangerous to touch commented out)' })
        .option('json', { type: 'boolean', group: GROUP, describe: 'same as --format json' }),
    ).epilogue(
      [
        'Examples:',
        '  a month of logs through the logging API, the account\'s grants from the IAM:',
        '    audit2grant unused --uid my-service dcos://all --since 30d',
        '  review, then revoke what was not used (undo re-grants it):',
        '    audit2grant unused --uid my-service bundle.zip --json > unused.json',
        '    audit2grant revoke --from unused.json --dry-run',
        '    audit2grant revoke --from unused.json',
        '  the revoke commands for an administrator:',
        '    audit2grant unused --uid my-service logs/ --format dcos',
        '',
        '"Not used" means not used in the window read: a weekly or monthly job\'s permission looks unused in a week of logs, so the window per host is printed and a short one is a warning. The window judged runs to now: logs that stop days ago (an old bundle) leave a gap, and revoke --from refuses them.',
        'Grants held through a group are listed separately and never revoked from the account.',
        '',
        'Exit codes: 0 ok; 1 a source or the IAM failed (what was read is still reported); 2 usage error.',
        '',
        environmentHelp([...CLUSTER_ENV, ...SOURCE_ENV]),
      ].join('\n'),
    ),
  handler: async (argv) => {
    const { runUnused } = await import('./handler.js');
    const args = argv as unknown as UnusedArgs;
    ctx.setExitCode(await runUnused({ ...args, sources: withStdinSources(args.sources, ctx.argv) }, ctx.signal));
  },
});
export default factory;
