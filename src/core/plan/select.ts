// Which findings can become grants.
import type { Finding, GrantPair, Risk } from '../types.js';
import { nativeAccountRule } from '../rails/index.js';
import { validatePair } from './validate.js';

/** A grant the plan proposes; assignable to GrantPair. */
export interface PlannedPair extends GrantPair {
  risk: Risk;
  /** The rid/action were mapped from a Marathon/Metronome action name: check before granting. */
  derived: boolean;
}

/**
 * Why a finding cannot be granted, or null: not a rid, invalid, or a DC/OS native account (the
 * `--force-native` task:user exception stays grantable: the rails ask for the flag).
 */
export function whyNotGrantable(f: Finding): string | null {
  if (f.kind === 'non-rid') return `not a DC/OS permission id (${f.rid}): cannot be granted`;
  const invalid = validatePair(f);
  if (invalid) return invalid;
  const native = nativeAccountRule(f);
  return native?.kind === 'refused' ? native.reason : null;
}

/** Findings that can be granted (non-rid and invalid ones left out; derived ones kept). Order kept. */
export const grantableFindings = (findings: readonly Finding[]): Finding[] => findings.filter((f) => whyNotGrantable(f) === null);

export function toGrantPairs(findings: readonly Finding[]): PlannedPair[] {
  return grantableFindings(findings).map((f) => ({ uid: f.uid, rid: f.rid, action: f.action, risk: f.risk, derived: f.kind === 'derived' }));
}
