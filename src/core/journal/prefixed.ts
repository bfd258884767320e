// Envelopes that put only a timestamp before the message: diagnostics bundles and `dcos node log`.
import type { EnvelopeKind } from '../types.js';
import { fractionAt, isoDateTime, zoneAt } from './time.js';

export interface Prefixed {
  kind: EnvelopeKind;
  time: number | null;
  /** Index where the message starts. */
  end: number;
}

/**
 * Bundle lines of DC/OS ≥ 1.12.4 / 1.13.2 / 2.x, Go's time format:
 * `2020-03-15 10:23:45.123456 +0000 UTC MESSAGE` (fraction optional, trailing zeros trimmed).
 */
export function bundleStamp(line: string): Prefixed | null {
  if (line.charCodeAt(10) !== 32) return null;
  const base = isoDateTime(line, 0);
  if (base === null) return null;
  const f = fractionAt(line, 19);
  if (!f || line.charCodeAt(f.end) !== 32) return null;
  const ms = f.ms;
  const z = zoneAt(line, f.end + 1);
  if (!z || z.len !== 5) return null;
  const i = f.end + 1 + z.len;
  if (line.charCodeAt(i) !== 32) return null;
  const abbrEnd = line.indexOf(' ', i + 1);
  const end = abbrEnd < 0 ? line.length : abbrEnd + 1;
  if (end - i > 8) return null;
  return { kind: 'bundle', time: base + ms - z.minutes * 60000, end };
}

/**
 * `2019-04-10 10:23:45: MESSAGE`: `dcos node log`, and bundles of DC/OS 1.9 – 1.13.1 (same shape;
 * `legacyBundle` says which to report). Local time without a zone: read as UTC.
 */
export function colonStamp(line: string, legacyBundle: boolean): Prefixed | null {
  if (line.charCodeAt(10) !== 32 || line.charCodeAt(19) !== 58) return null;
  const time = isoDateTime(line, 0);
  if (time === null) return null;
  const c = line.charCodeAt(20);
  if (c !== 32 && !Number.isNaN(c)) return null;
  return { kind: legacyBundle ? 'bundle-legacy' : 'dcos-node-log', time, end: Math.min(line.length, 21) };
}
