import type { CommandFactory } from '../context.js';
import { withClusterOptions } from '../options/cluster.js';
import { CLUSTER_ENV, environmentHelp, SOURCE_ENV } from '../options/env-help.js';
import { examplesHelp } from '../options/examples.js';
import { withGidOption } from '../options/group.js';
import { withScanOptions, withStdinSources } from '../options/scan.js';
import { withSshOptions } from '../options/ssh.js';
import { checkFirstWord } from '../usage.js';
import { UsageError } from '../../errors.js';
import type { ScanCommandArgs } from '../scan/handler.js';
import { loopFlagsIgnoredNotice, loopOnlyFlags } from './headless-flags.js';

/** The default command with no SOURCE and no terminal: what it is and how to start, as the help's first lines say. */
const noSource = (): UsageError => new UsageError(
  'no SOURCE given: without a terminal the default command (the interactive review-and-grant loop) runs as `scan`, which needs one',
  'usage: audit2grant [SOURCE...] --uid UID on a terminal (the loop), audit2grant scan SOURCE... (headless), audit2grant demo (the whole loop on a simulated cluster); SOURCE: a file, directory, glob, `-` for stdin, ssh://host or dcos://all; see `audit2grant --help`',
);

// The default command: on a terminal, the interactive review-and-grant loop; without one (pipes,
// CI), exactly `scan` with the same flags. The UI (ink/react) is imported only on a terminal.
const factory: CommandFactory = (ctx) => ({
  command: '$0 [sources..]',
  describe: 'interactive review-and-grant loop (no TTY: acts as scan)',
  builder: (y) =>
    withSshOptions(
      withGidOption(withClusterOptions(
        withScanOptions(
          y.positional('sources', {
            type: 'string',
            array: true,
            describe: 'file (plain text in UTF-8 or UTF-16, .gz, bundle .zip, .journal), directory, glob, - (stdin), ssh://[user@]host[:port], or dcos://leader|masters|agents|all|agent/ID|IP (the logging API)',
          }),
        ),
      ), 'grant the batches to this group instead of the account (undo takes them back from the group); without a terminal: as scan --gid'),
    )
      .option('quiet-period', { type: 'number', default: 60, describe: 'seconds without new denials after a grant before saying the service has what it needs (default 60)' })
      .epilogue(
        `${examplesHelp([
          ['watch a master live, grant as denials appear', 'audit2grant ssh://master1 --uid my-service --jump master1'],
          ['the same for every node, through the logging API (no SSH keys)', 'audit2grant dcos://all --uid my-service'],
          ['review a saved journal (appends are followed)', 'audit2grant journal.log --uid my-service'],
          ['the whole loop on a built-in simulated cluster', 'audit2grant demo'],
        ])}\n\n${environmentHelp([...CLUSTER_ENV, ...SOURCE_ENV, 'XDG_STATE_HOME', 'SUDO_UID', 'NO_COLOR'])}`,
      ),
  handler: async (argv) => {
    checkFirstWord(withStdinSources((argv as { sources?: string[] }).sources, ctx.argv));
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      // Exactly what `scan` does, in `scan`'s handler.
      const { runScanCommand } = await import('../scan/handler.js');
      const a = argv as unknown as ScanCommandArgs;
      // Nothing to read: said as the command typed (the default one, not `scan`), with how to start.
      if (withStdinSources(a.sources, ctx.argv).length === 0 && !a.allNodes) throw noSource();
      const ignored = loopFlagsIgnoredNotice(loopOnlyFlags(argv as never, ctx.argv ?? []));
      if (ignored) process.stderr.write(`${ignored}\n`);
      ctx.setExitCode(await runScanCommand({ ...a, sources: withStdinSources(a.sources, ctx.argv) }, ctx.signal));
      return;
    }
    const { runInteractiveCommand } = await import('./handler.js');
    const a = argv as unknown as { sources?: string[] };
    ctx.setExitCode(await runInteractiveCommand({ ...(argv as object), sources: withStdinSources(a.sources, ctx.argv) } as never, ctx.signal));
  },
});
export default factory;
