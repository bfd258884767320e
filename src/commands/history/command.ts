import type { CommandFactory } from '../context.js';
import { environmentHelp } from '../options/env-help.js';
import { withJsonOption } from '../options/output.js';
import type { HistoryArgs } from './handler.js';

// Thin: flags and a lazy import of the implementation (./handler.ts).
const factory: CommandFactory = (ctx) => ({
  command: 'history',
  describe: 'the local ledger of grants and revokes',
  builder: (y) =>
    withJsonOption(
      y
        .option('format', { choices: ['table', 'json', 'json-doc'] as const, describe: 'output format: table (default), json (the records, an array) or json-doc ({version, records, warnings}: also says what lines were skipped)' })
        .option('uid', { type: 'string', array: true, describe: "only this account's grants and revokes (repeatable; with --gid: either)" })
        .option('gid', { type: 'string', array: true, describe: "only this group's grants and revokes (repeatable)" })
        .option('session', { type: 'string', array: true, describe: 'only this session (repeatable; the SESSION column)' }),
      'same as --format json',
    ).epilogue(
      [
        'Examples:',
        '  every grant and revoke made from this machine, by session:',
        '    audit2grant history',
        '  one account\'s grants and revokes, then one session of it:',
        '    audit2grant history --uid my-service',
        '    audit2grant history --session 20240502T101500Z-3f9a1c',
        '  the same as JSON, e.g. the sessions of one account:',
        "    audit2grant history --format json | jq '.[] | select(.uid == \"my-service\")'",
        '  the same records with the warnings of lines skipped (a script can tell the history is incomplete):',
        "    audit2grant history --format json-doc | jq -e '.warnings == []'",
        '',
        environmentHelp(['XDG_STATE_HOME']),
      ].join('\n'),
    ),
  handler: async (argv) => {
    const { runHistory } = await import('./handler.js');
    await runHistory(argv as HistoryArgs, ctx);
  },
});
export default factory;
