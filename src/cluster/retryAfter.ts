// What a 429 answer's `Retry-After` asks for (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
// How long audit2grant is willing to wait is decided by the caller (see docs/ledger.md, "Time limits").

/** Milliseconds to wait, 0 for a date in the past, null when the header is absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | null {
  const v = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) {
    // A huge number must not overflow into a negative or a float that setTimeout misreads.
    const s = Number(v);
    return Number.isSafeInteger(s) ? s * 1000 : Number.MAX_SAFE_INTEGER;
  }
  // HTTP-date: IMF-fixdate (and the obsolete forms Date.parse also reads); must name a weekday or GMT
  // so a bare number-like string such as "1.5" is not read as a date.
  if (!/GMT$|^[A-Za-z]{3},?\s/.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
