// OpenSSH's match.c, for ssh_config: `*` and `?` wildcards, pattern lists with `!` negation (a
// negated match wins over any positive one). `Host` compares case-sensitively; `Match host` and
// `Match originalhost` lower-case both sides (as the OpenSSH client does: checked with `ssh -G`).

/** One wildcard pattern against a whole string. */
export function matchPattern(s: string, pattern: string): boolean {
  // Iterative glob with backtracking on the last `*`: linear in practice, no regex to escape.
  let si = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < pattern.length && (pattern[pi] === '?' || pattern[pi] === s[si])) {
      si++;
      pi++;
    } else if (pi < pattern.length && pattern[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (pi < pattern.length && pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/** `Host` arguments: true when some positive pattern matches and no negated one does. */
export function matchHostPatterns(host: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matchPattern(host, p.slice(1))) return false;
    } else if (matchPattern(host, p)) matched = true;
  }
  return matched;
}

/** A comma-separated pattern list (`Match host a*,!ab`), optionally case-insensitive. */
export function matchPatternList(s: string, list: string, lower: boolean): boolean {
  const subject = lower ? s.toLowerCase() : s;
  const patterns = list.split(',').map((p) => (lower ? p.toLowerCase() : p));
  return matchHostPatterns(subject, patterns.filter((p) => p !== '' && p !== '!'));
}
