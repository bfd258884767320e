// Safety rails: the grant policy (core/policy) applied to a whole batch before the first request.
// The logic lives in core/policy; these names stay for the IAM client and the commands.
import { decideBatch, type BatchReport, type PolicyContext } from '../policy/index.js';
import type { GrantPair } from '../types.js';

export { refusedBatch, uniquePairs, pairKey, isNativeAccount, nativeAccountRule, NATIVE_EXCEPTIONS } from '../policy/index.js';

/** The consents given; `mode` defaults to unattended (the last check before sending asks nobody). */
export type RailOptions = Omit<PolicyContext, 'mode'> & { mode?: PolicyContext['mode'] };
export type RailReport = BatchReport;

export function checkRails(pairs: readonly GrantPair[], opts: RailOptions): RailReport {
  return decideBatch(pairs, { mode: 'unattended', ...opts });
}
