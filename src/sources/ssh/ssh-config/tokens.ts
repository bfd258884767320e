// `%x` tokens and `~` as OpenSSH expands them in ssh_config values (ssh_config(5) "TOKENS"): one
// pass, so an expanded value is never expanded again; a token the value may not use is an error
// naming it, as in OpenSSH ("unknown key %x"). Pure.

/** Expand `%x` from `tokens` (`%%` is always `%`). */
export function expandTokens(text: string, tokens: Record<string, string>, what: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const k = text[i + 1];
    if (k === undefined) throw new Error(`${what}: a lone % at the end of ${JSON.stringify(text)} (write %% for a percent sign)`);
    i++;
    if (k === '%') out += '%';
    else if (Object.hasOwn(tokens, k)) out += tokens[k];
    else throw new Error(`${what}: %${k} is not a token audit2grant expands here (it knows ${Object.keys(tokens).map((t) => `%${t}`).join(' ')} and %%)`);
  }
  return out;
}

/** `~` and `~/…` → the home directory (OpenSSH's tilde_expand_filename; `~user` is left as written). */
export function expandTilde(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return home.replace(/\/+$/, '') + path.slice(1);
  return path;
}

/** `${NAME}` → the environment variable (OpenSSH expands these in file names); unset is an error. */
export function expandEnv(text: string, env: Record<string, string | undefined>, what: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined) throw new Error(`${what}: environment variable ${name} is not set`);
    return v;
  });
}
