// What an audit line of one stream counts as from its bytes alone (an allow, another principal's
// denial counted, a denial read), and whether the stream has shown a verified record yet: the
// scanner asks here for each candidate line (chunks.ts) before it decodes and parses the line.
import { MAX_EXAMPLE_BYTES, MAX_LINE_BYTES, type AuditEvent, type ParsedAudit, type StreamMeta } from '../types.js';
import { decodeLine } from './bytes.js';
import { mayFollowCutPiece, type LinePlace } from './split-rest.js';
import type { ScanParsers } from './parsers.js';
import { ALLOW, countedDeny, isPlainAllow } from './counted.js';
import { allowSampler } from './allow-sample.js';
import { otherPrincipalChecks } from './other-principals.js';

export interface LineVerdict {
  /** Hands an event on, noting a verified record (the events emitted go through here). */
  sink(ev: AuditEvent): void;
  /**
   * What a whole line counts as from its bytes, or null (it is parsed): an allow once the stream
   * showed a verified record (before, it is parsed), else a denial counted or, at `hint` (its
   * `type=audit`), read. Without a hint (a json byte array, or a line at a chunk's end) there is no
   * `type=audit` text for the reader to start at.
   */
  fromBytes(line: Buffer, hint?: number): AuditEvent | null;
}

/** `place`: the line being read, set by the scanner for each line (the fast paths look back from it). */
export function lineVerdict(meta: StreamMeta, parsers: ScanParsers, uidSet: ReadonlySet<string>, parseEvery: boolean, place: LinePlace, emitTo: (ev: AuditEvent) => void): LineVerdict {
  /**
   * A record of a known writer was read in this stream (a parsed decision, a denial counted or read
   * from its bytes): from then on allows are counted from their bytes. Before, an allow is parsed,
   * so a stream whose every audit-looking line is unverified (a form without its writer, a text
   * file) is never taken for audit lines by the allows in it (docs/verdicts.md). Real logs verify on
   * their first audit line: one parse per stream.
   */
  let verified = parseEvery;
  // A denial whose line the parser would surely read the same is read from its bytes (deny-read.ts);
  // its Decision is parsed only when the aggregator keeps one. With --uid these are the wanted
  // principals' denials, which countedEvent leaves (bench's mixed shape, 11,263 of them: 0.90x the
  // run parsing each, docs/benchmarks.md).
  const parseWhole = (line: Buffer): ParsedAudit => {
    const text = decodeLine(line, 0, line.length, MAX_LINE_BYTES);
    const p = parsers.parseLine(text, meta);
    if (p.kind === 'entry') return parsers.parseAudit(p.entry, meta);
    return { type: 'malformed', why: p.kind === 'bad' ? p.why : 'not a journal entry', raw: text.slice(0, MAX_EXAMPLE_BYTES), source: meta.label };
  };
  const sampleAllow = uidSet.size > 0 && !parseEvery ? allowSampler(parseWhole) : null;
  const readDeny = parseEvery ? null : (parsers.denyReader?.(meta, parseWhole, () => mayFollowCutPiece(place)) ?? null);
  const { isRecord, otherDenyUid } = otherPrincipalChecks(meta, parsers, uidSet, place);
  return {
    sink(ev) {
      if (!verified && (ev.type === 'decision' || ev.type === 'counted' || ev.type === 'deny-read')) verified = true;
      emitTo(ev);
    },
    fromBytes(line, hint) {
      if (isPlainAllow(line)) return verified ? (sampleAllow?.(line) ?? ALLOW) : null;
      return countedDeny(line, uidSet, isRecord, otherDenyUid, hint) ?? (hint === undefined ? null : readDeny?.(line, hint)) ?? null;
    },
  };
}
