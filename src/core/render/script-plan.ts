// Which findings a grant script (dcos, curl, terraform) writes as commands, live or disabled, and
// which only as a "skipped" comment: the policy's answer with no consent, since running a script
// asks nobody. Kept small per finding: a scan without --uid may hand a script thousands.
import { decide, finalRefusal, NO_CONSENT, pairKey, type PolicyDecision } from '../policy/index.js';
import type { Finding, GrantPair } from '../types.js';
import { safeText } from '../text.js';

/** A finding that becomes a command: live when the policy allows it with no consent, else disabled. */
export interface Planned {
  f: Finding;
  /** What is granted: the finding's pair, or the same permission for the group. */
  pair: GrantPair;
  /** The accounts whose denials it answers (a group grant may answer several). */
  for: string[];
  /** The policy with no consent and nobody to ask: running a script asks nobody. */
  d: PolicyDecision;
  /** Granted in this session after review (the loop's export of its applied grants): the words say so. */
  granted: boolean;
}

/** Which findings a script plans, and whether they were granted in this session (`e` in the loop). */
export interface PlanOptions {
  /** Grant to this group instead of each finding's account (`scan --gid`, the loop's --gid). */
  gid?: string;
  /** Every finding was granted in this session after review: the loop's export of its applied grants. */
  granted?: boolean;
}

/**
 * Which findings a script writes as live commands: what the policy grants with no consent, and no
 * inferred mapping (a derived finding: `grant --from` needs --allow-derived for it, and running a
 * script asks nobody: docs/policy.md). One granted in this session too: the script may be run on
 * another cluster, where the mapping is a guess again.
 */
export const live = (p: Planned): boolean => p.d.verdict === 'allow' && p.f.kind !== 'derived';

/**
 * Why a finding is written commented out: the policy's reason, or the inferred mapping; of a grant
 * this session made (the loop's export of its applied grants), that it was made after consent or review.
 */
export function disabledWhy(p: Planned): string {
  if (p.d.verdict !== 'allow') return p.granted ? `${p.d.reason}; granted in this session with consent` : p.d.reason;
  return p.granted ? 'an inferred mapping, granted in this session: check it applies before running this elsewhere' : 'an inferred mapping: check the rid and action first';
}

/** What the line under a derived finding says of its mapping: to check, or already granted after review. */
export const inferredNote = (p: Planned): string => (p.granted ? 'inferred mapping, granted in this session after review' : 'inferred mapping, check it');

/**
 * A decision kept for the whole script, as one literal: decide() builds its answers by spreading,
 * and V8 gave each such object a hidden class of its own (~300 bytes apiece: 4 MB of a script's
 * peak for 12,800 findings).
 */
const plain = (d: PolicyDecision): PolicyDecision => ({ verdict: d.verdict, reason: d.reason, risk: d.risk, rule: d.rule, needs: d.needs, final: d.final, warning: d.warning });

/**
 * Findings split into what becomes a command (live or disabled) and what only gets a comment. With
 * `gid`, findings of several accounts for one permission become one group grant. Without, one
 * decision per finding: a final refusal is the same whatever the consents (`final`), so the
 * decision with none also says what no flag could make grantable (half the policy's work, and of
 * its garbage); and a scan's findings are distinct (uid, rid, action), so there is nothing to
 * merge and no key to keep per finding.
 */
export function partition(findings: readonly Finding[], opts: PlanOptions = {}): { grant: Planned[]; skipped: string[] } {
  const { gid } = opts;
  const granted = opts.granted === true; // on every Planned: one shape for them all
  const grant: Planned[] = [];
  const byKey = new Map<string, Planned>();
  const skipped: string[] = [];
  for (const f of findings) {
    const own = gid === undefined ? decide(f, NO_CONSENT) : null;
    const why = own ? (own.final ? own.reason : null) : (finalRefusal(f) ?? finalRefusal({ ...f, gid }));
    if (why) {
      skipped.push(`# ${safeText(`skipped ${f.uid} ${f.rid} ${f.action} (${f.count}×): ${why}`)}`);
      continue;
    }
    if (own) {
      grant.push({ f, pair: { uid: f.uid, rid: f.rid, action: f.action }, for: [f.uid], d: plain(own), granted });
      continue;
    }
    const pair: GrantPair = { uid: f.uid, rid: f.rid, action: f.action, gid };
    const same = byKey.get(pairKey(pair));
    if (same) {
      if (!same.for.includes(f.uid)) same.for.push(f.uid);
      continue;
    }
    const p: Planned = { f, pair, for: [f.uid], d: plain(decide({ ...f, ...pair }, NO_CONSENT)), granted };
    byKey.set(pairKey(pair), p);
    grant.push(p);
  }
  return { grant, skipped };
}

export const headline = (grant: readonly Planned[]): string => {
  const off = grant.filter((p) => !live(p)).length;
  return `${grant.length - off} grant(s)${off ? ` and ${off} commented out (they need a consent or a check)` : ''}`;
};
