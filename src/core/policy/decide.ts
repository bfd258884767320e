// The one answer to "may this pair be granted, and with what consent?" (docs/policy.md). Every
// caller asks here: the CLI's rails, the IAM client's last check, the loop's `a` and its batch
// plan, the unattended rounds, the scripts a scan writes, `grant --from`, the detail pane.
import { explain } from '../catalog/index.js';
import { maxRisk } from '../catalog/risk.js';
import type { FindingKind, GrantPair, Risk } from '../types.js';
import { nativeAccountRule } from './native.js';
import { groupRule, principalLabel } from './principal.js';
import { validatePair } from './validate.js';

export type Verdict = 'allow' | 'confirm' | 'refuse';

/** What an operator can give: `--yes` (or answering the confirmation), `--allow-dangerous`, `--force-native`. */
export type Consent = 'yes' | 'allow-dangerous' | 'force-native';

export interface PolicyContext {
  op: 'grant' | 'revoke';
  /**
   * interactive: someone can answer a confirmation now (a terminal prompt, the loop's second key);
   * unattended: nobody can (no terminal, `--auto`, a script, the IAM client's last check), so what
   * needs a confirmation is refused unless `yes` already gave it.
   */
  mode: 'interactive' | 'unattended';
  /** `--yes`, or the operator confirmed these very pairs. */
  yes?: boolean;
  allowDangerous?: boolean;
  forceNative?: boolean;
}

/** A pair, or a finding (its kind and risk are taken into account; a risk can only raise the catalog's). */
export interface PolicyPair extends GrantPair {
  kind?: FindingKind;
  risk?: Risk;
}

/** What decided: the first rule that applies, in this order. */
export type PolicyRule = 'not-a-rid' | 'invalid' | 'group' | 'native' | 'native-exception' | 'revoke' | 'dangerous' | 'sensitive' | 'unknown' | 'normal';

export interface PolicyDecision {
  verdict: Verdict;
  /** One line for the user: why, and what would change it. */
  reason: string;
  /** The catalog's risk (raised by the pair's own, if higher); `unknown` for what is not a valid rid. */
  risk: Risk;
  rule: PolicyRule;
  /** Consents still missing for `allow`: empty when allowed, and when no consent can change a refusal. */
  needs: Consent[];
  /** Refused whatever the consents: not a rid, invalid, DC/OS's superusers group, a DC/OS native account. */
  final: boolean;
  /** Allowed, but worth saying (a native account changed, a DANGEROUS grant). */
  warning: string | null;
}

const LABEL: Record<Risk, string> = {
  normal: 'normal risk',
  sensitive: 'SENSITIVE',
  unknown: 'not in the permission catalog (unknown risk)',
  dangerous: 'DANGEROUS',
};

function refusedForGood(rule: PolicyRule, reason: string, risk: Risk): PolicyDecision {
  return { verdict: 'refuse', reason, risk, rule, needs: [], final: true, warning: null };
}

/**
 * The pair's risk: the catalog's (case-insensitive), never lowered by what the pair claims; and,
 * for an action its catalog row does not list, the catalog's warning (a grant says it).
 */
function riskAndWhy(pair: PolicyPair): { risk: Risk; why: string | null; unlisted: string | null } {
  const x = explain(pair.rid, pair.action);
  return { risk: pair.risk ? maxRisk(x.risk, pair.risk) : x.risk, why: x.why, unlisted: x.honoured ? null : (x.warnings[0] ?? null) };
}

/**
 * The verdict for one pair. Grants: DANGEROUS needs --allow-dangerous and a confirmation;
 * SENSITIVE and unknown risk need a confirmation; a confirmation is the prompt or the second key
 * when `interactive`, and only `--yes` when `unattended`. Native accounts are refused, except the
 * task:user exception with --force-native. Revokes pass the native rule and validation only.
 */
export function decide(pair: PolicyPair, ctx: PolicyContext): PolicyDecision {
  if (pair.kind === 'non-rid') return refusedForGood('not-a-rid', `not a DC/OS permission id (${pair.rid}): cannot be granted`, 'unknown');
  const bad = validatePair(pair);
  if (bad) return refusedForGood('invalid', bad, 'unknown');
  const { risk, why, unlisted } = riskAndWhy(pair);
  const group = groupRule(pair);
  if (group) return refusedForGood('group', group, risk);
  const native = nativeAccountRule(pair);
  if (native?.kind === 'refused') return refusedForGood('native', native.reason, risk);

  // Every consent this pair needs, and which of them are missing.
  const needs: Consent[] = [];
  if (native && !ctx.forceNative) needs.push('force-native');
  const grant = ctx.op === 'grant';
  if (grant && risk === 'dangerous' && !ctx.allowDangerous) needs.push('allow-dangerous');
  if (grant && risk !== 'normal' && !ctx.yes) needs.push('yes');

  const warnings: string[] = [];
  if (native && ctx.forceNative) warnings.push(`changing native account ${pair.uid} (--force-native): DC/OS may reset its rights at the next upgrade`);
  if (grant && risk === 'dangerous' && ctx.allowDangerous) warnings.push(`granting DANGEROUS ${pair.rid} ${pair.action} to ${principalLabel(pair)} (--allow-dangerous)`);
  if (grant && unlisted) warnings.push(`${pair.rid}: ${unlisted}`);
  const base = { risk, needs, final: false, warning: warnings.length ? warnings.join('; ') : null };

  if (native && !ctx.forceNative) return { ...base, verdict: 'refuse', rule: 'native-exception', reason: native.reason, warning: null };
  if (!grant) return { ...base, verdict: 'allow', rule: 'revoke', reason: 'taking a right away never adds one' };
  const rule: PolicyRule = risk === 'normal' ? 'normal' : risk;
  // An unknown risk with a reason is a catalogued rid with an action its row does not list.
  const label = why ? `${risk === 'unknown' ? 'unknown risk' : LABEL[risk]} (${why})` : risk === 'dangerous' ? `${LABEL[risk]} (cluster-wide control)` : LABEL[risk];
  if (needs.includes('allow-dangerous')) {
    return { ...base, verdict: 'refuse', rule, reason: `${label}: refused without --allow-dangerous (and then a confirmation, or --yes)`, warning: null };
  }
  if (needs.includes('yes')) {
    const given = risk === 'dangerous' ? ' with --allow-dangerous' : '';
    if (ctx.mode === 'interactive') return { ...base, verdict: 'confirm', rule, reason: `${label}${given}: needs a confirmation, or --yes` };
    return { ...base, verdict: 'refuse', rule, reason: `${label}${given}: granted unattended only with --yes`, warning: null };
  }
  return { ...base, verdict: 'allow', rule, reason: risk === 'normal' ? 'normal risk: no confirmation needed' : `${label}: confirmed` };
}

/** No consent at all, nobody to ask: what is safe to grant by itself (`a`, the unattended rounds, a script's live lines). */
export const NO_CONSENT: PolicyContext = { op: 'grant', mode: 'unattended' };

/** Every consent: what no flag and no answer can make grantable (a final refusal). */
export const EVERY_CONSENT: PolicyContext = { op: 'grant', mode: 'unattended', yes: true, allowDangerous: true, forceNative: true };

/** Why no consent can make this pair grantable (not a rid, invalid, a native account), or null. */
export function finalRefusal(pair: PolicyPair): string | null {
  const d = decide(pair, EVERY_CONSENT);
  return d.verdict === 'refuse' ? d.reason : null;
}

/** Granted by itself: allowed with no consent and nobody to ask. */
export const isSafe = (pair: PolicyPair): boolean => decide(pair, NO_CONSENT).verdict === 'allow';
