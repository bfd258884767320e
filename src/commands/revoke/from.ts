// `revoke --from FILE|-`: the grants an `unused --format json` (version 1) found unused, as revoke
// pairs of its account. Only direct grants the file calls `unused` are taken (never a group's, never
// a used one, never one without a verdict); the file's own `risk` and `caution` are not read: the
// policy rates each pair again (core/policy/revoke.ts), and what it calls dangerous to touch is left
// out with a note unless --allow-dangerous. The file is the user's and may be edited, so what can be
// checked again is (docs/usage.md, "What revoke --from checks again"): a row called `unused` whose
// own evidence (uses, last use, onlyAs, its component read nowhere) says otherwise is left out with
// a note, and the coverage is judged again from the spans, never from the file's warnings.
import { asciiText, safeText } from '../../core/text.js';
import { revokeVerdict, validatePair, validateUid, type RevokeContext } from '../../core/policy/index.js';
import type { GrantPair } from '../../core/types.js';
import { componentFor, coverageFault, duration, judgeComponent, judgeCoverage, NO_HOST, nodesFault, type NodeCount, type Span } from '../../core/usage/index.js';
import { UsageError } from '../../errors.js';

/** What an unused report says, checked: its account, cluster and warnings, and its direct unused grants. */
export interface UnusedFile {
  uid: string;
  /** The cluster the report was made against (null when it names none): `revoke --from` acts only there. */
  cluster: string | null;
  /** The report's own warnings (a short window, a component read nowhere), safe to print. */
  warnings: string[];
  /** Why its logs do not cover its window well enough to revoke on (judged again from its spans), or null. */
  coverageFault: string | null;
  /** Why its read was not whole (a source failed or was read in part, the scan interrupted), or null: never revoked on. */
  incomplete: string | null;
  /** Rows called `unused` whose own evidence says otherwise, left out: each with why. */
  contradicted: string[];
  /** The direct grants it calls unused, valid pairs, each with where it is in the file. */
  unused: Array<{ at: string; pair: GrantPair }>;
}

const HINT = 'produce it with `audit2grant unused --uid UID SOURCE... --format json`';

/** Read and check an `unused --format json` report; any fault in it is a usage error. */
export function readUnusedJson(text: string, where: string, onlyUid?: string, now = Date.now()): UnusedFile {
  let doc: unknown;
  // An empty pipe is the usual `unused … --json | revoke --from -` whose unused failed (as grant --from says).
  if (text.trim() === '') throw new UsageError(`${where} is empty${where === 'stdin' ? ' (did the command before the pipe fail?)' : ''}: no unused report`, HINT);
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${where} is not valid JSON`, HINT);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${where} is not an unused report (expected a JSON object)`, HINT);
  const d = doc as { version?: unknown; kind?: unknown; uid?: unknown; cluster?: unknown; made?: unknown; nodes?: unknown; quietNodes?: unknown; grants?: unknown; findings?: unknown; warnings?: unknown; coverage?: unknown; window?: unknown; errors?: unknown; incomplete?: unknown };
  if (d.kind !== 'unused') {
    const what = Array.isArray(d.findings) ? 'a scan result (its findings are grants to make: use `grant --from`)' : 'not an unused report';
    throw new UsageError(`${where} is ${what}`, HINT);
  }
  if (d.version !== 1) throw new UsageError(`${where}: unsupported version ${JSON.stringify(d.version ?? null)} (this audit2grant reads version 1)`, HINT);
  if (typeof d.uid !== 'string') throw new UsageError(`${where} has no string "uid"`, HINT);
  if (!Array.isArray(d.grants)) throw new UsageError(`${where}: "grants" must be an array`, HINT);
  const uid = d.uid;
  const badUid = validateUid(uid);
  if (badUid) throw new UsageError(`${where}: ${badUid}`, HINT);
  if (d.cluster !== undefined && d.cluster !== null && typeof d.cluster !== 'string') throw new UsageError(`${where}: "cluster" must be a string`, HINT);
  const cluster = typeof d.cluster === 'string' ? d.cluster : null;
  const warnings = (Array.isArray(d.warnings) ? d.warnings : [])
    .map((w: unknown) => (w && typeof w === 'object' && typeof (w as { message?: unknown }).message === 'string' ? safeText((w as { message: string }).message) : null))
    .filter((w): w is string => w !== null);
  const age = ageOf(timeOf(d.made, '"made"', where), now);
  if (age !== null) warnings.push(age);
  if (onlyUid !== undefined && onlyUid !== uid) throw new UsageError(`${where} is about ${safeText(uid)}, not --uid ${safeText(onlyUid)}`, 'drop --uid, or pass the report of that account');
  const unused: UnusedFile['unused'] = [];
  const contradicted: string[] = [];
  const read = componentsRead(d.window);
  d.grants.forEach((g: unknown, i: number) => {
    const at = `${where}: grant #${i + 1}`;
    if (!g || typeof g !== 'object') throw new UsageError(`${at} is not an object`, HINT);
    const o = g as Record<string, unknown>;
    if (typeof o.rid !== 'string' || typeof o.action !== 'string') throw new UsageError(`${at} has no string "rid" and "action"`, HINT);
    // Group grants are never revoked from the account; used ones and those without a verdict stay.
    if (o.held !== 'direct' || o.status !== 'unused') return;
    const pair: GrantPair = { uid, rid: o.rid, action: o.action };
    const bad = validatePair(pair);
    if (bad) throw new UsageError(`${at}: ${bad}`, 'fix or remove that grant');
    const why = contradiction(o, read);
    if (why) contradicted.push(`left out ${at} (${asciiText(pair.rid)} ${asciiText(pair.action)}): it says unused, but ${why}`);
    else unused.push({ at, pair });
  });
  const enforcers = [...new Set(unused.map((u) => componentFor(u.pair.rid)?.name).filter((n): n is string => n !== undefined))].sort();
  const faults = [faultOf(d.coverage, enforcers, where, now), nodesFault(nodesOf(d.nodes), hostNames(d.window).filter((h) => h !== NO_HOST).length, quietOf(d.quietNodes))].filter((f): f is string => f !== null);
  return { uid, cluster, warnings, coverageFault: faults.length ? faults.join('; ') : null, incomplete: incompleteOf(d.errors, d.incomplete), contradicted, unused };
}

/** The report's `nodes`: counts, or why they could not be listed; null when it says nothing. */
function nodesOf(v: unknown): NodeCount | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as { masters?: unknown; agents?: unknown; error?: unknown };
  if (typeof o.error === 'string') return { error: safeText(o.error) };
  const n = (x: unknown): number | null => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : null);
  const masters = n(o.masters);
  const agents = n(o.agents);
  return masters === null || agents === null ? null : { masters, agents };
}

/** The report's `quietNodes` (nodes read that held no audit record), each once; none when it has no such list. */
function quietOf(v: unknown): string[] {
  return Array.isArray(v) ? [...new Set(v.filter((s): s is string => typeof s === 'string').map((s) => safeText(s)))] : [];
}

/** The hosts the report's window lists (each once). */
function hostNames(w: unknown): string[] {
  return [...new Set((windowHosts(w) ?? []).map((h) => h.host).filter((h): h is string => typeof h === 'string'))];
}

/** The report's `window.hosts` entries, each an object (null: it has no such list). */
function windowHosts(w: unknown): Array<{ host?: unknown; components?: unknown }> | null {
  const hosts = w && typeof w === 'object' ? (w as { hosts?: unknown }).hosts : undefined;
  return Array.isArray(hosts) ? hosts.filter((h: unknown): h is { host?: unknown; components?: unknown } => !!h && typeof h === 'object') : null;
}

/** Why the report's read was not whole, from its `errors` and `incomplete`, or null when it was. */
function incompleteOf(errors: unknown, incomplete: unknown): string | null {
  if (!Array.isArray(incomplete)) return 'it says nothing of whether its read was whole (no "incomplete": made by an older audit2grant, or edited)';
  const failed = Array.isArray(errors) ? errors.length : 0;
  const parts = incomplete.map((s) => (typeof s === 'string' ? safeText(s) : 'a part went unread'));
  if (parts.length > 0) return [...parts.slice(0, 3), ...(parts.length > 3 ? ['…'] : [])].join('; '); // a failed source is among them
  return failed > 0 ? `${failed} source${failed === 1 ? '' : 's'} failed` : null;
}

/** The components the report's window says were read (null: it has no window to tell). */
function componentsRead(w: unknown): string[] | null {
  return windowHosts(w)?.flatMap((h) => (Array.isArray(h.components) ? h.components.filter((x): x is string => typeof x === 'string') : [])) ?? null;
}

/**
 * What in an `unused` row's own evidence contradicts its status, or null: uses counted, a last use,
 * a narrower rid used, or (the report's window listing its components) none of the component that
 * would log a use of it read from any host (the report itself would have said `unknown`).
 */
function contradiction(o: Record<string, unknown>, read: string[] | null): string | null {
  if (o.uses !== undefined && o.uses !== 0) return `it counts ${safeText(JSON.stringify(o.uses))} uses`;
  if (o.lastUse !== undefined && o.lastUse !== null) return 'it has a last use';
  if (Array.isArray(o.onlyAs) && o.onlyAs.length > 0) return 'it was used as a narrower rid (onlyAs)';
  const c = componentFor(o.rid as string);
  if (c && read !== null && !read.some(c.matches)) return `no ${c.name} audit record was read from any host (its window says so): a use of it would not show`;
  return null;
}

/** Older than this, a report's verdicts may no longer hold: a grant unused then may be in use now. */
const STALE_MS = 24 * 3600 * 1000;

/** A warning when the report was made STALE_MS or more before `now`, else null (also when it does not say). */
function ageOf(made: number | null, now: number): string | null {
  if (made === null || now - made < STALE_MS) return null;
  return `it was made ${duration(now - made)} ago: a grant unused then may be in use now (a service deployed since); make it again before revoking on it`;
}

/** A time of the report, or a usage error. */
function timeOf(v: unknown, what: string, where: string): number | null {
  if (v === null || v === undefined) return null;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new UsageError(`${where}: ${what} is not a time`, HINT);
  return t;
}

/**
 * The report's coverage judged again from its spans and asked window (its own `gaps` and `short` are
 * not read): all records', then each of `enforcers`' (the components that would log the use of a
 * grant it calls unused) from its own records' spans. The window ends `now`, when the grants are
 * revoked, whatever the report says: a use after its last record (the logs stopped, or the report
 * waited days) would not show, so that stretch is a gap like any other.
 */
function faultOf(c: unknown, enforcers: readonly string[], where: string, now: number): string | null {
  if (!c || typeof c !== 'object' || !Array.isArray((c as { spans?: unknown }).spans)) {
    return 'it says nothing of how much of its window its logs cover (no "coverage": made by an older audit2grant, or edited)';
  }
  const o = c as { since?: unknown; until?: unknown; spans: unknown[]; components?: unknown };
  timeOf(o.until, 'coverage.until', where); // checked, not used: the window ends now
  const asked = { since: timeOf(o.since, 'coverage.since', where), until: now };
  const iso = (t: number): string => new Date(t).toISOString();
  const all = judgeCoverage([spansIn(o.spans, 'coverage', where)], asked);
  const faults = [coverageFault(all, iso)];
  const components = o.components && typeof o.components === 'object' && !Array.isArray(o.components) ? (o.components as Record<string, unknown>) : null;
  if (enforcers.length > 0 && components === null) {
    faults.push('it says nothing of how much of its window each component\'s records cover (no "coverage.components": made by an older audit2grant, or edited)');
  } else if (components !== null) {
    for (const name of enforcers) {
      const k = Object.hasOwn(components, name) ? components[name] : undefined;
      const spans = k && typeof k === 'object' && Array.isArray((k as { spans?: unknown }).spans) ? (k as { spans: unknown[] }).spans : [];
      faults.push(coverageFault(judgeComponent(spansIn(spans, `coverage.components.${name}`, where), asked, all), iso, name));
    }
  }
  const said = faults.filter((f): f is string => f !== null);
  return said.length ? said.join('; ') : null;
}

/** A report's spans (`what`: where in it, for the error), checked as first → last pairs of times. */
function spansIn(spans: readonly unknown[], what: string, where: string): Span[] {
  return spans.map((s, i) => {
    const x = (s ?? {}) as { first?: unknown; last?: unknown };
    const first = timeOf(x.first, `${what} span #${i + 1}`, where);
    const last = timeOf(x.last, `${what} span #${i + 1}`, where);
    if (first === null || last === null || last < first) throw new UsageError(`${where}: ${what} span #${i + 1} is not a first → last pair of times`, HINT);
    return { first, last };
  });
}

/** The report's unused grants the policy lets go (rated again, as acting `policy.actingUid`), and a note on each it does not or takes with a caution. */
export function revokesOf(file: UnusedFile, opts: { allowDangerous?: boolean; policy?: RevokeContext } = {}): { pairs: GrantPair[]; notes: string[] } {
  const pairs: GrantPair[] = [];
  const notes: string[] = [...file.contradicted];
  for (const { at, pair } of file.unused) {
    const v = revokeVerdict(pair, { allowDangerous: !!opts.allowDangerous, policy: opts.policy });
    if (v.refused === 'native') {
      notes.push(`skipped ${at} (${asciiText(pair.uid)} ${asciiText(pair.rid)} ${asciiText(pair.action)}): ${v.why}`);
      continue;
    }
    if (v.refused) {
      notes.push(`skipped ${at} (${asciiText(pair.rid)} ${asciiText(pair.action)}): dangerous to touch: ${safeText(v.why)} (--allow-dangerous takes it too)`);
      continue;
    }
    if (v.why) notes.push(`revoking ${asciiText(pair.rid)} ${asciiText(pair.action)} though it is dangerous to touch (--allow-dangerous): ${safeText(v.why)}`);
    pairs.push(pair);
  }
  return { pairs, notes };
}
