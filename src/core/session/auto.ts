// Unattended rounds (`demo --auto`, and any future `--auto` loop): what an operator pressing `a`
// then `g` would grant now, and what stays for a human and why. Pure: the caller observes, settles
// and sends.
import { whyNotGrantable } from '../plan/select.js';
import type { Finding } from '../types.js';
import { heldRecords, statusOf } from './status.js';
import type { SessionState } from './types.js';

export interface AutoPolicy {
  /** Grant SENSITIVE (and catalog-unknown) findings too: what `--yes` confirms. */
  yes: boolean;
}

export interface AutoDecision {
  /** Pending findings to grant this round, in list order. */
  grant: Finding[];
  /** Pending findings left alone, each with the one-line reason. */
  skipped: Array<{ finding: Finding; why: string }>;
}

/**
 * Of the session uid's pending findings (status `new` or `selected`): normal-risk ones are granted;
 * SENSITIVE and unknown-risk ones only with `yes`; DANGEROUS never (no unattended path to
 * superuser-equivalent rights); invalid ones cannot be; a pair whose last grant attempt was
 * refused or failed is not retried unattended. Non-rid findings are never pending (`not grantable`).
 */
export function autoDecide(s: SessionState, findings: readonly Finding[], policy: AutoPolicy): AutoDecision {
  const held = heldRecords(s);
  const out: AutoDecision = { grant: [], skipped: [] };
  for (const f of findings) {
    if (s.uid !== null && f.uid !== s.uid) continue;
    const st = statusOf(s, f, { held });
    if (st.status !== 'new' && st.status !== 'selected') continue;
    const skip = (why: string) => out.skipped.push({ finding: f, why });
    const bad = whyNotGrantable(f);
    if (bad) skip(bad);
    else if (st.result && (st.result.outcome === 'failed' || st.result.outcome === 'refused'))
      skip(`the last grant attempt ${st.result.outcome}${st.result.detail ? ` (${st.result.detail})` : ''}: not retried unattended`);
    else if (f.risk === 'dangerous') skip('DANGEROUS (superuser-equivalent): never granted unattended; grant it by hand with --allow-dangerous if you really mean it');
    else if (f.risk !== 'normal' && !policy.yes)
      skip(`${f.risk === 'sensitive' ? 'SENSITIVE' : 'not in the catalog (unknown risk)'}: granted unattended only with --yes`);
    else out.grant.push(f);
  }
  return out;
}
