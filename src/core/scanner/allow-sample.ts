// With --uid, a stream's first allows are parsed for their principal, so that a --uid never denied
// can be told apart from one never seen at all, and a near name offered (docs/verdicts.md, "A --uid
// never seen"). Past them, allows stay counted from their bytes (counted.ts): even one parse in 64
// cost the scan measurably on a 1 GB log (docs/benchmarks.md), a bounded number per stream does not.
// A line that does not parse to an allow with a principal is counted as its bytes said, so the
// stats are the same with and without it.
import type { AuditEvent, ParsedAudit } from '../types.js';
import { ALLOW } from './counted.js';

/** The allows of a stream parsed for their principal. */
const SAMPLE_FIRST = 256;

/** The event for an allow counted from its bytes: for a stream's first ones, with its principal parsed. */
export function allowSampler(parseWhole: (line: Buffer) => ParsedAudit): (line: Buffer) => AuditEvent {
  let n = 0;
  return (line) => {
    if (n >= SAMPLE_FIRST) return ALLOW;
    n++;
    const ev = parseWhole(line);
    return ev.type === 'decision' && ev.result === 'allow' && ev.uid !== null ? { type: 'counted', result: 'allow', uid: ev.uid } : ALLOW;
  };
}
