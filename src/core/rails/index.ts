// Safety rails, checked for a WHOLE batch before the first request (pure): invalid input, DC/OS
// native accounts, dangerous and sensitive rids. A batch with any refusal applies nothing.
import { riskOf } from '../catalog/index.js';
import { validatePair } from '../plan/validate.js';
import type { GrantPair, PairResult, Risk } from '../types.js';

export interface RailOptions {
  op: 'grant' | 'revoke';
  /** Allow dcos:superuser, dcos:adminrouter:acs, task:user:root, … (grant only). */
  allowDangerous?: boolean;
  /** Allow dcos_marathon / dcos_metronome (the documented exception). */
  forceNative?: boolean;
  /** SENSITIVE rids are confirmed (by --yes or by the user answering a prompt). */
  yes?: boolean;
}

export type RailStatus = 'ok' | 'invalid' | 'refused' | 'confirm';

export interface RailVerdict {
  pair: GrantPair;
  /** invalid: bad uid/rid/action (usage error); refused: a rail; confirm: sensitive, needs a yes. */
  status: RailStatus;
  reason: string | null;
  /** Allowed but worth saying (native override, dangerous allowed). */
  warning: string | null;
  risk: Risk;
}

export interface RailReport {
  verdicts: RailVerdict[];
  /** Every pair passed: the batch may be applied. */
  ok: boolean;
  invalid: RailVerdict[];
  refused: RailVerdict[];
  confirm: RailVerdict[];
  warnings: string[];
}

/** The two native accounts operators may extend (task:user rights in strict mode). */
export const NATIVE_EXCEPTIONS: readonly string[] = ['dcos_marathon', 'dcos_metronome'];

export function isNativeAccount(uid: string): boolean {
  return uid.startsWith('dcos_');
}

/** The documented exception covers Linux-user rights for tasks (`…:task:user[:NAME]`), nothing else. */
function isTaskUserRid(rid: string): boolean {
  return /^dcos:mesos:(master|agent):task:user(:|$)/.test(rid);
}

/**
 * The native-account rule alone: null for ordinary accounts; `refused` for DC/OS's own accounts;
 * `needs-force` for the documented exception (task:user rights for dcos_marathon/dcos_metronome).
 */
export function nativeAccountRule(pair: GrantPair): { kind: 'refused' | 'needs-force'; reason: string } | null {
  if (!isNativeAccount(pair.uid)) return null;
  if (!NATIVE_EXCEPTIONS.includes(pair.uid)) {
    return { kind: 'refused', reason: `${pair.uid} is a DC/OS native account: its rights are managed by DC/OS and reset at upgrades` };
  }
  if (!isTaskUserRid(pair.rid)) {
    return { kind: 'refused', reason: `${pair.uid} is a DC/OS native account: only task:user rights may be added to it (the documented strict-mode exception)` };
  }
  return { kind: 'needs-force', reason: `${pair.uid} is a DC/OS native account (pass --force-native for the documented task:user exception)` };
}

function verdict(pair: GrantPair, opts: RailOptions): RailVerdict {
  const bad = validatePair(pair);
  if (bad) return { pair, status: 'invalid', reason: bad, warning: null, risk: 'unknown' };
  const risk = riskOf(pair.rid, pair.action);
  let warning: string | null = null;
  const native = nativeAccountRule(pair);
  if (native) {
    if (native.kind === 'refused' || !opts.forceNative) return { pair, status: 'refused', reason: native.reason, warning: null, risk };
    warning = `changing native account ${pair.uid} (--force-native): DC/OS may reset its rights at the next upgrade`;
  }
  // Taking rights away never escalates: the risk rails guard grants only.
  if (opts.op === 'grant') {
    // riskOf is already 'dangerous' for the always-dangerous rids (superuser, acs, task:user[:root]).
    if (risk === 'dangerous') {
      if (!opts.allowDangerous) {
        return { pair, status: 'refused', reason: `${pair.rid} ${pair.action} is DANGEROUS (cluster-wide control): pass --allow-dangerous if you really mean it`, warning: null, risk: 'dangerous' };
      }
      warning = [warning, `granting DANGEROUS ${pair.rid} ${pair.action} to ${pair.uid} (--allow-dangerous)`].filter(Boolean).join('; ');
      return { pair, status: 'ok', reason: null, warning, risk: 'dangerous' };
    }
    if (risk === 'sensitive' && !opts.yes) {
      return { pair, status: 'confirm', reason: `${pair.rid} ${pair.action} is SENSITIVE: confirm it (answer the prompt, or pass --yes)`, warning, risk };
    }
  }
  return { pair, status: 'ok', reason: null, warning, risk };
}

export function checkRails(pairs: readonly GrantPair[], opts: RailOptions): RailReport {
  const verdicts = pairs.map((p) => verdict(p, opts));
  const by = (s: RailStatus) => verdicts.filter((v) => v.status === s);
  return {
    verdicts,
    ok: verdicts.every((v) => v.status === 'ok'),
    invalid: by('invalid'),
    refused: by('refused'),
    confirm: by('confirm'),
    warnings: verdicts.map((v) => v.warning).filter((w): w is string => !!w),
  };
}

/** Results for a batch the rails stopped: the culprits with their reason, the rest "not applied". */
export function refusedBatch(report: RailReport): PairResult[] {
  const bad = report.verdicts.filter((v) => v.status !== 'ok').length;
  return report.verdicts.map((v) => ({
    ...v.pair,
    outcome: 'refused' as const,
    detail: v.status === 'ok' ? `not applied: ${bad} other pair${bad === 1 ? '' : 's'} in this batch ${bad === 1 ? 'was' : 'were'} refused` : (v.reason ?? 'refused'),
    aclCreated: false,
  }));
}

export const pairKey = (p: GrantPair): string => `${p.uid}\u0000${p.rid}\u0000${p.action}`;

/** Drops repeated pairs, keeping the first (a batch grants each pair once). */
export function uniquePairs<T extends GrantPair>(pairs: readonly T[]): T[] {
  const seen = new Set<string>();
  return pairs.filter((p) => {
    const k = pairKey(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
