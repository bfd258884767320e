// The shell completion scripts `audit2grant completion` prints (pure: the command and option lists
// in, script text out). They are static: pressing TAB never starts audit2grant, so it costs nothing,
// and every list comes from the commands' own definitions, so it cannot drift from `--help`.

export interface CompletionCommand {
  /** The command word; '' for the default command (`audit2grant [SOURCE...]`). */
  name: string;
  /** Every option as typed: `--uid`, `-i`. */
  options: string[];
  /** The options that take a value, each with its fixed choices (empty: free text or a file). */
  values: Record<string, string[]>;
  /** The positional arguments: fixed choices, or files (readline's own file completion). */
  positional: string[] | 'files';
}

export interface CompletionSpec {
  program: string;
  commands: CompletionCommand[];
}

export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

/** Everything written into the script is a plain word: never quote-sensitive or expandable text. */
const WORD = /^-{0,2}[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function words(list: readonly string[]): string {
  for (const w of list) if (!WORD.test(w)) throw new Error(`completion: ${JSON.stringify(w)} is not a plain word`);
  return list.join(' ');
}

const fn = (program: string): string => `_${program.replace(/[^A-Za-z0-9]/g, '_')}`;

/** The `case "$prev"` arms of one command: choices for a value, nothing (readline's files) for free values. */
function valueArms(c: CompletionCommand, indent: string): string[] {
  const out: string[] = [];
  const free = Object.entries(c.values).filter(([, v]) => v.length === 0).map(([o]) => o);
  for (const [opt, choices] of Object.entries(c.values)) {
    if (choices.length) out.push(`${indent}${words([opt])}) COMPREPLY=($(compgen -W "${words(choices)}" -- "$cur")); return 0 ;;`);
  }
  if (free.length) out.push(`${indent}${words(free).replace(/ /g, '|')}) return 0 ;;`);
  return out;
}

/** The completion function, in the dialect bash and zsh's bashcompinit both run. */
function completionFunction(spec: CompletionSpec): string[] {
  const f = fn(spec.program);
  const named = spec.commands.filter((c) => c.name !== '');
  const dflt = spec.commands.find((c) => c.name === '');
  const valueOpts = Object.keys(dflt?.values ?? {});
  const lines = [
    `${f}() {`,
    '  local cur prev cmd="" i w skip=""',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev=""',
    '  if [ "$COMP_CWORD" -gt 0 ]; then prev="${COMP_WORDS[COMP_CWORD-1]}"; fi',
    '  # The command: the first word that is neither an option nor the value of one; a SOURCE there',
    '  # means the default command ("-").',
    '  i=1',
    '  while [ "$i" -lt "$COMP_CWORD" ]; do',
    '    w="${COMP_WORDS[i]}"',
    '    if [ -n "$skip" ]; then',
    '      skip=""',
    '    else',
    '      case "$w" in',
    ...(valueOpts.length ? [`        ${words(valueOpts).replace(/ /g, '|')}) skip=1 ;;`] : []),
    '        -*) ;;',
    `        ${words(named.map((c) => c.name)).replace(/ /g, '|')}) cmd="$w"; break ;;`,
    '        *) cmd="-"; break ;;',
    '      esac',
    '    fi',
    '    i=$((i + 1))',
    '  done',
    '  local opts=""',
    '  case "$cmd" in',
  ];
  for (const c of [...named, ...(dflt ? [dflt] : [])]) {
    lines.push(`    ${c.name === '' ? '""|-' : c.name})`);
    const arms = valueArms(c, '        ');
    if (arms.length) lines.push('      case "$prev" in', ...arms, '      esac');
    lines.push(`      opts="${words(c.options)}"`);
    if (Array.isArray(c.positional) && c.positional.length) {
      lines.push(`      if [[ "$cur" != -* ]]; then COMPREPLY=($(compgen -W "${words(c.positional)}" -- "$cur")); return 0; fi`);
    }
    lines.push('      ;;');
  }
  lines.push(
    '  esac',
    '  if [[ "$cur" == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
    '  elif [ -z "$cmd" ]; then',
    '    # The first word: a command; when none matches, readline offers files (SOURCEs).',
    `    COMPREPLY=($(compgen -W "${words(named.map((c) => c.name))}" -- "$cur"))`,
    '  fi',
    '  return 0',
    '}',
  );
  return lines;
}

export function bashCompletion(spec: CompletionSpec): string {
  const f = fn(spec.program);
  return [
    `# ${spec.program} completion for bash. Load it into this shell:`,
    `#   source <(${spec.program} completion bash)`,
    '# or for every new shell (bash-completion reads this directory):',
    `#   ${spec.program} completion bash > ~/.local/share/bash-completion/completions/${spec.program}`,
    ...completionFunction(spec),
    // -o default: where the function offers nothing (a SOURCE, a file value), readline completes file names.
    `complete -o bashdefault -o default -F ${f} ${spec.program}`,
    '',
  ].join('\n');
}

export function zshCompletion(spec: CompletionSpec): string {
  const f = fn(spec.program);
  return [
    `#compdef ${spec.program}`,
    `# ${spec.program} completion for zsh. Load it into this shell:`,
    `#   source <(${spec.program} completion zsh)`,
    '# or for every new shell, in ~/.zshrc after compinit:',
    `#   source <(${spec.program} completion zsh)`,
    '# It runs through zsh\'s bash-completion layer (bashcompinit), which compinit must have loaded first.',
    "if ! (( $+functions[compdef] )); then autoload -Uz compinit && compinit -u; fi",
    'autoload -U +X bashcompinit && bashcompinit',
    ...completionFunction(spec),
    `complete -o bashdefault -o default -F ${f} ${spec.program}`,
    '',
  ].join('\n');
}

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === 'zsh' ? zshCompletion(spec) : bashCompletion(spec);
}
