// Classification of one deny decision (docs/audit-log-forms.md).
import type { Decision, FindingKind } from '../types.js';

export type DenyClass =
  | { kind: FindingKind; uid: string; rid: string; action: string }
  | { kind: 'auth' }
  | { kind: 'unknown-uid' };

/** What a deny is classified by: a Decision's fields (a DenyRead has them too, its uid always set). */
export type DenyFields = Pick<Decision, 'uid' | 'truncated' | 'rid' | 'object' | 'ridAction' | 'action' | 'derived'> & { reason?: string | null };

export function classifyDeny(ev: DenyFields): DenyClass {
  if (ev.uid === null || ev.uid === '') {
    // A cut line lost its uid: unknown, not unauthenticated, unless it says so itself.
    if (ev.truncated && ev.reason !== 'not authenticated') return { kind: 'unknown-uid' };
    return { kind: 'auth' };
  }
  const rid = ev.rid || ev.object;
  const action = ev.ridAction || ev.action;
  if (ev.derived) return { kind: 'derived', uid: ev.uid, rid, action };
  if (rid.startsWith('dcos:')) return { kind: 'permission', uid: ev.uid, rid, action };
  return { kind: 'non-rid', uid: ev.uid, rid, action };
}

/** Two denials that count toward the same finding (or are both without a uid, of one kind). */
export function sameClass(a: DenyClass, b: DenyClass): boolean {
  if (a.kind === 'auth' || a.kind === 'unknown-uid' || b.kind === 'auth' || b.kind === 'unknown-uid') return a.kind === b.kind;
  return a.kind === b.kind && a.uid === b.uid && a.rid === b.rid && a.action === b.action;
}

export const NON_RID_EXPLANATION =
  'Not a DC/OS permission id (e.g. a Mesos HTTP endpoint path): it cannot be granted as is; see the dcos:mesos:*:endpoint:path rows of the catalog.';

export function derivedWarning(ev: Decision): string {
  const d = ev.derived;
  if (!d) return '';
  return `inferred from ${ev.component} action ${d.rawAction} on ${d.path}: the rid and action are a mapping, check them before granting`;
}
