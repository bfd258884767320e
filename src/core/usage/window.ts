// The window a usage verdict rests on, and its judgement (docs/usage.md): "not used" only means "not
// used in what was read", so a short window, or a component missing on hosts where it runs, is said.
import type { HostWindow } from './collect.js';
import { duration } from './coverage.js';

/** Shorter than this, a weekly or monthly job's permission can look unused. */
export const MIN_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** Why nothing is judged when no host's audit record was read (the window's warning, each row's reason). */
export const NOTHING_READ = 'no audit record was read: nothing can be judged unused';

export interface UsageWarning {
  kind: 'no-records' | 'short-window' | 'component-missing' | 'coverage-gap' | 'short-coverage' | 'no-journal-time' | 'nodes-not-read' | 'nodes-without-records' | 'inexact-allows';
  message: string;
}

export interface Enforcer {
  name: string;
  /** Is `component` (as the parsers name components) this enforcer? */
  matches: (component: string) => boolean;
}

/**
 * The components that enforce a rid family, and so log its uses (docs/usage.md). The native
 * Marathon and Metronome only: their records map to `…:marathon:marathon:…` and
 * `…:metronome:metronome:…` rids, so another instance's (Marathon on Marathon) use never shows.
 */
const ENFORCERS: ReadonlyArray<Enforcer & { family: string }> = [
  ['dcos:adminrouter:', 'adminrouter', /^adminrouter/],
  ['dcos:mesos:master:', 'mesos-master', /^mesos-master$/],
  ['dcos:mesos:agent:', 'mesos-agent', /^mesos-(agent|slave)$/],
  ['dcos:service:marathon:marathon:', 'marathon', /^marathon$/],
  ['dcos:service:metronome:metronome:', 'metronome', /^metronome$/],
  ['dcos:secrets:', 'secrets', /^secrets$/],
].map(([family, name, re]) => ({ family: family as string, name: name as string, matches: (c: string) => (re as RegExp).test(c) }));

/** The component whose audit log shows a use of `rid`, or null when unknown. */
export function componentFor(rid: string): Enforcer | null {
  const r = rid.toLowerCase();
  return ENFORCERS.find((e) => r.startsWith(e.family)) ?? null;
}

/** Does a record's component belong to the enforcer called `name`? */
export const componentNamed = (name: string) => (component: string): boolean => enforcerOf(component) === name;

/** The enforcer a record's component is (its name), or null when it enforces no known family. */
export function enforcerOf(component: string): string | null {
  return ENFORCERS.find((e) => e.matches(component))?.name ?? null;
}

/** A host's role as its records show it (masters run Mesos masters, Marathon, Metronome; agents Mesos agents). */
function roleOf(w: HostWindow): 'master' | 'agent' | null {
  if (w.components.some((c) => /^mesos-(agent|slave)$/.test(c))) return 'agent';
  if (w.components.some((c) => /^(mesos-master|marathon|metronome)$/.test(c))) return 'master';
  return null;
}

/**
 * Warnings for a verdict over `windows` about grants on `rids`: no record read at all; a host whose
 * records span less than MIN_WINDOW_MS; a component that would log a use of one of the rids but
 * was read on no host, or is missing on hosts of the role where it was read elsewhere.
 */
export function judgeWindow(windows: readonly HostWindow[], rids: readonly string[], minMs = MIN_WINDOW_MS): UsageWarning[] {
  const out: UsageWarning[] = [];
  if (windows.length === 0) {
    out.push({ kind: 'no-records', message: NOTHING_READ });
    return out;
  }
  const short = windows.filter((w) => w.first === null || w.last === null || w.last - w.first < minMs);
  if (short.length > 0) {
    const list = short.slice(0, 5).map((w) => (w.first === null || w.last === null ? `${w.host} (no times)` : `${w.host} (${duration(w.last - w.first)})`)).join(', ');
    out.push({
      kind: 'short-window',
      message: `the window read is shorter than ${duration(minMs)} on ${short.length} host${short.length === 1 ? '' : 's'}: ${list}${short.length > 5 ? ', …' : ''}; a weekly or monthly job's permission can look unused: read a longer span (--since 30d)`,
    });
  }
  const seen = new Set<string>();
  for (const rid of rids) {
    const c = componentFor(rid);
    if (!c || seen.has(c.name)) continue;
    seen.add(c.name);
    const having = windows.filter((w) => w.components.some(c.matches));
    if (having.length === 0) {
      out.push({ kind: 'component-missing', message: `no ${c.name} audit record was read from any host: a use of a ${c.name} permission would not show (read the hosts it runs on)` });
      continue;
    }
    const roles = new Set(having.map(roleOf).filter((r) => r !== null));
    const missing = windows.filter((w) => !w.components.some(c.matches) && roleOf(w) !== null && roles.has(roleOf(w)!));
    if (missing.length > 0) {
      out.push({
        kind: 'component-missing',
        message: `no ${c.name} audit record was read from ${missing.map((w) => w.host).slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}, though it was from other hosts of that role: uses there would not show`,
      });
    }
  }
  return out;
}
