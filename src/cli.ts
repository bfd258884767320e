// Entry point: yargs parses, one thin file per command in commands/ does the rest.
// Command implementations are imported lazily so `scan` never loads ink/react or ssh2.
import yargs, { type Argv } from 'yargs';
import { describeError, EXIT, UsageError } from './errors.js';
import { runCleanups } from './lifecycle.js';
import { commands } from './commands/index.js';
import { splitAttachedShortFlags } from './commands/options/ssh-argv.js';

export async function main(rawArgv: string[]): Promise<number> {
  const argv = splitAttachedShortFlags(rawArgv);
  let code: number = EXIT.ok;
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let parser: Argv = yargs(argv)
      .scriptName('audit2grant')
      .usage('$0 [SOURCE...] --uid UID\n\nFind the DC/OS permissions a service account is denied in the audit log, explain them, and grant exactly those.')
      .strict()
      .help()
      .alias('h', 'help')
      .version()
      .wrap(Math.min(110, process.stdout.columns || 100))
      .fail((msg, err) => {
        if (err) throw err;
        throw new UsageError(msg, 'see `audit2grant --help`');
      });
    const ctx = { signal: controller.signal, setExitCode: (c: number) => (code = c), argv };
    for (const make of commands) parser = parser.command(make(ctx));
    await parser.parseAsync();
  } catch (err) {
    const d = describeError(err);
    process.stderr.write(`audit2grant: ${d.text}\n`);
    code = d.code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await runCleanups();
  }
  return code;
}
