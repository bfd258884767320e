import type { CommandFactory } from './context.js';
import { withScanOptions, withStdinSources } from './options/scan.js';
import { scanSshInput, withScanSshOptions } from './options/ssh.js';
import type { ScanCommandArgs } from '../pipeline/scan-command.js';

// `scan SOURCE...`: headless analysis. Only flags here; the pipeline is imported when it runs so
// start-up stays fast (and never loads ink/react; ssh2 only for ssh:// sources).
const factory: CommandFactory = (ctx) => ({
  command: 'scan [sources..]',
  describe: 'headless analysis: find the permissions denied in audit logs and print them',
  builder: (y) =>
    withScanSshOptions(withScanOptions(
      y.positional('sources', {
        type: 'string',
        array: true,
        describe: 'file (plain, .gz, bundle .zip, .journal), directory, glob, - (stdin), or ssh://[user@]host[:port]',
      }),
    ))
      .epilog(
        [
          'Examples:',
          '  a saved `journalctl -u "dcos-*"` output:',
          '    audit2grant scan journal.log --uid my-service',
          '  a diagnostics bundle, printing the grant commands:',
          '    audit2grant scan bundle.zip --format dcos',
          '  straight from a master, through stdin:',
          `    ssh master 'journalctl -u "dcos-*" -o short-iso' | audit2grant scan - --uid svc`,
          '  live from a node through a bastion, SSH flags as ssh spells them (-J, -p, -o, -F, -i):',
          '    audit2grant scan ssh://10.0.0.5 -J centos@bastion -oStrictHostKeyChecking=accept-new --uid svc',
          '  CI: fail (exit 3) while the service still lacks rights:',
          "    audit2grant scan 'logs/**/*.log.gz' --uid svc --json --fail-on-findings > findings.json",
          '',
          '',
        ].join('\n') +
          'Exit codes: 0 ok; 1 a source failed or Ctrl-C/SIGTERM interrupted the scan (everything read is still reported); 2 usage error; ' +
          '3 findings exist and --fail-on-findings was given (wins over 1).\n' +
          'Data goes to stdout; progress, warnings and errors to stderr.',
      ),
  handler: async (argv) => {
    const { runScanCommand } = await import('../pipeline/scan-command.js');
    const args = argv as unknown as ScanCommandArgs;
    const live = await scanSshInput(args, withStdinSources(args.sources, ctx.argv), ctx.signal);
    ctx.setExitCode(await runScanCommand({ ...args, ...live }, ctx.signal));
  },
});
export default factory;
