// Entry point: yargs parses, one thin file per command in commands/ does the rest.
// Command implementations are imported lazily so `scan` never loads ink/react or ssh2.
import yargs, { type Argv } from 'yargs';
import { describeError, EXIT, UsageError } from './errors.js';
import { runCleanups } from './lifecycle.js';
import { commands } from './commands/index.js';

export async function main(argv: string[]): Promise<number> {
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
    skipHelpCache(parser);
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

/**
 * yargs renders the whole help of the command it runs (cliui, string widths, an emoji regex) right
 * after starting its handler, to have it ready should the handler fail: ~35–60 ms of every run,
 * more than the rest of the CLI's start-up. Our `fail` handler never prints help (a usage error is
 * one line with a hint), and `--help` renders it when asked, so the cache is skipped. yargs has no
 * option for this: the usage instance is internal, hence the guard.
 */
function skipHelpCache(parser: Argv): void {
  const internal = (parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}
