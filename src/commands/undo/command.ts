import type { UndoArgs } from './handler.js';
import type { CommandFactory } from '../context.js';
import { withClusterOptions } from '../options/cluster.js';
import { CLUSTER_ENV, environmentHelp } from '../options/env-help.js';
import { withGidOption } from '../options/group.js';
import { withJsonOption } from '../options/output.js';

// Thin: flags and a lazy import of the implementation (./handler.ts).
const factory: CommandFactory = (ctx) => ({
  command: 'undo',
  describe: 'revoke what a session granted, or grant back what it revoked as unused (`revoke --from`, the loop\'s held-not-used list; a plain `revoke` is never granted back) (default: the last one not yet undone)',
  builder: (y) =>
    withJsonOption(withGidOption(withClusterOptions(y.option('session', { type: 'string', describe: 'session id (see `audit2grant history`)' })),
      'only what the session granted to this group (default session: the last with grants to it left); grants to a group are always revoked from the group'),
    'print the results as one JSON document on stdout ({version, op: "undo", undoOf, results: [...], ...})').epilogue(
      [
        'Examples:',
        '  revoke what the last session granted (what was already held before it stays):',
        '    audit2grant undo',
        '  a given session, from the ids `audit2grant history` lists; requests only printed:',
        '    audit2grant undo --session 20260301T100000Z-1a2b3c --dry-run',
        '  only the grants made to one group:',
        '    audit2grant undo --gid ops',
        // Lines broken by hand stay under the help's narrowest width (usage.ts HELP_MIN_WIDTH): yargs
        // breaks a longer one again, leaving a word or two alone on a line mid-sentence.
        '  after `revoke --from unused.json`: grant back what it revoked; a grant-back is a grant:',
        '  SENSITIVE or uncatalogued permissions are asked about on a terminal and need --yes without one;',
        '  DANGEROUS ones, native accounts and revokes the ledger does not show applied are never granted',
        '  back (grant them by hand):',
        '    audit2grant undo --yes',
        '',
        'A plain `revoke --uid`/`--gid` is never granted back, and a bare `undo` never reaches past one:',
        'when the latest change not yet undone is such a revoke, it sends nothing, exits 1 and names it',
        '(grant it back by hand with `grant`, or name the earlier session with --session).',
        '',
        'Exit codes: 0 done; 1 a request failed at the IAM or the network, no such session in the ledger, a record refused, or (bare undo) the latest change is a plain revoke or its session has nothing undo can send; 2 usage error.',
        '',
        environmentHelp([...CLUSTER_ENV, 'XDG_STATE_HOME', 'SUDO_UID']),
      ].join('\n'),
    ),
  handler: async (argv) => {
    const { runUndo } = await import('./handler.js');
    await runUndo(argv as UndoArgs, ctx);
  },
});
export default factory;
