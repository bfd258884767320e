// Optional `--state FILE` of `audit2grant sandbox`: the ACLs, service accounts and groups survive a
// restart. Passwords are never saved (the superuser gets a new one each start), and neither is the
// membership of `superusers` (a state file never makes anyone a superuser).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { OperationalError } from '../../errors.js';
import { ridProblem } from './paths.js';
import { isAction, MAX_ACLS, SUPERUSERS_GID, type IamState } from './state.js';

export interface SandboxSnapshot {
  version: 1;
  serviceAccounts: Array<{ uid: string; publicKeyPem: string }>;
  /** Added later in version 1: absent in older files. */
  groups?: Array<{ gid: string; description: string; members: string[] }>;
  acls: Array<{ rid: string; description: string; users: Record<string, string[]>; groups: Record<string, string[]> }>;
}

export function snapshotOf(state: IamState): SandboxSnapshot {
  const serviceAccounts = [...state.users.values()].filter((u) => u.isService && u.publicKeyPem).map((u) => ({ uid: u.uid, publicKeyPem: u.publicKeyPem! }));
  const acls = [...state.acls].map(([rid, acl]) => ({
    rid,
    description: acl.description,
    users: Object.fromEntries([...acl.users].map(([id, s]) => [id, [...s].sort()])),
    groups: Object.fromEntries([...acl.groups].map(([id, s]) => [id, [...s].sort()])),
  }));
  const groups = [...state.groups].filter(([gid]) => gid !== SUPERUSERS_GID).map(([gid, g]) => ({ gid, description: g.description, members: [...g.members].sort() }));
  return { version: 1, serviceAccounts, groups, acls };
}

/** Applies a snapshot; entries naming unknown principals or bad rids/actions are skipped with a warning. */
export function restoreInto(state: IamState, snap: SandboxSnapshot, warn: (msg: string) => void): void {
  if (!snap || snap.version !== 1 || !Array.isArray(snap.acls) || !Array.isArray(snap.serviceAccounts)) {
    throw new Error('not a version 1 sandbox state');
  }
  for (const sa of snap.serviceAccounts) {
    if (state.users.has(sa.uid)) continue;
    try {
      state.addServiceAccount(sa.uid, sa.publicKeyPem);
    } catch (e) {
      warn(`skipped service account ${String(sa.uid)}: ${(e as Error).message}`);
    }
  }
  for (const g of Array.isArray(snap.groups) ? snap.groups : []) {
    if (!g || typeof g.gid !== 'string' || g.gid === SUPERUSERS_GID) continue;
    try {
      if (!state.groups.has(g.gid)) state.addGroup(g.gid, typeof g.description === 'string' ? g.description : undefined);
    } catch (e) {
      warn(`skipped group ${String(g.gid)}: ${(e as Error).message}`);
      continue;
    }
    for (const uid of Array.isArray(g.members) ? g.members : []) {
      if (state.users.has(String(uid))) state.addMember(g.gid, String(uid));
      else warn(`skipped member ${String(uid)} of group ${g.gid}: not in the sandbox`);
    }
  }
  for (const a of snap.acls) {
    if (typeof a.rid !== 'string' || ridProblem(a.rid)) {
      warn(`skipped ACL ${JSON.stringify(a.rid)}: invalid rid`);
      continue;
    }
    if (!state.acls.has(a.rid) && state.acls.size >= MAX_ACLS) break;
    const acl = state.acls.get(a.rid) ?? { description: String(a.description ?? ''), users: new Map(), groups: new Map() };
    state.acls.set(a.rid, acl);
    for (const [kind, known] of [['users', state.users], ['groups', state.groups]] as const) {
      for (const [id, actions] of Object.entries(a[kind] ?? {})) {
        if (!known.has(id)) {
          warn(`skipped ${kind === 'users' ? 'user' : 'group'} ${id} on ${a.rid}: not in the sandbox`);
          continue;
        }
        const held = acl[kind].get(id) ?? new Set<string>();
        for (const act of Array.isArray(actions) ? actions : []) if (isAction(act)) held.add(act);
        if (held.size) acl[kind].set(id, held);
      }
    }
  }
}

export function readSnapshotFile(file: string): SandboxSnapshot | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SandboxSnapshot;
  } catch (e) {
    throw new OperationalError(`cannot read sandbox state ${file}: ${(e as Error).message}`, 'fix or remove the file, or start without --state');
  }
}

/** Atomic write (temp file + rename) so a crash never leaves half a state file. */
export function writeSnapshotFile(file: string, snap: SandboxSnapshot): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(snap, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export function saveState(file: string, iam: { snapshot(): SandboxSnapshot }): void {
  writeSnapshotFile(file, iam.snapshot());
}
