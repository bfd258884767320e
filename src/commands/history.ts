import type { CommandFactory } from './context.js';

// Thin: flags and a lazy import of the implementation (src/iam/run/history.ts).
const factory: CommandFactory = (ctx) => ({
  command: 'history',
  describe: 'the local ledger of grants and revokes',
  builder: (y) => y.option('format', { choices: ['table', 'json'] as const, default: 'table' as const, describe: 'output format' }),
  handler: async (argv) => {
    const { runHistory } = await import('../iam/run/history.js');
    await runHistory(argv as { format?: string }, ctx);
  },
});
export default factory;
