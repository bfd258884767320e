// ssh_config(5) lines as OpenSSH's readconf.c splits them: a keyword (case-insensitive) ended by
// whitespace or one `=`, then arguments split like OpenSSH's argv_split: whitespace separates,
// "double" and 'single' quotes group (and are removed), `\` escapes a quote, a backslash or (outside
// quotes) a space, and an unquoted `#` at the start of an argument ends the line. ProxyCommand
// keeps the raw rest of the line (`rest`), as OpenSSH hands it to the shell. Pure: text in, lines out.

export interface ConfigLine {
  file: string;
  line: number;
  /** Lower-cased keyword. */
  keyword: string;
  args: string[];
  /** The raw text after the keyword and its separator, trailing whitespace removed. */
  rest: string;
}

export class ConfigSyntaxError extends Error {}

/** The line's first argument (`Port 22` → 22); a line whose arguments were all a comment has none. */
export function firstArg(l: ConfigLine): string {
  const [a] = l.args;
  if (a === undefined) throw new ConfigSyntaxError(`${where(l.file, l.line)}: no argument after keyword "${l.keyword}"`);
  return a;
}

function where(file: string, line: number): string {
  return `${file} line ${line}`;
}

/** Split arguments as OpenSSH's argv_split(…, terminate_on_comment=1). Throws on an unclosed quote. */
export function splitArgs(s: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    let arg = '';
    let quote: string | null = null;
    for (; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\\') {
        const next = s[i + 1];
        if (next === "'" || next === '"' || next === '\\' || (quote === null && next === ' ')) {
          i++;
          arg += next;
        } else arg += ch;
      } else if (quote === null && (ch === ' ' || ch === '\t')) break;
      else if (quote === null && (ch === '"' || ch === "'")) quote = ch;
      else if (quote !== null && ch === quote) quote = null;
      else arg += ch;
    }
    if (quote !== null) return null;
    out.push(arg);
  }
  return out;
}

/** One line of text → a ConfigLine, or null for blank lines and comments. */
export function parseLine(text: string, file: string, line: number): ConfigLine | null {
  const s = text.replace(/[\s\f]+$/, '').replace(/^[ \t]+/, '');
  if (s === '' || s.startsWith('#')) return null;
  const m = /^([^\s=]+)[ \t]*(?:=[ \t]*)?/.exec(s);
  if (!m) throw new ConfigSyntaxError(`${where(file, line)}: cannot read this line`);
  const [head, name = ''] = m;
  const keyword = name.toLowerCase();
  const rest = s.slice(head.length);
  if (rest === '') throw new ConfigSyntaxError(`${where(file, line)}: no argument after keyword "${name}"`);
  const args = splitArgs(rest);
  if (args === null) throw new ConfigSyntaxError(`${where(file, line)}: invalid quotes`);
  return { file, line, keyword, args, rest };
}

export function parseConfigText(text: string, file: string): ConfigLine[] {
  const out: ConfigLine[] = [];
  text.split('\n').forEach((t, i) => {
    const l = parseLine(t, file, i + 1);
    if (l) out.push(l);
  });
  return out;
}
