import type { CommandFactory } from '../context.js';
import { CLUSTER_ENV, environmentHelp, SOURCE_ENV } from '../options/env-help.js';
import { withGidOption } from '../options/group.js';
import { withScanOptions, withStdinSources } from '../options/scan.js';
import { withScanSshOptions } from '../options/ssh.js';
import type { ScanCommandArgs } from './handler.js';

// `scan SOURCE...`: headless analysis. Only flags here; the pipeline is imported when it runs so
// start-up stays fast (and never loads ink/react; ssh2 only for ssh:// sources).
const factory: CommandFactory = (ctx) => ({
  command: 'scan [sources..]',
  describe: 'headless analysis: find the permissions denied in audit logs and print them',
  builder: (y) =>
    withScanSshOptions(withGidOption(withScanOptions(
      y.positional('sources', {
        type: 'string',
        array: true,
        describe: 'file (plain text in UTF-8 or UTF-16, .gz, bundle .zip, .journal), directory, glob, - (stdin), ssh://[user@]host[:port], or dcos://leader|masters|agents|all|agent/ID|IP (the logging API)',
      }),
    ), 'with --format dcos or curl: grant each permission to this group instead of the account (dcos security org groups grant)', 'Scan options:'))
      .epilog(
        [
          'Examples:',
          '  a saved `journalctl -u "dcos-*"` output:',
          '    audit2grant scan journal.log --uid my-service',
          '  a diagnostics bundle, printing the grant commands:',
          '    audit2grant scan bundle.zip --format dcos',
          // --all, as README.md's: without it journalctl prints a message holding a control byte as [N blob data].
          '  straight from a master, through stdin:',
          `    ssh master 'journalctl -u "dcos-*" -o short-iso --all' | audit2grant scan - --uid svc`,
          '  the same as Terraform resources to commit (risky and inferred ones commented out):',
          '    audit2grant scan bundle.zip --uid svc --format terraform > svc-grants.tf',
          "  the last hour, in journalctl's time syntax ('2026-03-01 10:00:00' is local time):",
          "    audit2grant scan ssh://core@10.0.0.1 --uid svc --since '1 hour ago'",
          '  every node through the logging API, no SSH keys (the cluster credentials, e.g. after `dcos auth login`):',
          '    audit2grant scan dcos://all --uid svc --since 2h',
          '  live from a node through a bastion, SSH flags as ssh spells them (-J, -p, -o, -F, -i):',
          '    audit2grant scan ssh://10.0.0.5 -J centos@bastion -oStrictHostKeyChecking=accept-new --uid svc',
          '  CI: fail (exit 3) while the service still lacks rights:',
          "    audit2grant scan 'logs/**/*.log.gz' --uid svc --json --fail-on-findings > findings.json",
          '',
          '',
        ].join('\n') +
          'Exit codes: 0 ok; 1 a source failed or Ctrl-C/SIGTERM interrupted the scan (everything read is still reported), or, with --fail-on-findings, ' +
          'a source held no journal output, a file was no log of a known form, the audit lines were all malformed or outside --since/--until, messages were hidden as [blob data] (nothing could be checked), or a source was read only in part (bytes after the gzip data of a .gz file, a file truncated while read, malformed UTF-16, NUL bytes: UTF-16 or binary data appended to a log), or a --uid was never seen while a close name was (a typo: what was asked was not checked); 2 usage error; 3 findings exist and ' +
          '--fail-on-findings was given (wins over 1).\n' +
          'A source with no journal output, journal output without audit lines, or a --uid never denied is ' +
          'said on stderr (a warning), not reported as "No permission denials found".\n' +
          'Data goes to stdout; progress, warnings and errors to stderr.\n\n' +
          // The cluster's variables matter for dcos:// sources and --all-nodes.
          environmentHelp([...CLUSTER_ENV, ...SOURCE_ENV, 'NO_COLOR', 'TERM']),
      ),
  handler: async (argv) => {
    const { runScanCommand } = await import('./handler.js');
    const args = argv as unknown as ScanCommandArgs;
    ctx.setExitCode(await runScanCommand({ ...args, sources: withStdinSources(args.sources, ctx.argv) }, ctx.signal));
  },
});
export default factory;
