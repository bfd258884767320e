// `--json` on the commands that print data (grant, revoke, undo, history): what it means on scan,
// the data as one JSON document on stdout; notes, warnings and errors stay on stderr.
import type { Argv } from 'yargs';

export function withJsonOption<T>(y: Argv<T>, describe: string): Argv<T & { json?: boolean }> {
  return y.option('json', { type: 'boolean', describe }) as unknown as Argv<T & { json?: boolean }>;
}
