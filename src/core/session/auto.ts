// Unattended rounds (`demo --auto`, and any future `--auto` loop): what an operator pressing `a`
// then `g` would grant now, and what stays for a human and why. Pure: the caller observes, settles
// and sends.
import { decide, type Consent } from '../policy/index.js';
import type { Finding } from '../types.js';
import { heldRecords, statusOf } from './status.js';
import type { SessionState } from './types.js';

export interface AutoPolicy {
  /** `--yes`: the consent that lets SENSITIVE and catalog-unknown findings through unattended. */
  yes: boolean;
}

export interface AutoDecision {
  /** Pending findings to grant this round, in list order. */
  grant: Finding[];
  /** Pending findings left alone, each with the one-line reason and the consents that would change it. */
  skipped: Array<{ finding: Finding; why: string; needs: Consent[] }>;
}

/**
 * Of the session uid's pending findings (status `new` or `selected`): what the policy allows with
 * nobody to ask and only `yes` as consent is granted (normal risk; SENSITIVE and unknown only with
 * `yes`; DANGEROUS never, as no unattended path takes --allow-dangerous); a pair whose last grant
 * attempt was refused or failed is not retried unattended. What no consent can grant (non-rid,
 * invalid, native accounts) is never pending: the session shows it `not grantable`.
 */
export function autoDecide(s: SessionState, findings: readonly Finding[], policy: AutoPolicy): AutoDecision {
  const held = heldRecords(s);
  const out: AutoDecision = { grant: [], skipped: [] };
  const ctx = { op: 'grant', mode: 'unattended', yes: policy.yes } as const;
  for (const f of findings) {
    if (s.uid !== null && f.uid !== s.uid) continue;
    const st = statusOf(s, f, { held });
    if (st.status !== 'new' && st.status !== 'selected') continue;
    if (st.result && (st.result.outcome === 'failed' || st.result.outcome === 'refused')) {
      out.skipped.push({ finding: f, why: `the last grant attempt ${st.result.outcome}${st.result.detail ? ` (${st.result.detail})` : ''}: not retried unattended`, needs: [] });
      continue;
    }
    const d = decide(f, ctx);
    if (d.verdict === 'allow') out.grant.push(f);
    else out.skipped.push({ finding: f, why: d.reason, needs: d.needs });
  }
  return out;
}
