import { describe, expect, it } from 'vitest';
import { JSON_VERSION, jsonAuthFailure, jsonError, jsonFinding, jsonUnverified, jsonWarning, jsonStats, ndjsonAuthFailure, ndjsonError, ndjsonFinding, ndjsonStats, renderJson, renderJsonParts, renderNdjson } from '../../../src/core/render/index.js';
import { sampleResult } from '../plan/fixture.js';
import { nth } from '../../helpers/nth.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/;
const timeOk = (v: unknown) => v === null || (typeof v === 'string' && ISO.test(v));
const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

describe('renderJson (scan --format json v1)', () => {
  const doc = JSON.parse(renderJson(sampleResult()));

  it('has exactly the top-level keys of v1, plus the additive warnings', () => {
    expect(Object.keys(doc)).toEqual(['version', 'findings', 'authFailures', 'stats', 'errors', 'warnings']);
    expect(doc.version).toBe(1);
  });

  it('findings carry the v1 keys with the right types (plus explanation, warnings, derived)', () => {
    expect(doc.findings.length).toBe(7);
    for (const f of doc.findings) {
      expect(Object.keys(f)).toEqual([
        'uid', 'rid', 'action', 'kind', 'count', 'firstSeen', 'lastSeen', 'hosts', 'components', 'risk', 'catalog', 'example',
        'explanation', 'warnings', 'derived',
      ]);
      expect(typeof f.uid).toBe('string');
      expect(typeof f.rid).toBe('string');
      expect(typeof f.action).toBe('string');
      expect(['permission', 'derived', 'non-rid']).toContain(f.kind);
      expect(Number.isInteger(f.count) && f.count > 0).toBe(true);
      expect(timeOk(f.firstSeen) && timeOk(f.lastSeen)).toBe(true);
      expect(strings(f.hosts) && strings(f.components) && strings(f.warnings)).toBe(true);
      expect(['normal', 'sensitive', 'dangerous', 'unknown']).toContain(f.risk);
      expect(f.catalog === null || typeof f.catalog === 'string').toBe(true);
      expect(typeof f.example).toBe('string');
      expect(typeof f.explanation).toBe('string');
      expect(f.derived === null || (typeof f.derived.rawAction === 'string' && typeof f.derived.path === 'string')).toBe(true);
    }
    const pkg = doc.findings.find((f: { rid: string }) => f.rid === 'dcos:adminrouter:package');
    expect(pkg.firstSeen).toBeNull();
    const root = doc.findings.find((f: { rid: string }) => f.rid.endsWith('user:root'));
    expect(root).toMatchObject({ firstSeen: '2024-03-01T12:02:00.000Z', lastSeen: '2024-03-01T12:03:00.000Z', count: 2, risk: 'dangerous' });
  });

  it('authFailures, stats (exactly 8 numeric keys) and errors', () => {
    expect(doc.authFailures).toEqual([
      { cause: 'expired token', object: 'dcos:adminrouter:ops:mesos', count: 1, firstSeen: '2024-03-01T12:00:00.000Z', lastSeen: '2024-03-01T12:00:00.000Z', hosts: ['10.0.0.1'] },
    ]);
    expect(Object.keys(doc.stats)).toEqual(['sources', 'bytes', 'lines', 'auditLines', 'allowLines', 'denyLines', 'malformedLines', 'elapsedMs']);
    for (const v of Object.values(doc.stats)) expect(Number.isInteger(v)).toBe(true);
    expect(doc.stats).toMatchObject({ sources: 2, bytes: 2048, lines: 40, auditLines: 10, denyLines: 9, malformedLines: 1, elapsedMs: 12 });
    expect(doc.errors).toEqual([{ source: 'b.log', message: 'cannot read b.log: permission denied' }]);
  });

  it('adds stats.unverifiedLines and a capped `unverified` list only when some lines were not verified', () => {
    const r = { ...sampleResult() };
    r.stats = { ...r.stats, unverifiedLines: 3 };
    r.unverifiedExamples = [{ type: 'unverified', why: 'nginx line quoting what a client sent', raw: 'forged line', source: 'a.log' }];
    const d = JSON.parse(renderJson(r));
    expect(Object.keys(d)).toEqual(['version', 'findings', 'authFailures', 'stats', 'errors', 'unverified', 'warnings']);
    expect(Object.keys(d.stats)).toEqual(['sources', 'bytes', 'lines', 'auditLines', 'allowLines', 'denyLines', 'malformedLines', 'elapsedMs', 'unverifiedLines']);
    expect(d.stats.unverifiedLines).toBe(3);
    expect(d.unverified).toEqual([{ source: 'a.log', reason: 'nginx line quoting what a client sent', example: 'forged line' }]);
    expect(JSON.parse(ndjsonStats(r.stats)).unverifiedLines).toBe(3);
    // Zero: the v1 document is unchanged.
    const z = { ...r, stats: { ...r.stats, unverifiedLines: 0 }, unverifiedExamples: [] };
    expect(renderJson(z)).toBe(renderJson(sampleResult()));
  });

  it('is newline-terminated and stable', () => {
    const a = renderJson(sampleResult());
    expect(a.endsWith('}\n')).toBe(true);
    expect(renderJson(sampleResult())).toBe(a);
    expect(renderJson(sampleResult(), { indent: 0 }).trimEnd()).not.toContain('\n');
  });
});

describe('ndjson', () => {
  const r = sampleResult();
  it('one object per line with a type', () => {
    const lines = [ndjsonFinding(nth(r.findings, 0)), ndjsonAuthFailure(nth(r.authFailures, 0)), ndjsonError(nth(r.errors, 0)), ndjsonStats(r.stats)];
    for (const l of lines) expect(l).not.toContain('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['finding', 'authFailure', 'error', 'stats']);
    expect(Object.keys(JSON.parse(nth(lines, 0))).slice(0, 5)).toEqual(['type', 'final', 'uid', 'rid', 'action']);
    expect(Object.keys(JSON.parse(nth(lines, 3)))).toEqual(['type', 'sources', 'bytes', 'lines', 'auditLines', 'allowLines', 'denyLines', 'malformedLines', 'elapsedMs']);
  });
  it('renderNdjson: first sightings, then each finding final, then the rest, the stats line last', () => {
    const lines = renderNdjson(r).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2 * r.findings.length + 2 + 1);
    const n = r.findings.length;
    expect(lines.slice(0, n).map((l) => [l.type, l.final])).toEqual(r.findings.map(() => ['finding', false]));
    expect(lines.slice(n, 2 * n).map(({ type, ...f }) => [type, f])).toEqual(r.findings.map((f) => ['findingFinal', jsonFinding(f)]));
    expect(lines.at(-1).type).toBe('stats');
  });
});

describe('renderJsonParts (the json, written in pieces)', () => {
  /** What renderJson printed when it built the whole document first: the reference. */
  const whole = (r: ReturnType<typeof sampleResult>, indent = 2) =>
    `${JSON.stringify(
      {
        version: JSON_VERSION,
        findings: r.findings.map(jsonFinding),
        authFailures: r.authFailures.map(jsonAuthFailure),
        stats: jsonStats(r.stats),
        errors: r.errors.map(jsonError),
        ...(r.unverifiedExamples?.length ? { unverified: r.unverifiedExamples.map(jsonUnverified) } : {}),
        warnings: (r.warnings ?? []).map(jsonWarning),
      },
      null,
      indent,
    )}\n`;

  it('joins to exactly what JSON.stringify of the whole document gives, full and empty, at any indent', () => {
    const full = sampleResult();
    full.errors = [{ source: 'a "quoted"\nname', message: 'multi\nline' }];
    full.unverifiedExamples = [{ type: 'unverified', source: 's', why: 'not from an audit logger', raw: 'x type=audit "y"' }];
    full.warnings = [{ kind: 'uid-not-seen', source: null, message: 'm' }];
    const empty = { ...sampleResult(), findings: [], authFailures: [], errors: [] };
    for (const r of [full, empty]) {
      for (const indent of [0, 2, 4]) {
        const parts = [...renderJsonParts(r, { indent })];
        expect(parts.join('')).toBe(whole(r, indent));
        expect(renderJson(r, { indent })).toBe(whole(r, indent));
      }
    }
    expect(full.findings.length).toBeGreaterThan(1);
  });

  it('writes many findings in several pieces, joined exactly as the whole document', () => {
    const base = sampleResult();
    const many = { ...base, findings: Array.from({ length: 150 }, (_, i) => ({ ...base.findings[i % base.findings.length]!, rid: `dcos:x:${i}` })) };
    for (const indent of [0, 2, 4]) {
      const parts = [...renderJsonParts(many, { indent })];
      expect(parts.join('')).toBe(whole(many, indent));
      // Never the whole findings array in one piece: 150 findings come in three.
      expect(parts.filter((p) => p.includes('"rid"')).length).toBe(3);
    }
  });
});
