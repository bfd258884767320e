// Argument mistakes are usage errors: one line naming the problem, a hint, exit 2, never a stack.
// Used by cli.ts (yargs' failures, raw tokens) and the default command (a mistyped command word).
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { TOKEN_HINT } from '../cluster/token.js';
import { editDistance } from '../core/edit-distance.js';

/** The command words of the contract (README.md), for hints and "did you mean". */
export const COMMAND_WORDS = ['scan', 'grant', 'revoke', 'undo', 'history', 'unused', 'demo', 'sandbox', 'completion'] as const;

/** Width help is laid out for: never narrower, so no option text or example is broken mid-token. */
export const HELP_MIN_WIDTH = 100;
export const HELP_MAX_WIDTH = 110;

export function helpWidth(columns: number | undefined): number {
  return Math.max(HELP_MIN_WIDTH, Math.min(HELP_MAX_WIDTH, columns || HELP_MIN_WIDTH));
}

/** `see audit2grant scan --help`, for the command the raw arguments name (else the top level). */
export function helpHint(raw: readonly string[]): string {
  const cmd = raw.find((t) => (COMMAND_WORDS as readonly string[]).includes(t));
  return `see \`audit2grant${cmd ? ` ${cmd}` : ''} --help\``;
}

/** yargs' message (often several lines: "Invalid values:\n  Argument: …") as one line. */
export function oneLine(msg: string): string {
  return msg
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/: (Argument: )/, ': ');
}

/** yargs' wording → ours, for the common mistakes. */
function reword(text: string, raw: readonly string[], known: readonly string[]): string {
  const missing = /^Not enough arguments following: (\S+)$/.exec(text);
  if (missing) {
    const [, name = ''] = missing;
    return `${name.length === 1 ? '-' : '--'}${name} needs a value`;
  }
  const choice = /^Invalid values?: (\S+), Given: (.+), Choices: (.+)$/.exec(text);
  if (choice) {
    const [, name = '', given = '', choices = ''] = choice;
    return `--${name}: ${given} is not one of ${choices.replace(/"/g, '')}`;
  }
  const unknown = /^Unknown arguments?: (.+)$/.exec(text);
  if (unknown) {
    // yargs names options without their dashes: say which were options and which stray words. An
    // option is named without its `=value`: a mistyped secret option (`--tokn=…`) must not echo it.
    const named0 = (unknown[1] ?? '').split(', ').map((n) => raw.find((t) => t.replace(/^-+/, '').split('=')[0] === n && t.startsWith('-'))?.split('=')[0] ?? n);
    // yargs also names a dashed option's camelCase copy (`clsterUrl` beside `--clster-url`): one mistake, said once.
    const named = named0.filter((n) => n.startsWith('-') || !named0.includes(`--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`));
    // A near miss names the option meant (`--formt` → --format): a name the command has, never the value given.
    const options = named.filter((n) => n.startsWith('-')).map((n) => {
      const close = closeOption(n, known);
      return close ? `${n} (did you mean ${close}?)` : n;
    });
    const words = named.filter((n) => !n.startsWith('-'));
    return [options.length ? `unknown option${options.length > 1 ? 's' : ''} ${options.join(', ')}` : '', words.length ? `unexpected argument${words.length > 1 ? 's' : ''} ${words.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
  }
  return text;
}

/**
 * The usage error for a yargs parse failure (`msg`, or the YError it threw); `known`: the long
 * options of the command being parsed (without dashes), for a mistyped one.
 */
export function yargsFailure(msg: string | null | undefined, err: Error | undefined, raw: readonly string[], known: readonly string[] = []): UsageError {
  return new UsageError(reword(oneLine(msg || err?.message || 'invalid arguments'), raw, known), helpHint(raw));
}

/** Options whose value is a secret: never echoed, in any message (docs/iam-api.md). Paths (--private-key, --sa-secret) are not. */
export const SECRET_OPTIONS: readonly string[] = ['--token'];

/** The secret option whose value raw[i] is (`--token VALUE`, `--token=VALUE`), or null. */
function secretOptionOf(raw: readonly string[], i: number): string | null {
  const t = raw[i] ?? '';
  return SECRET_OPTIONS.find((o) => t.startsWith(`${o}=`) || raw[i - 1] === o) ?? null;
}

/** A control character (a pasted line break, an escape) in any argument is a mistake, not a value. */
export function checkTokens(raw: readonly string[]): void {
  raw.forEach((t, i) => {
    const bad = /[\u0000-\u001f\u007f]/.exec(t);
    if (!bad) return;
    const secret = secretOptionOf(raw, i);
    if (secret) {
      const what = bad[0] === '\r' ? 'a carriage return (\\r)' : bad[0] === '\n' ? 'a line break (\\n)' : 'a control character';
      throw new UsageError(`the value of ${secret} holds ${what} (the value is a secret: not shown)`, TOKEN_HINT);
    }
    const what = bad[0] === '\n' || bad[0] === '\r' ? 'a line break' : 'a control character';
    throw new UsageError(
      `argument ${i + 1} (${JSON.stringify(t.length > 60 ? `${t.slice(0, 60)}…` : t)}) holds ${what}`,
      'quote each value whole on one line (a file with such a name: match it with a glob)',
    );
  });
}

/**
 * `--switch=VALUE` takes only `true` or `false`. yargs reads any other value as false, silently:
 * `grant --dry-run=1` granted for real and `scan --fail-on-findings=yes` let CI pass on findings.
 * `switches`: the command's boolean options and their aliases, as declared (kebab-case); yargs
 * also takes their camelCase spelling.
 */
export function checkSwitchValues(raw: readonly string[], switches: ReadonlySet<string>): void {
  for (const t of raw) {
    if (t === '--') return; // what follows is operands
    const m = /^--([^=]+)=([\s\S]*)$/.exec(t);
    if (!m) continue;
    const [, given = '', value = ''] = m;
    const name = given.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const on = switches.has(name) ? name : name.startsWith('no-') && switches.has(name.slice(3)) ? name.slice(3) : null;
    if (on === null || value === 'true' || value === 'false') continue;
    const shown = JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
    throw new UsageError(`--${given} is a switch: it takes no value (got ${shown})`, `give --${on} alone to turn it on (or --${on}=true / --${on}=false)`);
  }
}

/**
 * An option that takes one value, given twice, is a usage error. yargs makes it an array, which
 * each reader then took its own way: `--format json --format dcos` printed a table, `--since` read
 * "A,B" as one time, `-F` one path "a,b", `-J` failed inside the SSH code. Values are not echoed
 * (`--token` is a secret). `keys`: the command's single-valued options; `aliases`: yargs' map.
 */
export function checkSingleValues(argv: Record<string, unknown>, keys: readonly string[], aliases: Record<string, readonly string[]>): void {
  for (const k of keys) {
    const v = argv[k];
    if (!Array.isArray(v)) continue;
    // Not yargs' camelCase copies (`clusterUrl`); one-letter names (`-F`, `-J`) stay.
    const names = [k, ...(aliases[k] ?? [])].filter((n) => n.length === 1 || !/[A-Z]/.test(n)).sort((a, b) => a.length - b.length);
    const flag = names.map((n) => (n.length === 1 ? `-${n}` : `--${n}`)).join('/');
    throw new UsageError(`${flag} takes one value (given ${v.length} times)`, `give ${flag.split('/').pop()} once`);
  }
}

/**
 * The candidate `word` is a typo of (lower case; one edit from a word of up to `short` letters, two
 * from a longer one), the closest first, or null.
 */
function closest(word: string, candidates: Iterable<string>, short: number): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const c of candidates) {
    // Adjacent swaps count as one edit: `scna` is one step from `scan`.
    const d = editDistance(word, c, { transpositions: true });
    if (d <= (c.length <= short ? 1 : 2) && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** The long option (`--format`) a mistyped one (`--formt`) is close to among `known` (names without dashes), or null. */
export function closeOption(given: string, known: readonly string[]): string | null {
  const w = given.replace(/^--/, '').toLowerCase();
  if (!given.startsWith('--') || w.length < 3 || w.length > 30) return null;
  // Not yargs' camelCase copies of the same options, nor one-letter aliases.
  const k = closest(w, known.filter((o) => o.length >= 3 && !/[A-Z]/.test(o)), 5);
  return k === null ? null : `--${k}`;
}

/** The command a mistyped word is close to (`scna` → scan), or null. */
export function closeCommand(word: string): string | null {
  const w = word.toLowerCase();
  return w.length < 3 || w.length > 10 ? null : closest(w, COMMAND_WORDS, 4);
}

/**
 * The default command's SOURCEs: a word that names a command (`audit2grant journal.log completion`)
 * is a misplaced command, never a file, even when a file has that name (`./scan` reads such a file);
 * a first word that is not a file and is close to a command (`scna`) is a typo of that command.
 */
export function checkFirstWord(sources: readonly string[], exists: (p: string) => boolean = existsSync): void {
  const word = sources.find((s) => (COMMAND_WORDS as readonly string[]).includes(s));
  // `audit2grant help scan`, as git and npm take it: not "give scan first".
  if (word && sources[0] === 'help' && sources[1] === word) throw new UsageError(`"help ${word}" is not a command: each command has its own --help`, `audit2grant ${word} --help`);
  if (word) throw new UsageError(`"${word}" is a command, not a SOURCE: give it first (audit2grant ${word} …)`, `to read a file named ${word}, write ./${word}`);
  const first = sources[0];
  if (first === undefined || first === '-' || /[/\\*?[{:]/.test(first) || exists(first)) return;
  const cmd = closeCommand(first);
  if (cmd) throw new UsageError(`unknown command "${first}" (and no such file): did you mean ${cmd}?`, `audit2grant ${cmd} --help`);
}
