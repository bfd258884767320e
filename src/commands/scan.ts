import type { CommandFactory } from './context.js';
import { withScanOptions } from './options/scan.js';
import type { ScanCommandArgs } from '../pipeline/scan-command.js';

// `scan SOURCE...`: headless analysis. Only flags here; the pipeline is imported when it runs so
// start-up stays fast (and never loads ink/react; ssh2 only for ssh:// sources).
const factory: CommandFactory = (ctx) => ({
  command: 'scan [sources..]',
  describe: 'headless analysis: find the permissions denied in audit logs and print them',
  builder: (y) =>
    withScanOptions(
      y.positional('sources', {
        type: 'string',
        array: true,
        describe: 'file (plain, .gz, bundle .zip, .journal), directory, glob, - (stdin), or ssh://[user@]host[:port]',
      }),
    )
      .example('$0 scan journal.log --uid my-service', 'a saved `journalctl -u "dcos-*"` output')
      .example('$0 scan bundle.zip --format dcos', 'a diagnostics bundle; print the grant commands')
      .example(`ssh master 'journalctl -u "dcos-*" -o short-iso' | $0 scan - --uid svc`, 'read stdin')
      .example("$0 scan 'logs/**/*.log.gz' --uid svc --json --fail-on-findings", 'CI: exit 3 when the service still lacks rights')
      .epilog(
        'Exit codes: 0 ok; 1 a source failed (everything readable is still reported); 2 usage error; ' +
          '3 findings exist and --fail-on-findings was given (wins over 1).\n' +
          'Data goes to stdout; progress, warnings and errors to stderr.',
      ),
  handler: async (argv) => {
    const { runScanCommand } = await import('../pipeline/scan-command.js');
    ctx.setExitCode(await runScanCommand(argv as unknown as ScanCommandArgs, ctx.signal));
  },
});
export default factory;
