// `scan --format json` (v1, DESIGN.md) and `--format ndjson`. Key order is fixed for diff-friendly output.
import type { AuthFailure, Finding, ScanResult, ScanStats, ScanWarning, SourceError, Unverified } from '../types.js';
import { isoTime } from './text.js';

export const JSON_VERSION = 1;

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
  const doc = {
    version: JSON_VERSION,
    findings: result.findings.map(jsonFinding),
    authFailures: result.authFailures.map(jsonAuthFailure),
    stats: jsonStats(result.stats),
    errors: result.errors.map(jsonError),
    // Additive to v1, only when there are some: a few examples of stats.unverifiedLines.
    ...(result.unverifiedExamples?.length ? { unverified: result.unverifiedExamples.map(jsonUnverified) } : {}),
    warnings: (result.warnings ?? []).map(jsonWarning),
  };
  return `${JSON.stringify(doc, null, opts.indent ?? 2)}\n`;
}

// ndjson: each function returns ONE line without the trailing newline.
export const ndjsonFinding = (f: Finding): string => JSON.stringify({ type: 'finding', ...jsonFinding(f) });
export const ndjsonAuthFailure = (a: AuthFailure): string => JSON.stringify({ type: 'authFailure', ...jsonAuthFailure(a) });
export const ndjsonError = (e: SourceError): string => JSON.stringify({ type: 'error', ...jsonError(e) });
export const ndjsonWarning = (w: ScanWarning): string => JSON.stringify({ type: 'warning', ...jsonWarning(w) });
export const ndjsonStats = (s: ScanStats): string => JSON.stringify({ type: 'stats', ...jsonStats(s) });

/** A finished result as ndjson (findings, auth failures, errors, warnings, then stats), newline-terminated. */
export function renderNdjson(result: ScanResult): string {
  const lines = [
    ...result.findings.map(ndjsonFinding),
    ...result.authFailures.map(ndjsonAuthFailure),
    ...result.errors.map(ndjsonError),
    ...(result.warnings ?? []).map(ndjsonWarning),
    ndjsonStats(result.stats),
  ];
  return `${lines.join('\n')}\n`;
}
