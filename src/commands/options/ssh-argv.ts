// OpenSSH lets a short option carry its value in the same word: `-oStrictHostKeyChecking=accept-new`,
// `-p2222`, `-Jbastion`, `-F./cfg`, `-i~/.ssh/key`. yargs would read `-oPort=2222` as a group of
// boolean flags (-o -P -o -r -t=2222), so those words are split in two before parsing (up to `--`).

const VALUE_FLAGS = new Set(['o', 'p', 'J', 'F', 'i']);

export function splitAttachedShortFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') break;
    const flag = a[1];
    if (a.length > 2 && a[0] === '-' && flag !== undefined && flag !== '-' && VALUE_FLAGS.has(flag)) out.push(a.slice(0, 2), a.slice(2));
    else out.push(a);
  }
  return [...out, ...argv.slice(i)];
}
