// `scan --format json` (v1, README.md) and `--format ndjson`. Key order is fixed for diff-friendly output.
import type { AuthFailure, AuthFailuresNotListed, Finding, FindingsNotKept, ScanResult, ScanStats, ScanWarning, SourceError, Unverified } from '../types.js';
import { isoTime } from '../text.js';
import { joinLines } from './scripts.js';

export const JSON_VERSION = 1;
/** Array items stringified at once (a piece of ~80 KB of findings). */
const BATCH = 64;

/** A finding as json v1 writes it (plus `explanation`, `warnings`, `derived`). */
export function jsonFinding(f: Finding): Record<string, unknown> {
  return {
    uid: f.uid,
    rid: f.rid,
    action: f.action,
    kind: f.kind,
    count: f.count,
    firstSeen: isoTime(f.firstSeen),
    lastSeen: isoTime(f.lastSeen),
    hosts: [...f.hosts],
    components: [...f.components],
    risk: f.risk,
    catalog: f.catalog,
    example: f.example,
    explanation: f.explanation,
    warnings: [...f.warnings],
    derived: f.derived ? { rawAction: f.derived.rawAction, path: f.derived.path } : null,
  };
}

export function jsonAuthFailure(a: AuthFailure): Record<string, unknown> {
  return { cause: a.cause, object: a.object, count: a.count, firstSeen: isoTime(a.firstSeen), lastSeen: isoTime(a.lastSeen), hosts: [...a.hosts] };
}

/** Additive to v1: per cause, the authentication failures beyond the listed rows (a memory bound). */
function jsonAuthFailuresNotListed(a: AuthFailuresNotListed): Record<string, unknown> {
  return { cause: a.cause, objects: a.objects, objectsAtLeast: a.objectsAtLeast, count: a.count, firstSeen: isoTime(a.firstSeen), lastSeen: isoTime(a.lastSeen) };
}

/** Additive to v1: without --uid, the findings past the memory bound, counted but not kept. */
function jsonFindingsNotKept(n: FindingsNotKept): Record<string, unknown> {
  return {
    findings: n.findings,
    findingsAtLeast: n.findingsAtLeast,
    denials: n.denials,
    principals: n.principals,
    principalsAtLeast: n.principalsAtLeast,
    top: n.top.map((p) => ({ uid: p.uid, denials: p.denials })),
    firstSeen: isoTime(n.firstSeen),
    lastSeen: isoTime(n.lastSeen),
  };
}

/**
 * The 8 keys of json v1, plus (additive, only when non-zero) `unverifiedLines`: audit-looking lines
 * no component's audit logger wrote (docs/audit-log-forms.md). Other optional extras stay out.
 */
export function jsonStats(s: ScanStats): Record<string, number> {
  return {
    sources: s.sources,
    bytes: s.bytes,
    lines: s.lines,
    auditLines: s.auditLines,
    allowLines: s.allowLines,
    denyLines: s.denyLines,
    malformedLines: s.malformedLines,
    elapsedMs: Math.round(s.elapsedMs),
    ...(s.unverifiedLines ? { unverifiedLines: s.unverifiedLines } : {}),
  };
}

/** An unverified line as json writes it: where, why, and the raw line (capped). */
export const jsonUnverified = (u: Unverified): Record<string, string> => ({ source: u.source, reason: u.why, example: u.raw });

export const jsonError = (e: SourceError): Record<string, string> => ({ source: e.source, message: e.message });
/** Additive to v1: why silence is not a verdict (see ScanWarning). */
export const jsonWarning = (w: ScanWarning): Record<string, string | null> => ({ kind: w.kind, source: w.source, message: w.message });

export interface JsonOptions {
  /** Indent (default 2); 0 = one line. */
  indent?: number;
}

/** The whole result, newline-terminated. */
export function renderJson(result: ScanResult, opts: JsonOptions = {}): string {
  return [...renderJsonParts(result, opts)].join('');
}

/**
 * renderJson's text in pieces, byte for byte what JSON.stringify(doc, null, indent) gives: a log
 * with thousands of findings (a busy cluster, no --uid) makes megabytes of json, and building it
 * whole (its objects, then the string) was the scan's peak memory. The command writes the pieces
 * as they come; each finding's object lives only while its piece is made.
 */
export function* renderJsonParts(result: ScanResult, opts: JsonOptions = {}): Generator<string> {
  const indent = opts.indent ?? 2;
  const nl = indent > 0 ? '\n' : '';
  const pad = (depth: number): string => nl + ' '.repeat(indent * depth);
  const value = (v: unknown, depth: number): string => {
    const text = JSON.stringify(v, null, indent);
    return indent > 0 ? text.replaceAll('\n', pad(depth)) : text;
  };
  const sep = indent > 0 ? ': ' : ':';
  // Items at depth 2, BATCH at a time: JSON.stringify([[a, b]]) writes a and b at that depth with
  // the separator between them; only its wrapper is cut off. Re-indenting each item's own text
  // took three times as long (7,797 findings: ~110 against ~30 ms).
  const open = `[${pad(1)}[${pad(2)}`.length;
  const close = `${pad(1)}]${nl}]`.length;
  function* array<T>(items: readonly T[], toJson: (item: T) => unknown): Generator<string> {
    if (items.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < items.length; i += BATCH) {
      const text = JSON.stringify([items.slice(i, i + BATCH).map(toJson)], null, indent);
      yield `${i === 0 ? '' : ','}${pad(2)}${text.slice(open, text.length - close)}`;
    }
    yield `${pad(1)}]`;
  }
  yield `{${pad(1)}"version"${sep}${JSON_VERSION},${pad(1)}"findings"${sep}`;
  yield* array(result.findings, jsonFinding);
  yield `,${pad(1)}"authFailures"${sep}`;
  yield* array(result.authFailures, jsonAuthFailure);
  // Additive to v1, only when the rows were bounded: what was summed instead of listed.
  if (result.authFailuresNotListed?.length) {
    yield `,${pad(1)}"authFailuresNotListed"${sep}`;
    yield* array(result.authFailuresNotListed, jsonAuthFailuresNotListed);
  }
  // Additive to v1, only when the findings were bounded: what was counted instead of kept.
  if (result.findingsNotKept) yield `,${pad(1)}"findingsNotKept"${sep}${value(jsonFindingsNotKept(result.findingsNotKept), 1)}`;
  yield `,${pad(1)}"stats"${sep}${value(jsonStats(result.stats), 1)},${pad(1)}"errors"${sep}`;
  yield* array(result.errors, jsonError);
  // Additive to v1, only when there are some: a few examples of stats.unverifiedLines.
  if (result.unverifiedExamples?.length) {
    yield `,${pad(1)}"unverified"${sep}`;
    yield* array(result.unverifiedExamples, jsonUnverified);
  }
  yield `,${pad(1)}"warnings"${sep}`;
  yield* array(result.warnings ?? [], jsonWarning);
  yield `${nl}}\n`;
}

/**
 * Characters JSON.stringify leaves as they are but a terminal may act on or reorder: C1 controls
 * (U+009B is CSI, U+009D OSC where a terminal honours 8-bit controls), bidi marks and overrides, and
 * the line and paragraph separators. Log text puts them into rids and examples.
 */
const SCREEN_UNSAFE = /[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * json or ndjson text for a terminal: those characters as `\uXXXX` escapes, which decode to the same
 * strings (outside strings JSON text is ASCII, so only string contents change). Only when stdout is
 * a terminal: a file or a pipe gets JSON.stringify's bytes (~11 ms per 10 MB saved).
 */
export const jsonForTerminal = (text: string): string =>
  text.replace(SCREEN_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// ndjson: each function returns ONE line without the trailing newline.
/**
 * A finding when first seen, streamed then: its count, hosts, components and lastSeen are those so
 * far (`final: false`). Its `findingFinal` line at the end of the stream holds the final figures.
 */
export const ndjsonFinding = (f: Finding): string => JSON.stringify({ type: 'finding', final: false, ...jsonFinding(f) });
/** A finding's final state (the json v1 finding), one per finding at the end of the stream. */
const ndjsonFindingFinal = (f: Finding): string => JSON.stringify({ type: 'findingFinal', ...jsonFinding(f) });
export const ndjsonAuthFailure = (a: AuthFailure): string => JSON.stringify({ type: 'authFailure', ...jsonAuthFailure(a) });
const ndjsonAuthFailuresNotListed = (a: AuthFailuresNotListed): string =>
  JSON.stringify({ type: 'authFailuresNotListed', ...jsonAuthFailuresNotListed(a) });
const ndjsonFindingsNotKept = (n: FindingsNotKept): string => JSON.stringify({ type: 'findingsNotKept', ...jsonFindingsNotKept(n) });
export const ndjsonError = (e: SourceError): string => JSON.stringify({ type: 'error', ...jsonError(e) });
const ndjsonWarning = (w: ScanWarning): string => JSON.stringify({ type: 'warning', ...jsonWarning(w) });
export const ndjsonStats = (s: ScanStats): string => JSON.stringify({ type: 'stats', ...jsonStats(s) });

/**
 * The ndjson lines after the first sightings (which a scan streams as they appear): every finding's
 * final state, auth failures, errors, warnings, then stats.
 */
export function* ndjsonTail(result: ScanResult): Generator<string> {
  // A generator: thousands of findings' final lines are written in pieces, never held whole.
  for (const f of result.findings) yield ndjsonFindingFinal(f);
  for (const a of result.authFailures) yield ndjsonAuthFailure(a);
  for (const a of result.authFailuresNotListed ?? []) yield ndjsonAuthFailuresNotListed(a);
  if (result.findingsNotKept) yield ndjsonFindingsNotKept(result.findingsNotKept);
  for (const e of result.errors) yield ndjsonError(e);
  for (const w of result.warnings ?? []) yield ndjsonWarning(w);
  yield ndjsonStats(result.stats);
}

/** A finished result as ndjson as the command streams it (each finding as first sighting, then ndjsonTail), newline-terminated. */
export function renderNdjson(result: ScanResult): string {
  return joinLines([...result.findings.map(ndjsonFinding), ...ndjsonTail(result)]);
}
