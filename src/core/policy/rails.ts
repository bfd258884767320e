// Safety rails: the grant policy applied to a whole batch before the first request is sent.
import { decideBatch, type BatchReport } from './batch.js';
import type { PolicyContext } from './decide.js';
import type { GrantPair } from '../types.js';

/** The consents given; `mode` defaults to unattended (the last check before sending asks nobody). */
export type RailOptions = Omit<PolicyContext, 'mode'> & { mode?: PolicyContext['mode'] };
export type RailReport = BatchReport;

export function checkRails(pairs: readonly GrantPair[], opts: RailOptions): RailReport {
  return decideBatch(pairs, { mode: 'unattended', ...opts });
}
