// The `short-iso` envelope (`2019-03-01T12:00:00[.123456]+0000 HOST IDENT[PID]: MESSAGE`) read on
// a line's bytes, for the scanner's --uid fast path: where the message starts and who the envelope
// says wrote it, without decoding the line or building an entry. A strict subset of parseLine:
// whatever this reads, parseLine reads the same (test/core/journal/iso-bytes.test.ts checks it on
// thousands of altered lines); any other line gives null and is decoded and parsed as before.
// Lines of this form are what `journalctl -o short-iso` saves; decoding and parsing the envelope
// took about a fifth of the time the fast path spends on another principal's denial.
import type { StreamMeta } from '../types.js';
import { interned } from '../intern.js';
import { entryUnit } from './unit.js';

export interface IsoEnvelope {
  /** Byte index where the message starts (the line must be ASCII: then it is also its index in the text). */
  message: number;
  /** Where the timestamp and its space end (isoStamp reads the time from the line's first stampEnd bytes). */
  stampEnd: number;
  /** The host: bytes [stampEnd, hostEnd). */
  hostEnd: number;
  /** As parseLine sets them: a `.service` identifier is the unit, else the stream's unit (which a bundle's unit entry keeps: unit.ts). */
  unit: string | null;
  ident: string | null;
}

const SP = 0x20;

/** Value of the two digits at `at`, or -1. */
function two(b: Buffer, at: number): number {
  const h = b[at]! - 48; // callers keep `at + 1` inside the line
  const l = b[at + 1]! - 48;
  return h >= 0 && h <= 9 && l >= 0 && l <= 9 ? h * 10 + l : -1;
}

/** Where isoStamp's timestamp and its space end, for the date and zone forms it reads; else -1. */
function isoStampEnd(b: Buffer): number {
  if (b.length < 20 || b[4] !== 0x2d || b[7] !== 0x2d || b[10] !== 0x54 || b[13] !== 0x3a || b[16] !== 0x3a) return -1;
  const y = two(b, 0), mo = two(b, 5), d = two(b, 8), h = two(b, 11), mi = two(b, 14), s = two(b, 17);
  // utcMs's ranges: out of them the line is not read as short-iso.
  if (y < 0 || two(b, 2) < 0 || !(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60)) return -1;
  let i = 19;
  if (b[i] === 0x2e || b[i] === 0x2c) {
    const f = ++i;
    while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
    if (i === f) return -1;
  }
  const c = b[i];
  if (c === 0x5a) i++; // Z
  else if (c === 0x2b || c === 0x2d) {
    if (two(b, i + 1) < 0) return -1; // no zone: a sign before the space is not read
    if (b[i + 3] === 0x3a) {
      if (two(b, i + 4) < 0) return -1;
      i += 6;
    } else i += two(b, i + 3) >= 0 ? 5 : 3;
  }
  return b[i] === SP ? i + 1 : -1;
}

/** Index of the first space at or after `from`, or -1. */
function spaceAt(b: Buffer, from: number): number {
  for (let i = from; i < b.length; i++) if (b[i] === SP) return i;
  return -1;
}

/**
 * The envelope of a `short-iso` line (ASCII, no trailing CR), as parseLine reads it, or null when
 * the line is of another form or the stream is read otherwise (`cat`, bundles).
 */
export function isoEnvelope(b: Buffer, meta: StreamMeta): IsoEnvelope | null {
  if (meta.envelope === 'cat' || meta.envelope === 'bundle') return null;
  const at = isoStampEnd(b);
  if (at < 0) return null;
  // syslogTail: ` HOST IDENT[PID]: MESSAGE`, or the rest as the message when no `IDENT:` follows.
  const hostEnd = spaceAt(b, at);
  if (hostEnd <= at) return null;
  const identEnd = spaceAt(b, hostEnd + 1);
  const tokenEnd = identEnd < 0 ? b.length : identEnd;
  if (b[tokenEnd - 1] !== 0x3a || tokenEnd - 1 <= hostEnd + 1) return { message: hostEnd + 1, stampEnd: at, hostEnd, unit: meta.unit, ident: null };
  // `IDENT[PID]`: the identifier ends at its first `[` when the token ends with `]`.
  let identStop = tokenEnd - 1;
  if (b[identStop - 1] === 0x5d) {
    for (let i = hostEnd + 1; i < identStop; i++) {
      if (b[i] === 0x5b) {
        if (i > hostEnd + 1) identStop = i; // only the first `[`, and not the token's first byte
        break;
      }
    }
  }
  const ident = interned.text(b, hostEnd + 1, identStop);
  const message = identEnd < 0 ? b.length : identEnd + 1;
  return ident.endsWith('.service') ? { message, stampEnd: at, hostEnd, unit: entryUnit(meta, ident), ident: null } : { message, stampEnd: at, hostEnd, unit: meta.unit, ident };
}
