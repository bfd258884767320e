// What the completion scripts list, read from the commands' own builders (the same definitions
// `--help` shows), so the scripts cannot drift from the options that exist.
import yargs, { type CommandModule } from 'yargs';
import type { CompletionCommand, CompletionSpec } from '../../core/completion/index.js';
import type { CommandContext } from '../context.js';

interface Introspected {
  getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]>; boolean: string[]; count: string[]; choices: Record<string, unknown[]>; hiddenOptions: string[] };
  getGroups(): Record<string, string[]>;
}

const dash = (k: string): string => (k.length === 1 ? `-${k}` : `--${k}`);

function describeCommand(mod: CommandModule, positionalChoices: Record<string, string[]>): CompletionCommand {
  const name = String(Array.isArray(mod.command) ? mod.command[0] : mod.command).split(' ')[0] ?? '';
  const build = mod.builder;
  const y = yargs([]);
  const b = (typeof build === 'function' ? build(y) : y.options(build ?? {})) as unknown as Introspected;
  const o = b.getOptions();
  const positionals = new Set(b.getGroups()['Positionals:'] ?? []);
  const hidden = new Set(o.hiddenOptions);
  const keys = Object.keys(o.key).filter((k) => !positionals.has(k) && !hidden.has(k) && k !== '$0');
  const names = new Set<string>();
  const values: Record<string, string[]> = {};
  const flags = new Set([...o.boolean, ...o.count]);
  for (const k of keys) {
    const all = [k, ...(o.alias[k] ?? [])];
    for (const a of all) names.add(dash(a));
    if (!all.some((a) => flags.has(a))) for (const a of all) values[dash(a)] = (o.choices[k] ?? []).map(String);
  }
  const positional = Object.keys(positionalChoices).length && positionals.size
    ? [...positionals].flatMap((p) => positionalChoices[p] ?? [])
    : 'files';
  return { name: name === '$0' ? '' : name, options: [...names].sort(), values, positional: Array.isArray(positional) && positional.length ? positional : 'files' };
}

/** Every command's options, values and positionals, from the command list `--help` shows. */
export async function completionSpec(): Promise<CompletionSpec> {
  const { commands } = await import('../registry.js');
  const ctx: CommandContext = { signal: new AbortController().signal, setExitCode: () => {} };
  const list = commands.map((make) => {
    const mod = make(ctx);
    const word = String(mod.command).split(' ')[0];
    return describeCommand(mod, word === 'completion' ? { shell: ['bash', 'zsh'] } : {});
  });
  return { program: 'audit2grant', commands: list };
}

