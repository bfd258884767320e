// The one place numbers and times become text for people (json output keeps raw numbers and full
// ISO times: core/text.ts#isoTime).

/** Bytes in binary units, one decimal: `512 B`, `3.0 MiB`, `1.2 GiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'] as const;
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Large counts, short: `999`, `12.3 k`, `4.1 M`. */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} k`;
  return `${(n / 1_000_000).toFixed(1)} M`;
}

/** A log or grant time to the second, UTC (`2026-11-29T23:59:01Z`); `-` when unknown. */
export function formatTime(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
