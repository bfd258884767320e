// DC/OS's own service accounts (`dcos_*`): never changed, except the documented strict-mode
// exception (task:user rights for dcos_marathon and dcos_metronome) behind --force-native.
// Uids and rids compare case-insensitively, so `DCOS_Marathon` is still a native account.
import type { GrantPair } from '../types.js';

/** The two native accounts operators may extend (task:user rights in strict mode). */
export const NATIVE_EXCEPTIONS: readonly string[] = ['dcos_marathon', 'dcos_metronome'];

export function isNativeAccount(uid: string): boolean {
  return uid.toLowerCase().startsWith('dcos_');
}

/** The documented exception covers Linux-user rights for tasks (`…:task:user[:NAME]`), nothing else. */
function isTaskUserRid(rid: string): boolean {
  return /^dcos:mesos:(master|agent):task:user(:|$)/i.test(rid);
}

export interface NativeRule {
  /** refused: no consent changes it; needs-force: the exception, with --force-native. */
  kind: 'refused' | 'needs-force';
  reason: string;
}

/**
 * The native-account rule alone: null for ordinary accounts; `refused` for DC/OS's own accounts;
 * `needs-force` for the documented exception (task:user rights for dcos_marathon/dcos_metronome).
 */
export function nativeAccountRule(pair: GrantPair): NativeRule | null {
  if (!isNativeAccount(pair.uid)) return null;
  if (!NATIVE_EXCEPTIONS.includes(pair.uid.toLowerCase())) {
    return { kind: 'refused', reason: `${pair.uid} is a DC/OS native account: its rights are managed by DC/OS and reset at upgrades` };
  }
  if (!isTaskUserRid(pair.rid)) {
    return { kind: 'refused', reason: `${pair.uid} is a DC/OS native account: its other rights are managed by DC/OS; only its task:user rights may be granted or revoked (the documented strict-mode exception)` };
  }
  return { kind: 'needs-force', reason: `${pair.uid} is a DC/OS native account (pass --force-native for the documented task:user exception)` };
}
