// Findings past the memory bound (bound.ts): every output says the findings are partial, and a
// grant script or `grant --from` never passes partial findings for complete ones.
import { describe, expect, it } from 'vitest';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { INTERRUPTED, scanWarnings } from '../../../src/core/findings/verdict.js';
import { renderCurl, renderDcos, renderJson, renderNdjson, renderTable, renderTableLines, renderTerraform } from '../../../src/core/render/index.js';
import { pairsFromScanJson } from '../../../src/commands/grant/from.js';
import type { ScanResult } from '../../../src/core/types.js';
import { deny } from '../findings/helpers.js';

const extra = { bytes: 0, lines: 0, sources: 1, elapsedMs: 1, errors: [] };

/** svc's one finding kept; two of mallory's turned away (its share holds one). */
function partial(): ScanResult {
  const r = createFindingsAggregator({ uids: [], since: null, until: null }, { bound: { budget: 10_000, perPrincipal: 200 } });
  r.add(deny({ uid: 'svc', rid: 'dcos:adminrouter:ops:mesos' }));
  for (const i of [1, 2, 3, 3]) r.add(deny({ uid: 'mallory', rid: `dcos:adminrouter:service:m${i}` }));
  const res = r.result(extra);
  res.warnings = scanWarnings([], res);
  return res;
}

function whole(): ScanResult {
  const r = createFindingsAggregator({ uids: [], since: null, until: null });
  r.add(deny({ uid: 'svc' }));
  return r.result(extra);
}

/** A scan stopped by SIGINT/SIGTERM after one finding (the pipeline's warnings are then INTERRUPTED alone). */
function interrupted(): ScanResult {
  const r = whole();
  r.warnings = [INTERRUPTED];
  return r;
}

describe('partial findings in every output', () => {
  it('the table notes it and its summary line ends with it', () => {
    const t = renderTable(partial(), { color: false });
    expect(t).toContain('  2 distinct finding(s) (3 denial(s)) were not kept (a bound on memory): the findings above are partial;');
    expect(t).toContain('narrow the scan with --uid or --since/--until');
    expect(t.trimEnd().split('\n').at(-1)).toMatch(/^2 findings for 2 principals · 5 denials · .* · partial: 2 not kept$/);
    expect(renderTable(whole(), { color: false })).not.toContain('partial');
  });

  it('renderTableLines is the table, line by line', () => {
    const r = partial();
    expect([...renderTableLines(r, { color: false })].map((l) => `${l}\n`).join('')).toBe(renderTable(r, { color: false }));
  });

  it('json: findingsNotKept (additive) and the warning; absent when whole', () => {
    const doc = JSON.parse(renderJson(partial())) as Record<string, unknown>;
    expect(doc.findingsNotKept).toEqual({
      findings: 2, findingsAtLeast: false, denials: 3, principals: 1, principalsAtLeast: false,
      top: [{ uid: 'mallory', denials: 3 }], firstSeen: expect.any(String), lastSeen: expect.any(String),
    });
    expect(doc.warnings).toEqual([expect.objectContaining({ kind: 'findings-not-kept' })]);
    expect(Object.keys(doc)).toEqual(['version', 'findings', 'authFailures', 'findingsNotKept', 'stats', 'errors', 'warnings']);
    expect(JSON.parse(renderJson(whole()))).not.toHaveProperty('findingsNotKept');
  });

  it('ndjson: a findingsNotKept line', () => {
    const lines = renderNdjson(partial()).trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines.filter((l) => l.type === 'findingsNotKept')).toEqual([expect.objectContaining({ findings: 2, denials: 3 })]);
  });

  it.each([
    ['dcos', renderDcos],
    ['curl', renderCurl],
    ['terraform', renderTerraform],
  ])('the %s script says PARTIAL at its top, before any grant', (_name, render) => {
    const text = render(partial());
    const at = text.indexOf('# PARTIAL: 2 distinct finding(s) (3 denial(s) of 1 principal(s): mallory (3))');
    expect(at).toBeGreaterThan(-1);
    expect(at).toBeLessThan(text.indexOf('svc'));
    expect(render(whole())).not.toContain('PARTIAL');
  });

  it('grant --from a partial scan says so; a whole one does not', () => {
    const p = pairsFromScanJson(renderJson(partial()), 'scan.json');
    expect(p.partial).toMatch(/^scan\.json is a partial scan: 2 distinct finding\(s\) \(3 denial\(s\)\) past its memory bound were not kept.*--uid UID/);
    expect(p.pairs.map((x) => x.uid)).toEqual(['mallory', 'svc']);
    expect(pairsFromScanJson(renderJson(whole()), 'scan.json').partial).toBeNull();
  });
});

describe('an interrupted scan says so in the output itself, not only on stderr', () => {
  it('the table: a note, and its last line ends with partial: interrupted', () => {
    const t = renderTable(interrupted(), { color: false });
    expect(t).toContain('  the scan was interrupted before its end: the findings above are partial');
    expect(t.trimEnd().split('\n').at(-1)).toMatch(/^1 finding for 1 principal · 1 denial · .* · partial: interrupted$/);
    expect(renderTable(whole(), { color: false })).not.toContain('interrupted');
  });

  it('with no finding: the headline says it, and the last line too', () => {
    const r = createFindingsAggregator({ uids: [], since: null, until: null }).result(extra);
    r.warnings = [INTERRUPTED];
    const lines = renderTable(r, { color: false }).trimEnd().split('\n');
    expect(lines[0]).toMatch(/interrupted/);
    expect(lines.filter((l) => l.includes('the findings above are partial'))).toEqual([]);
    expect(lines.at(-1)).toMatch(/ · partial: interrupted$/);
  });

  it.each([
    ['dcos', renderDcos],
    ['curl', renderCurl],
    ['terraform', renderTerraform],
  ])('the %s script says PARTIAL at its top, before any grant', (_name, render) => {
    const text = render(interrupted());
    const at = text.indexOf('# PARTIAL: the scan was interrupted before its end');
    expect(at).toBeGreaterThan(-1);
    expect(at).toBeLessThan(text.indexOf('svc'));
  });

  it.each([
    ['dcos', renderDcos],
    ['curl', renderCurl],
    ['terraform', renderTerraform],
  ])('the %s script says at its top which input was not judged: a failed source, a no-verdict warning; never more than five', (_name, render) => {
    const r = whole();
    r.errors = [{ source: 'b.log', message: 'cannot read b.log: permission denied' }];
    r.warnings = [
      { kind: 'unreadable-file', source: 'm.xz', message: 'm.xz holds binary data' },
      { kind: 'no-audit-lines', source: null, message: 'no audit line' }, // a healthy cluster may say so: not partial
    ];
    const text = render(r);
    const notes = text.split('\n').filter((l) => l.startsWith('# PARTIAL: '));
    expect(notes).toEqual(['# PARTIAL: m.xz holds binary data', '# PARTIAL: a source failed (b.log): cannot read b.log: permission denied']);
    expect(text.indexOf(notes[1]!)).toBeLessThan(text.indexOf('svc'));
    r.errors = Array.from({ length: 7 }, (_, i) => ({ source: `n${i}.log`, message: 'gone' }));
    const many = render(r).split('\n').filter((l) => l.startsWith('# PARTIAL: '));
    expect([many.length, many.at(-1)]).toEqual([6, '# PARTIAL: 3 more source error(s) or warning(s) like these (see the scan\'s stderr or --format json).']);
    expect(render(whole())).not.toContain('PARTIAL');
  });

  it('grant --from a scan with a failed source or input not judged says so; a whole one says nothing', () => {
    const r = whole();
    r.errors = [{ source: 'b.log', message: 'gone' }];
    expect(pairsFromScanJson(renderJson(r), 'scan.json').partial).toMatch(/^scan\.json is a partial scan: 1 source\(s\) failed \(see/);
    r.errors = [];
    r.warnings = [{ kind: 'unreadable-file', source: 'm.xz', message: 'x' }, { kind: 'no-audit-lines', source: null, message: 'y' }];
    expect(pairsFromScanJson(renderJson(r), 'scan.json').partial).toMatch(/^scan\.json is a partial scan: 1 warning\(s\) say input was not judged whole/);
    expect(pairsFromScanJson(renderJson(whole()), 'scan.json').partial).toBeNull();
  });

  it('grant --from an interrupted scan says so', () => {
    expect(pairsFromScanJson(renderJson(interrupted()), 'scan.json').partial).toMatch(/^scan\.json is a partial scan: it was interrupted before its end/);
  });
});
