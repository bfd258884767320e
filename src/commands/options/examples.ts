// Help examples as scan, grant, revoke and undo print them: what it does, then the command on a line
// of its own. yargs' .example() table wraps a long command inside its column (`--jump` on one line,
// its `master1` on the next), so the first line copied lacked the value.

/** The `Examples:` block of an epilogue; each command whole on its own line. */
export function examplesHelp(examples: readonly (readonly [what: string, command: string])[]): string {
  return ['Examples:', ...examples.flatMap(([what, command]) => [`  ${what}:`, `    ${command}`])].join('\n');
}
