// Which findings can become grants at all (with whatever consent): the policy's final refusals.
import { finalRefusal } from '../policy/index.js';
import type { Finding, GrantPair, Risk } from '../types.js';

/** A grant the plan proposes; assignable to GrantPair. */
export interface PlannedPair extends GrantPair {
  risk: Risk;
  /** The rid/action were mapped from a Marathon/Metronome action name: check before granting. */
  derived: boolean;
}

/**
 * Why a finding cannot be granted whatever the consents, or null: not a rid, invalid, or a DC/OS
 * native account (the `--force-native` task:user exception stays grantable: the policy asks for the flag).
 */
export const whyNotGrantable = (f: Finding): string | null => finalRefusal(f);

/** Findings that can be granted (non-rid and invalid ones left out; derived ones kept). Order kept. */
export const grantableFindings = (findings: readonly Finding[]): Finding[] => findings.filter((f) => whyNotGrantable(f) === null);

export function toGrantPairs(findings: readonly Finding[]): PlannedPair[] {
  return grantableFindings(findings).map((f) => ({ uid: f.uid, rid: f.rid, action: f.action, risk: f.risk, derived: f.kind === 'derived' }));
}
