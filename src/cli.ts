// Entry point: yargs parses, one thin file per command in commands/ does the rest.
// Command implementations are imported lazily so `scan` never loads ink/react or ssh2.
import { readFileSync } from 'node:fs';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { describeError, EXIT } from './errors.js';
import { runCleanups } from './lifecycle.js';
import { commands } from './commands/registry.js';
import { guarded, reportOnce } from './commands/stdio.js';
import { splitAttachedShortFlags } from './commands/options/ssh-argv.js';
import { checkSingleValues, checkSwitchValues, checkTokens, helpWidth, yargsFailure } from './commands/usage.js';

/**
 * Every option that takes a value requires one: `--uid` or `--format` with nothing after it is a
 * usage error, never an empty value or a silent default. Applied to each command's options here,
 * once, rather than flag by flag.
 */
function requiringValues(mod: CommandModule, raw: readonly string[]): CommandModule {
  const build = mod.builder;
  return {
    ...mod,
    builder: (y: Argv) => {
      const b = (typeof build === 'function' ? build(y) : y.options(build ?? {})) as Argv;
      // Not in yargs' typings, but public: the options declared so far and the help groups.
      const introspect = b as unknown as {
        getOptions(): { string: string[]; number: string[]; boolean: string[]; array: string[]; alias: Record<string, string[]>; choices: Record<string, unknown> };
        getGroups(): Record<string, string[]>;
      };
      const o = introspect.getOptions();
      const positional = new Set(introspect.getGroups()['Positionals:'] ?? []);
      const keys = [...new Set([...o.string, ...o.number, ...Object.keys(o.choices)])].filter((k) => !positional.has(k));
      checkSwitchValues(raw, new Set(o.boolean.flatMap((k) => [k, ...(o.alias[k] ?? [])])));
      // --uid and --gid name their command in their own message (options/uid.ts, group.ts).
      const single = keys.filter((k) => !o.array.includes(k) && k !== 'uid' && k !== 'gid');
      return b.requiresArg(keys).check((a) => (checkSingleValues(a, single, o.alias), true));
    },
  };
}

/**
 * Types and defaults are said in the descriptions: yargs right-aligns them after the text, glued
 * to its last word when the text fills the line. (`usageConfiguration` is missing from the typings.)
 */
function hideTypes(y: Argv): Argv {
  return (y as unknown as { usageConfiguration(c: Record<string, boolean>): Argv }).usageConfiguration({ 'hide-types': true });
}

export async function main(rawArgv: string[]): Promise<number> {
  const argv = splitAttachedShortFlags(rawArgv);
  // A usage error printed to a closed pipe (`audit2grant scan --bogus 2>&1 | head -0`) must not
  // become a stack trace: the streams are guarded before anything is written (stdio.ts).
  guarded(process.stdout);
  guarded(process.stderr);
  let code: number = EXIT.ok;
  const controller = new AbortController();
  // `on`, not `once`: ink's signal-exit listener re-sends a signal when it finds no other listener,
  // and a `once` listener is gone before it runs, so the loop died at once, no answer awaited, no
  // summary. A second signal still ends the process at once: our listeners leave and it goes again,
  // to the default action (or to signal-exit, which restores the terminal first).
  const onSignal = (sig: NodeJS.Signals): void => {
    if (!controller.signal.aborted) return controller.abort(new Error('interrupted'));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.kill(process.pid, sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let parser: Argv = hideTypes(yargs(argv))
      .scriptName('audit2grant')
      // yargs prints --help and --version and returns; main() returns the exit code like any other
      // run, so cleanups run and nothing ends the process half-way (bin/ sets process.exitCode).
      .exitProcess(false)
      .usage('$0 [SOURCE...] --uid UID\n\nFind the DC/OS permissions a service account is denied in the audit log, explain them, and grant exactly those.')
      .strict()
      .help()
      .alias('h', 'help')
      // Read only when asked: a few file reads no other run needs.
      .version(argv.includes('--version') ? ownVersion() : 'unknown')
      // Never narrower than HELP_MIN_WIDTH: a narrow terminal wraps long lines itself, but nothing
      // (an option's text, an example command) is ever cut inside a token by the layout.
      .wrap(helpWidth(process.stdout.columns))
      .fail((msg, err, y) => {
        // yargs' own parse failures (YError, or a message) are usage errors; anything a builder or
        // handler threw keeps its own kind.
        if (err && err.name !== 'YError') throw err;
        // The command's described options, for a near miss (the third argument is yargs' usage object, untyped).
        const known = Object.keys((y as unknown as { getDescriptions(): Record<string, unknown> }).getDescriptions());
        throw yargsFailure(msg, err, argv, known);
      });
    checkTokens(argv);
    const ctx = { signal: controller.signal, setExitCode: (c: number) => (code = c), argv };
    for (const make of commands) parser = parser.command(requiringValues(make(ctx), argv));
    skipHelpCache(parser);
    await parser.parseAsync();
    // --help and --version print outside every command's handler (stdio.ts withGuardedOutput checks
    // those): a stdout that could not take them fails the run here, as it would any command's output.
    const out = guarded(process.stdout);
    await out.settled();
    if (out.failure) {
      reportOnce(out.failure, (s) => process.stderr.write(s));
      if (code === EXIT.ok) code = EXIT.failed;
    }
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

/**
 * This package's version, from its own package.json (up from this module: src/, dist/ or
 * dist/bundle/). yargs' own lookup starts where it thinks the program lives, which for the bundle
 * (no node_modules in its path) is the working directory: `--version` printed "unknown", or the
 * version of whatever project the user stood in.
 */
function ownVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (let up = 0; up < 4; up++, dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'audit2grant' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // none here, or not ours: one level up
    }
  }
  return 'unknown';
}
