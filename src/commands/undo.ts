import type { CommandFactory } from './context.js';
import { withClusterOptions } from './options/cluster.js';

// Thin: flags and a lazy import of the implementation (src/iam/run/undo.ts).
const factory: CommandFactory = (ctx) => ({
  command: 'undo',
  describe: 'revoke what a session granted (default: the last one not yet undone)',
  builder: (y) =>
    withClusterOptions(y.option('session', { type: 'string', describe: 'session id (see `audit2grant history`)' })).epilogue(
      [
        'Examples:',
        '  revoke what the last session granted (what was already held before it stays):',
        '    audit2grant undo',
        '  a given session, from the ids `audit2grant history` lists; requests only printed:',
        '    audit2grant undo --session 20260301T100000Z-1a2b3c --dry-run',
        '',
        'Exit codes: 0 done; 1 a request failed at the IAM or the network, or no such session in the ledger; 2 usage error.',
      ].join('\n'),
    ),
  handler: async (argv) => {
    const { runUndo } = await import('../iam/run/undo.js');
    await runUndo(argv as import('../iam/run/undo.js').UndoArgs, ctx);
  },
});
export default factory;
