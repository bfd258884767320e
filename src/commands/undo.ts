import type { CommandFactory } from './context.js';
import { withClusterOptions } from './options/cluster.js';

// Thin: flags and a lazy import of the implementation (src/iam/run/undo.ts).
const factory: CommandFactory = (ctx) => ({
  command: 'undo',
  describe: 'revoke what a session granted (default: the last one not yet undone)',
  builder: (y) => withClusterOptions(y.option('session', { type: 'string', describe: 'session id (see `audit2grant history`)' })),
  handler: async (argv) => {
    const { runUndo } = await import('../iam/run/undo.js');
    await runUndo(argv as import('../iam/run/undo.js').UndoArgs, ctx);
  },
});
export default factory;
