// Renderers of an `unused` verdict (core/usage/report.ts): table, json (version 1, README's
// "audit2grant unused"; `revoke --from` reads it back) and dcos (revoke commands; what the policy
// rates dangerous to touch, group grants and used grants are comments only).
import { dcosCliLine } from '../plan/requests.js';
import { validatePair } from '../policy/index.js';
import { asciiText, isoTime, safeText } from '../text.js';
import type { UnusedReport, UnusedRow } from '../usage/report.js';
import { revocable, revokeFault } from '../usage/report.js';
import { spansOf } from '../usage/collect.js';
import { coverageText, duration, type Coverage, type Span } from '../usage/coverage.js';
import { pushAll } from '../arrays.js';

export const UNUSED_JSON_VERSION = 1;

const held = (r: UnusedRow): string => (r.gid === null ? 'directly' : `through group ${r.gid}`);

function lastUseText(r: UnusedRow): string {
  if (r.status === 'unknown') return `no verdict (${r.reason ?? 'nothing was read'})`;
  if (!r.lastUse) return `not used in ${r.unusedIn ?? 'the window'}`;
  const u = r.lastUse;
  const when = isoTime(u.time) ?? 'time unknown';
  const as = r.onlyAs ? `; used only as ${r.onlyAs.join(', ')}` : '';
  return `${when} by ${u.component}${u.host ? ` on ${u.host}` : ''} (${r.uses}×)${as}`;
}

const spansText = (spans: readonly Span[]): string => spans.slice(0, 4).map((s) => `${isoTime(s.first)} → ${isoTime(s.last)}`).join(', ') + (spans.length > 4 ? `, … (${spans.length} spans)` : '');

function windowText(rep: UnusedReport): string[] {
  if (rep.windows.length === 0) return ['window: nothing read'];
  const c = rep.coverage;
  const asked =
    c.since !== null ? `asked ${isoTime(c.since)} → ${isoTime(c.until) ?? 'now'}` : c.until !== null ? `the first record → this report, ${isoTime(c.until)} (no --since)` : 'no window asked (--since)';
  return [
    ...rep.windows.map((w) => `window ${safeText(w.host)}: ${isoTime(w.first) ?? '?'} → ${isoTime(w.last) ?? '?'} (${w.components.map(safeText).join(', ')})${spansOf(w).length > 1 ? `; records only in ${spansText(spansOf(w))}` : ''}`),
    `coverage: ${asked}; records cover ${duration(c.coveredMs)} of ${duration(c.windowMs)}${c.gaps.length ? `, gaps: ${spansText(c.gaps)}` : ''}`,
    // What each unused row's verdict rests on: its enforcer's own records.
    ...Object.entries(rep.componentCoverage).map(([name, k]) => `  ${name} records cover ${duration(k.coveredMs)} of ${duration(k.windowMs)}${k.gaps.length ? `, gaps: ${spansText(k.gaps)}` : ''}`),
    ...rep.incomplete.map((s) => `incomplete read: ${safeText(s)}`),
  ];
}

export function renderUnusedTable(rep: UnusedReport): string {
  const out: string[] = [];
  const direct = rep.rows.filter((r) => r.gid === null);
  const group = rep.rows.filter((r) => r.gid !== null);
  const line = (r: UnusedRow): string =>
    `${r.status === 'used' ? '  used  ' : r.status === 'unused' ? 'UNUSED  ' : '  ?     '}${asciiText(r.rid)} ${asciiText(r.action)}: ${safeText(lastUseText(r))}${r.status === 'unused' && r.caution ? `\n          dangerous to touch: ${safeText(r.caution)}` : ''}`;
  out.push(`Grants held by ${safeText(rep.uid)} directly (${direct.length}):`);
  pushAll(out, direct.length ? direct.map(line) : ['  none']);
  if (group.length) {
    out.push('', `Held through groups (never revoked from the account; shown for the record) (${group.length}):`);
    pushAll(out, group.map((r) => `${line(r)}  [held ${held(r)}]`));
  }
  // Warnings and source errors go to stderr, once (the command prints them); the window stays here.
  out.push('', ...windowText(rep));
  const n = direct.filter((r) => r.status === 'unused').length;
  out.push('', `${n} of ${direct.length} direct grant${direct.length === 1 ? '' : 's'} not used in ${safeText(coverageText(rep.coverage))} · ${rep.stats.allows} allows of ${safeText(rep.uid)} in ${rep.stats.records} audit records · ${rep.stats.lines} lines · ${Math.round(rep.stats.elapsedMs)} ms`);
  return out.join('\n') + '\n';
}

export function jsonUnusedRow(r: UnusedRow): Record<string, unknown> {
  return {
    rid: r.rid,
    action: r.action,
    held: r.gid === null ? 'direct' : 'group',
    ...(r.gid !== null ? { gid: r.gid } : {}),
    status: r.status,
    uses: r.uses,
    lastUse: r.lastUse ? { time: isoTime(r.lastUse.time), component: r.lastUse.component, host: r.lastUse.host, rid: r.lastUse.rid, action: r.lastUse.action } : null,
    onlyAs: r.onlyAs,
    risk: r.risk,
    caution: r.caution,
    reason: r.reason ?? null,
    unusedIn: r.unusedIn ?? null,
  };
}

export function renderUnusedJson(rep: UnusedReport): string {
  const doc = {
    version: UNUSED_JSON_VERSION,
    kind: 'unused',
    uid: rep.uid,
    cluster: rep.cluster,
    made: isoTime(rep.made),
    // The cluster's nodes as its API listed them ({masters, agents}, or {error}): revoke --from
    // compares them with window.hosts.
    nodes: rep.nodes,
    // Nodes read whole that held no audit record: read, though they name no host in window.hosts.
    quietNodes: rep.quietNodes,
    grants: rep.rows.map(jsonUnusedRow),
    window: { hosts: rep.windows.map((w) => ({ host: w.host, first: isoTime(w.first), last: isoTime(w.last), components: w.components, spans: spansOf(w).map(isoSpan) })) },
    coverage: {
      since: isoTime(rep.coverage.since),
      until: isoTime(rep.coverage.until),
      ...coverageJson(rep.coverage),
      // Per component that would log an unused row's use: what `revoke --from` judges that row by.
      components: Object.fromEntries(Object.entries(rep.componentCoverage).map(([name, c]) => [name, coverageJson(c)])),
    },
    // Why the read was not whole (empty when it was): `revoke --from` acts on no report that has one.
    incomplete: rep.incomplete,
    warnings: rep.warnings,
    stats: rep.stats,
    errors: rep.errors.map((e) => ({ source: e.source, message: e.message })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

const coverageJson = (c: Coverage): Record<string, unknown> => ({ spans: c.spans.map(isoSpan), coveredMs: c.coveredMs, windowMs: c.windowMs, gaps: c.gaps.map(isoSpan), short: c.short });

const isoSpan = (s: Span): { first: string | null; last: string | null } => ({ first: isoTime(s.first), last: isoTime(s.last) });

const comment = (s: string): string => `# ${safeText(s)}`;

/**
 * Live `dcos security org users revoke` lines for the revocable rows the policy lets alone and whose
 * verdict a revoke may rest on (revokeFault: what `revoke --from` would refuse is commented out,
 * with why); the rest as comments.
 */
export function renderUnusedDcos(rep: UnusedReport): string {
  const out: string[] = [comment(`audit2grant unused --uid ${rep.uid}: direct grants found unused; each says what its verdict rests on`)];
  for (const w of rep.warnings) out.push(comment(`warning: ${w.message}`));
  for (const r of rep.rows) {
    const pair = { uid: rep.uid, rid: r.rid, action: r.action };
    // A live line is a shell command: only for a valid pair (the IAM's rows are checked on reading too).
    const bad = validatePair(pair);
    if (bad) {
      out.push(comment(`left out, not a valid permission: ${bad}`));
    } else if (revocable(r)) {
      const cmd = dcosCliLine(pair, 'revoke');
      const fault = revokeFault(rep, r);
      out.push(comment(`not used in ${r.unusedIn ?? 'the window'}`));
      if (fault) out.push(comment(`Commented out (revoke --from would refuse it: ${fault}): uncomment it only if you mean it.`), comment(cmd));
      else if (r.caution) out.push(comment(`Commented out (dangerous to touch: ${r.caution}): uncomment it only if you mean it.`), comment(cmd));
      else out.push(cmd);
    } else if (r.gid !== null && r.status === 'unused') {
      out.push(comment(`held through group ${r.gid}, not revoked from the account: ${r.rid} ${r.action} (not used in the window)`));
    }
  }
  return out.join('\n') + '\n';
}
