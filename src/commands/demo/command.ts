import type { CommandFactory } from '../context.js';
import { UsageError } from '../../errors.js';
import { environmentHelp } from '../options/env-help.js';

// `audit2grant demo`: the whole loop against a built-in simulated cluster (lazy import: the UI and
// the sandbox load only when the demo runs).
const factory: CommandFactory = (ctx) => ({
  command: 'demo',
  describe: 'the whole loop against a built-in simulated cluster: watch a service get denied, grant, repeat until clean',
  builder: (y) =>
    y
      .option('quiet-period', { type: 'number', default: 15, describe: 'seconds without new denials after a grant before saying the service has what it needs (default 15)' })
      .option('auto', { type: 'boolean', default: false, describe: 'run unattended (the default without a terminal): each round, grant what is safe; then print the summary' })
      .option('yes', { type: 'boolean', default: false, describe: 'SENSITIVE and uncatalogued grants without a second confirmation (unattended: grant them too); DANGEROUS ones never' })
      .option('retry-ms', { type: 'number', hidden: true, describe: 'pause between the simulated service attempts (ms)' })
      .option('state-file', { type: 'string', hidden: true, describe: 'JSON file with the service account ACL entries and service stage, rewritten after every attempt' })
      .example('$0 demo', 'start it; then space/a to select, g to grant, u to undo, q to quit')
      .example('$0 demo --auto', 'unattended: grant what is safe each round, print the summary')
      .example('$0 demo --yes', 'the same with the one SENSITIVE permission (the service\'s secret) granted too: the service gets to its last stage')
      .epilogue(environmentHelp(['NO_COLOR'])),
  handler: async (argv) => {
    const quiet = argv['quiet-period'] as number;
    if (!Number.isFinite(quiet) || quiet <= 0) throw new UsageError('--quiet-period must be a positive number of seconds');
    const retry = argv['retry-ms'] as number | undefined;
    if (retry !== undefined && (!Number.isFinite(retry) || retry < 10)) throw new UsageError('--retry-ms must be at least 10');
    // Without a terminal (a script, CI, a pipe) the same loop runs unattended; ink is never loaded.
    if (argv.auto || !process.stdin.isTTY || !process.stdout.isTTY) {
      const { runDemoUnattended } = await import('./unattended.js');
      return runDemoUnattended({ retryMs: retry, stateFile: argv['state-file'] as string | undefined, yes: argv.yes as boolean }, ctx.signal);
    }
    const { runDemo } = await import('./handler.js');
    await runDemo({ quietPeriod: quiet, retryMs: retry, stateFile: argv['state-file'] as string | undefined, yes: argv.yes as boolean }, ctx.signal);
  },
});
export default factory;
