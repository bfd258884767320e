// Values of ssh_config settings as OpenSSH reads them (yes/no flags, convtime durations). Pure and
// light: the command line's `-o` checks its values with these before anything SSH is loaded.

/** `yes`/`true` or `no`/`false`, else null. */
export function yesNo(text: string): boolean | null {
  const v = text.toLowerCase();
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false') return false;
  return null;
}

const TIME_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A duration as OpenSSH's convtime reads it (`10`, `30s`, `1m30s`), in ms; `none` = null. Throws naming `what`. */
export function parseDuration(text: string, what: string): number | null {
  const t = text.toLowerCase();
  if (t === 'none') return null;
  const parts = [...t.matchAll(/(\d+)([smhdw]?)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== t) throw new Error(`${what}: cannot read ${JSON.stringify(text)} as a time (e.g. 10, 30s, 1m)`);
  // The pattern's unit group is one of TIME_UNITS' keys (or '').
  const secs = parts.reduce((n, [, amount, unit = '']) => n + Number(amount) * (TIME_UNITS[unit] ?? 1), 0);
  if (secs < 1 || secs > 86400 * 7) throw new Error(`${what}: ${JSON.stringify(text)} must be from 1 second to a week`);
  return secs * 1000;
}
