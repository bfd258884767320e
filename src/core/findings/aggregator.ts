// The one aggregator that owns findings state: audit events in, findings, auth failures and stats out.
// The headless scan and the TUI run it the same way. State grows with distinct findings, never with
// lines; without --uid, only up to a budget (bound.ts).
import { defaultCatalog, type Explanation } from '../catalog/index.js';
import type { AuditEvent, AuthFailure, Decision, DenyRead, Finding, FindingsNotKept, InexactDenials, ParsedAudit, Malformed, Risk, ScanFilter, ScanResult, ScanStats, SourceError, UidCoverage, Unverified } from '../types.js';
import { MAX_EXAMPLE_BYTES } from '../types.js';
import { classifyDeny, derivedWarning, NON_RID_EXPLANATION, sameClass } from './classify.js';
import { compareFindings } from './order.js';
import { copyFinding } from './copy.js';
import { AuthFailures } from './auth-failures.js';
import { LiveFinding, NameBits, NewFinding } from './live.js';
import { memoized } from './explain-memo.js';
import { interned } from '../intern.js';
import { capRaw, example } from './kept.js';
import { FindingsBound, findingWeight, type BoundLimits } from './bound.js';
import { PrincipalCounts } from './principals.js';
import { InexactCount } from './inexact.js';

export interface AggregatorOptions {
  /** Catalog lookup (default: the shipped catalog). */
  explain?: (rid: string, action: string) => Explanation;
  /** Examples kept of malformed lines, of denials with a cut-off uid and of unverified lines (default 5). */
  maxExamples?: number;
  /** Distinct (cause, object) authentication-failure rows kept (default MAX_AUTH_FAILURES). */
  maxAuthFailures?: number;
  /** Without --uid: the budget of findings kept (default FINDINGS_BUDGET; tests pass small ones). */
  bound?: BoundLimits;
  /** Called once, at the first finding not kept (a followed scan says so when it happens). */
  onNotKept?: () => void;
}

/** A deny that created (isNew) or changed a finding. Reading `finding` makes a copy (of the state at that read): safe to keep. */
export interface FindingUpdate {
  finding: Finding;
  isNew: boolean;
}

/** Live counters for progress lines and the TUI; O(1) to build. */
export interface AggregatorSnapshot {
  /** Increments on every change of findings or auth failures: skip a re-render when unchanged. */
  version: number;
  findings: number;
  byRisk: Record<Risk, number>;
  uids: number;
  authFailures: number;
  auditLines: number;
  allowLines: number;
  denyLines: number;
  malformedLines: number;
  unknownUidLines: number;
  filteredLines: number;
  /** Audit-looking lines no component's audit logger wrote: not audit lines, never findings. */
  unverifiedLines: number;
}

export interface ResultExtra {
  bytes: number;
  lines: number;
  sources: number;
  elapsedMs: number;
  errors: SourceError[];
}

/** What the scan read, besides the aggregator's counters: with them, the result's stats. */
export type ReadCounts = Omit<ResultExtra, 'errors'>;

export interface FindingsAggregator {
  add(ev: AuditEvent): FindingUpdate | null;
  snapshot(): AggregatorSnapshot;
  /** Current findings, sorted (uid, risk, rid, action), as copies. */
  findings(): Finding[];
  authFailures(): AuthFailure[];
  /** The findings past the memory bound so far (as the result has them), or null when none. */
  notKept(): FindingsNotKept | null;
  /** The denials no finding could name so far (as the result has them), or null when none. */
  inexact(): InexactDenials | null;
  /** The result's stats, so far (a followed scan's before its result). */
  stats(read: ReadCounts): ScanStats;
  result(extra: ResultExtra): ScanResult;
}

/** How many other principals the result lists. */
const MAX_OTHERS_SHOWN = 20;

/**
 * Filters: `uids` (empty = all) applies to findings; `since`/`until` (inclusive) to findings and auth
 * failures. Events without a time are kept: they cannot be placed outside the window. Authentication
 * failures carry no uid, so `uids` does not drop them. Stats count every audit line read, filtered or not.
 */
export function createFindingsAggregator(filter: ScanFilter, opts: AggregatorOptions = {}): FindingsAggregator {
  const explain = memoized(opts.explain ?? ((rid: string, action: string) => defaultCatalog().explain(rid, action)));
  const maxExamples = opts.maxExamples ?? 5;
  const uidSet = new Set(filter.uids);
  // With --uid, only the wanted principals' denials become findings: those are never turned away.
  const bound = uidSet.size === 0 ? new FindingsBound(opts.bound) : null;
  let onNotKept = opts.onNotKept;
  // uid → rid → action → finding: nested maps spare building a key string per event.
  const index = new Map<string, Map<string, Map<string, LiveFinding>>>();
  const findings: LiveFinding[] = [];
  const hostBits = new NameBits();
  const componentBits = new NameBits();
  const auth = new AuthFailures(opts.maxAuthFailures);
  const byRisk: Record<Risk, number> = { normal: 0, sensitive: 0, dangerous: 0, unknown: 0 };
  const malformedExamples: Malformed[] = [];
  const unknownUidExamples: Decision[] = [];
  const unverifiedExamples: Unverified[] = [];
  const c = { version: 0, auditLines: 0, allowLines: 0, denyLines: 0, malformedLines: 0, unknownUidLines: 0, filteredLines: 0, unverifiedLines: 0 };
  // With --uid: which wanted principals were denied at all, who else was, and whom the allows
  // read show (a typo shows here, whatever its lines' results).
  const wantedSeen = new Set<string>();
  const others = new PrincipalCounts();
  const allowed = new PrincipalCounts();

  const inWindow = (t: number | null): boolean =>
    t === null || ((filter.since === null || t >= filter.since) && (filter.until === null || t <= filter.until));
  const inexact = new InexactCount('deny', uidSet, inWindow);

  function newFinding(ev: Decision, kind: Finding['kind'], uid: string, rid: string, action: string): LiveFinding {
    const x = kind === 'non-rid' ? null : explain(rid, action);
    return new LiveFinding(
      uid,
      rid,
      action,
      kind,
      capRaw(ev.raw),
      x ? x.risk : 'unknown',
      x ? x.pattern : null,
      x ? x.explanation : NON_RID_EXPLANATION,
      x === null ? [] : kind === 'derived' ? [structuredClone(derivedWarning(ev)), ...x.warnings] : [...x.warnings],
      x !== null && ev.derived ? { rawAction: interned.owned(ev.derived.rawAction), path: interned.owned(ev.derived.path) } : null,
    );
  }

  /** Undo the counts of a deny read from its bytes, and count what its line parses to instead. */
  function recount(p: ParsedAudit): FindingUpdate | null {
    c.auditLines--;
    c.denyLines--;
    return add(p);
  }

  /** A deny without a uid: lost to a cut line, or an authentication failure. */
  function addUnsigned(ev: Decision, kind: 'unknown-uid' | 'auth'): null {
    if (kind === 'unknown-uid') {
      c.unknownUidLines++;
      if (unknownUidExamples.length < maxExamples) unknownUidExamples.push(example(ev));
    } else if (!inWindow(ev.time)) c.filteredLines++;
    else {
      auth.add(ev);
      c.version++;
    }
    return null;
  }

  /** A denial of a finding past the bound (bound.ts): counted, never kept. */
  function notKept(cls: { uid: string; rid: string; action: string }, time: number | null): null {
    bound?.drop(cls.uid, cls.rid, cls.action, time);
    c.version++;
    if (onNotKept) {
      onNotKept();
      onNotKept = undefined;
    }
    return null;
  }

  function addDeny(ev: Decision | DenyRead): FindingUpdate | null {
    const cls = classifyDeny(ev);
    if (cls.kind === 'unknown-uid' || cls.kind === 'auth') {
      // Never a DenyRead, which has a uid; were it one, its parsed line would be counted.
      return ev.type === 'decision' ? addUnsigned(ev, cls.kind) : recount(ev.decision());
    }
    const wanted = uidSet.size === 0 || uidSet.has(cls.uid);
    if (uidSet.size > 0) {
      if (wanted) wantedSeen.add(cls.uid);
      else others.add(cls.uid);
    }
    if (!wanted || !inWindow(ev.time)) {
      c.filteredLines++;
      return null;
    }
    let f = index.get(cls.uid)?.get(cls.rid)?.get(cls.action);
    const isNew = f === undefined;
    if (!f) {
      // Past the bound, a new finding's denial is only counted, from its bytes as a kept finding's
      // repeats are: a flood then costs its reading, not a parse and its garbage per line.
      if (bound?.closed(cls.uid)) return notKept(cls, ev.time);
      // A finding is made from the parsed line only (its time, host and component too): were a
      // deny's bytes read otherwise than the parser reads its line (a bug), the parser's reading
      // is the one counted.
      const d = ev.type === 'decision' ? ev : ev.decision();
      if (d.type !== 'decision' || (d !== ev && (d.result !== 'deny' || !sameClass(classifyDeny(d), cls)))) return recount(d);
      ev = d;
      if (bound && !bound.admit(cls.uid, findingWeight(cls.uid, cls.rid, cls.action, Math.min(d.raw.length, MAX_EXAMPLE_BYTES)))) return notKept(cls, d.time);
      // Its keys and values are the interned strings: a denial read from its bytes, which carries
      // those, then finds them by identity (intern.ts); never slices of the line (see capRaw).
      const uid = interned.owned(cls.uid);
      const rid = interned.owned(cls.rid);
      const action = interned.owned(cls.action);
      f = newFinding(d, cls.kind, uid, rid, action);
      let byRid = index.get(uid);
      if (!byRid) index.set(uid, (byRid = new Map()));
      let byAction = byRid.get(rid);
      if (!byAction) byRid.set(rid, (byAction = new Map()));
      byAction.set(action, f);
      findings.push(f);
      byRisk[f.risk]++;
    } else if (f.kind === 'derived' && cls.kind === 'permission') {
      f.kind = 'permission'; // a direct denial is stronger evidence than a mapped one
    }
    f.count++;
    f.see(ev.time);
    if (ev.host) f.addHost(isNew ? interned.owned(ev.host) : ev.host, hostBits.of(ev.host));
    if (ev.component) f.addComponent(isNew ? interned.owned(ev.component) : ev.component, componentBits.of(ev.component));
    c.version++;
    return isNew ? new NewFinding(f) : f;
  }

  function add(ev: AuditEvent): FindingUpdate | null {
    if (ev.type === 'unverified') {
      c.unverifiedLines++;
      if (unverifiedExamples.length < maxExamples) unverifiedExamples.push(example(ev));
      return null;
    }
    c.auditLines++;
    if (ev.type === 'malformed') {
      c.malformedLines++;
      if (malformedExamples.length < maxExamples) malformedExamples.push(example(ev));
      // A denial no finding can name is still said (inexact.ts); a --uid's counts as denied.
      const wanted = inexact.add(ev);
      if (wanted !== null) wantedSeen.add(wanted);
      return null;
    }
    if (ev.result === 'allow') {
      c.allowLines++;
      if (uidSet.size > 0 && ev.uid) allowed.add(ev.uid);
      return null;
    }
    c.denyLines++;
    if (ev.type === 'counted') {
      c.filteredLines++;
      if (ev.uid !== undefined) others.add(ev.uid);
      return null;
    }
    return addDeny(ev);
  }

  function uidCoverage(): UidCoverage {
    return {
      wanted: [...uidSet],
      denied: [...uidSet].filter((u) => wantedSeen.has(u)),
      others: others.top(MAX_OTHERS_SHOWN),
      otherDenials: others.total,
      allowed: [...uidSet].filter((u) => allowed.has(u)),
      allowedOthers: allowed.top(MAX_OTHERS_SHOWN, uidSet),
      allowsRead: allowed.kept,
    };
  }

  function stats({ sources, bytes, lines, elapsedMs }: ReadCounts): ScanStats {
    const { auditLines, allowLines, denyLines, malformedLines, unknownUidLines, filteredLines, unverifiedLines } = c;
    return { sources, bytes, lines, auditLines, allowLines, denyLines, malformedLines, elapsedMs, unknownUidLines, filteredLines, unverifiedLines };
  }

  function sortedFindings(): Finding[] {
    return [...findings].sort(compareFindings).map(copyFinding);
  }

  return {
    add,
    snapshot: () => ({
      ...c,
      findings: findings.length,
      byRisk: { ...byRisk },
      uids: index.size,
      authFailures: auth.size,
    }),
    findings: sortedFindings,
    authFailures: () => auth.listed(),
    notKept: () => bound?.result() ?? null,
    inexact: () => inexact.result(),
    stats,
    result(extra) {
      const notListed = auth.notListed();
      const notKept = bound?.result() ?? null;
      return {
        findings: sortedFindings(),
        authFailures: auth.listed(),
        ...(notListed ? { authFailuresNotListed: notListed } : {}),
        ...(notKept ? { findingsNotKept: notKept } : {}),
        stats: stats(extra),
        errors: [...extra.errors],
        malformedExamples: [...malformedExamples],
        ...(inexact.result() ? { inexactDenials: inexact.result()! } : {}),
        unknownUidExamples: [...unknownUidExamples],
        unverifiedExamples: [...unverifiedExamples],
        ...(uidSet.size > 0 ? { uidCoverage: uidCoverage() } : {}),
      };
    },
  };
}
