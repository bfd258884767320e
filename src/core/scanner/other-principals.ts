// With --uid, other principals' denials are counted without being parsed whole when their bytes
// allow it (counted.ts): the checks the line scanner asks for such a line, built once per stream.
import { MAX_LINE_BYTES, type StreamMeta } from '../types.js';
import { decodeLine } from './bytes.js';
import type { ScanParsers } from './parsers.js';
import { mayFollowCutPiece, type LinePlace } from './split-rest.js';

const CR = 0x0d;

export interface OtherPrincipalChecks {
  /** Does the parser take the line for an Admin Router record at all (envelope, nginx prefix, marker)? */
  isRecord: ((line: Buffer, typeAudit: number) => boolean) | null;
  /** The uid of another principal's Mesos or Marathon denial as the parser reads it, else null. */
  otherDenyUid: ((line: Buffer, typeAudit: number) => string | null) | null;
}

/** `place`: the line being read (the scanner's one object, updated per line), for the look-back at a cut piece. */
export function otherPrincipalChecks(meta: StreamMeta, parsers: ScanParsers, uidSet: ReadonlySet<string>, place: LinePlace): OtherPrincipalChecks {
  // The --uid fast path counts another principal's denial from its bytes once the parser agrees the
  // line is an Admin Router record (envelope and message start: cheap next to parsing it whole).
  // Asked on the bytes first (short-iso lines), then on the decoded line.
  const isRecord = parsers.isAdminRouterRecord
    ? (line: Buffer, typeAudit: number): boolean => {
        if (parsers.adminRouterRecordBytes?.(line, typeAudit, meta)) return true;
        const p = parsers.parseLine(decodeLine(line, 0, line.length, MAX_LINE_BYTES), meta);
        return p.kind === 'entry' && parsers.isAdminRouterRecord!(p.entry, meta);
      }
    : null;
  // Mesos and Marathon denials of other principals (~60 % of the denials parsed with --uid on the
  // bench's short shape): the uid as the parser reads it, without a Decision (audit/deny-uid.ts).
  // A denial by a wanted uid is parsed whole (it makes a finding): the record is read up to its uid.
  const otherDenyUid =
    parsers.denyUidOf && uidSet.size > 0
      ? (line: Buffer, typeAudit: number): string | null => {
          // After a line that may be a piece journald cut, the parser decides (split-rest.ts).
          if (mayFollowCutPiece(place)) return null;
          const fast = parsers.denyUidOfBytes?.(line, typeAudit, meta, uidSet);
          if (fast === false) return null; // a wanted principal's: parsed whole
          if (fast) return fast;
          const bytes = line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, line.length - 1) : line;
          const p = parsers.parseLine(decodeLine(bytes, 0, bytes.length, MAX_LINE_BYTES), meta);
          return p.kind === 'entry' ? parsers.denyUidOf!(p.entry, meta, bytes, uidSet) : null;
        }
      : null;
  return { isRecord, otherDenyUid };
}
