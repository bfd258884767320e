// `--json` on the commands that print data (grant, revoke, undo, history): what it means on scan,
// the data as one JSON document on stdout; notes, warnings and errors stay on stderr.
import type { Argv } from 'yargs';
import { UsageError } from '../../errors.js';

export function withJsonOption<T>(y: Argv<T>, describe: string): Argv<T & { json?: boolean }> {
  return y.option('json', { type: 'boolean', describe }) as unknown as Argv<T & { json?: boolean }>;
}

/**
 * The output format of a command with both `--format` and `--json`: `--json` is `--format json`, so
 * `--json --format table` contradicts itself and is a usage error (json used to win silently).
 * `--format` has no yargs default for this: the default is applied here, once it is known unset.
 */
export function outputFormatOf<F extends string>(a: { format?: F; json?: boolean }, fallback: F): F | 'json' {
  if (!a.json) return a.format ?? fallback;
  if (a.format !== undefined && a.format !== 'json') throw new UsageError(`--json means --format json, not --format ${a.format}`, `give one of them: --format ${a.format}, or --json`);
  return 'json';
}
