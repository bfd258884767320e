// `--since` / `--until` values: ISO 8601 (a time without a zone is read as UTC, like every time
// audit2grant prints) or a span back from now (`90s`, `30m`, `2h`, `1d`, `1w`).
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds since the epoch, or null when `text` is neither form. `now` is passed in (pure). */
export function parseTimeArg(text: string, now: number): number | null {
  const s = text.trim();
  const rel = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(s);
  if (rel) return now - Math.round(Number(rel[1]) * UNIT_MS[rel[2].toLowerCase()]);
  const m = ISO.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', se = '00', frac = '', zone] = m;
  const z = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = frac ? `.${frac.padEnd(3, '0').slice(0, 3)}` : '';
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${se}${ms}${z}`);
  return Number.isNaN(t) ? null : t;
}
