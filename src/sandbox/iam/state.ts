// The IAM's data: users (people and service accounts), groups, ACLs and their entries.
// Grants are stored per action string, as the real IAM does; only checks treat `full` as covering
// the others. Sizes are capped so a runaway client cannot grow memory without bound.
import { createHash, createPublicKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { aclUrl, API_PREFIX, UID_RE } from './paths.js';
import { actionsCover } from '../../core/policy/covers.js';

export const ACTIONS = ['full', 'create', 'read', 'update', 'delete'] as const;
export const MAX_ACLS = 20_000;
export const MAX_USERS = 10_000;
export const MAX_GROUPS = 10_000;
export const SUPERUSER_RID = 'dcos:superuser';
export const SUPERUSERS_GID = 'superusers';
const ACS_RID = 'dcos:adminrouter:acs';

export interface User {
  uid: string;
  description: string;
  isService: boolean;
  salt?: Buffer;
  passwordHash?: Buffer;
  publicKey?: KeyObject;
  publicKeyPem?: string;
}

export interface Group {
  description: string;
  members: Set<string>;
}

export interface Acl {
  description: string;
  users: Map<string, Set<string>>;
  groups: Map<string, Set<string>>;
}

export function isAction(a: string): boolean {
  return (ACTIONS as readonly string[]).includes(a);
}

function hashPassword(password: string, salt: Buffer): Buffer {
  return createHash('sha256').update(salt).update(password, 'utf8').digest();
}

export class IamState {
  readonly users = new Map<string, User>();
  readonly groups = new Map<string, Group>();
  readonly acls = new Map<string, Acl>();

  constructor() {
    this.groups.set(SUPERUSERS_GID, { description: 'Superusers', members: new Set() });
    this.acls.set(SUPERUSER_RID, { description: 'Superuser: everything', users: new Map(), groups: new Map([[SUPERUSERS_GID, new Set(['full'])]]) });
  }

  private checkNewUid(uid: string): void {
    if (!UID_RE.test(uid)) throw new Error(`invalid uid ${JSON.stringify(uid)}: use [a-zA-Z0-9-_@.], at most 96 characters`);
    if (this.users.has(uid)) throw new Error(`user ${uid} already exists`);
    if (this.users.size >= MAX_USERS) throw new Error('too many users in the sandbox');
  }

  addUser(uid: string, password: string, superuser = false): void {
    this.checkNewUid(uid);
    const salt = randomBytes(16);
    this.users.set(uid, { uid, description: `user ${uid}`, isService: false, salt, passwordHash: hashPassword(password, salt) });
    if (superuser) this.groups.get(SUPERUSERS_GID)!.members.add(uid);
  }

  addServiceAccount(uid: string, publicKeyPem: string, description = `service account ${uid}`): void {
    this.checkNewUid(uid);
    const key = createPublicKey(publicKeyPem); // throws on a bad key: the caller's mistake, say it now
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`service account ${uid}: the public key must be RSA (RS256 login)`);
    this.users.set(uid, { uid, description, isService: true, publicKey: key, publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString() });
  }

  /** A new group (the IAM's `PUT /groups/{gid}`); throws with the IAM's error code in the message. */
  addGroup(gid: string, description = `group ${gid}`): void {
    if (!UID_RE.test(gid)) throw new Error(`invalid gid ${JSON.stringify(gid)}: use [a-zA-Z0-9-_@.], at most 96 characters`);
    if (this.groups.has(gid)) throw new Error(`group ${gid} already exists`);
    if (this.groups.size >= MAX_GROUPS) throw new Error('too many groups in the sandbox');
    this.groups.set(gid, { description, members: new Set() });
  }

  /** Adds a known user or service account to a known group (true when it was not a member yet). */
  addMember(gid: string, uid: string): boolean {
    const g = this.groups.get(gid);
    if (!g) throw new Error(`no group ${gid}`);
    if (!this.users.has(uid)) throw new Error(`no user ${uid}`);
    if (g.members.has(uid)) return false;
    g.members.add(uid);
    return true;
  }

  groupJson(gid: string, g: Group): Record<string, unknown> {
    return { gid, url: `${API_PREFIX}/groups/${gid}`, description: g.description, provider_type: 'internal' };
  }

  /** `GET /groups/{gid}/permissions`: what the group itself holds. */
  groupPermissions(gid: string): { array: unknown[] } {
    const array: unknown[] = [];
    for (const rid of [...this.acls.keys()].sort()) {
      const acl = this.acls.get(rid)!;
      const held = acl.groups.get(gid);
      if (held && held.size) array.push({ rid, description: acl.description, aclurl: aclUrl(rid), actions: this.actionsJson(rid, 'groups', gid, held) });
    }
    return { array };
  }

  passwordMatches(user: User, password: string): boolean {
    if (!user.salt || !user.passwordHash) return false;
    return timingSafeEqual(hashPassword(password, user.salt), user.passwordHash);
  }

  groupsOf(uid: string): string[] {
    return [...this.groups].filter(([, g]) => g.members.has(uid)).map(([gid]) => gid).sort();
  }

  /** Actions a principal holds on a rid, directly or through its groups. */
  private heldActions(uid: string, rid: string): Set<string> {
    const acl = this.acls.get(rid);
    const held = new Set<string>();
    if (!acl) return held;
    for (const a of acl.users.get(uid) ?? []) held.add(a);
    for (const gid of this.groupsOf(uid)) for (const a of acl.groups.get(gid) ?? []) held.add(a);
    return held;
  }

  /** The authorizer's view: the exact action or `full` on the same rid; superusers may do anything. */
  isAllowed(uid: string, rid: string, action: string): boolean {
    if (!this.users.has(uid)) return false;
    if (this.heldActions(uid, SUPERUSER_RID).has('full')) return true;
    const held = this.heldActions(uid, rid);
    return actionsCover(held, action);
  }

  /** May manage ACLs and read others' permissions: `dcos:superuser` full or `dcos:adminrouter:acs` full. */
  canManage(uid: string): boolean {
    return this.heldActions(uid, SUPERUSER_RID).has('full') || this.heldActions(uid, ACS_RID).has('full');
  }

  userJson(u: User): Record<string, unknown> {
    const out: Record<string, unknown> = {
      uid: u.uid,
      url: `${API_PREFIX}/users/${u.uid}`,
      description: u.description,
      is_remote: false,
      is_service: u.isService,
      provider_type: 'internal',
      provider_id: '',
    };
    if (u.isService) out.public_key = u.publicKeyPem;
    return out;
  }

  actionsJson(rid: string, kind: 'users' | 'groups', id: string, actions: Iterable<string>): Array<{ name: string; url: string }> {
    return [...actions].sort().map((name) => ({ name, url: `${aclUrl(rid)}/${kind}/${id}/${name}` }));
  }

  /** `GET /users/{uid}/permissions`: rids decoded, urls in the `%252F` form. */
  permissionsOf(uid: string): { direct: unknown[]; groups: unknown[] } {
    const direct: unknown[] = [];
    const groups: unknown[] = [];
    const mine = this.groupsOf(uid);
    for (const rid of [...this.acls.keys()].sort()) {
      const acl = this.acls.get(rid)!;
      const d = acl.users.get(uid);
      if (d && d.size) direct.push({ rid, description: acl.description, aclurl: aclUrl(rid), actions: this.actionsJson(rid, 'users', uid, d) });
      for (const gid of mine) {
        const g = acl.groups.get(gid);
        if (g && g.size) {
          groups.push({
            rid, description: acl.description, aclurl: aclUrl(rid), gid, groupurl: `${API_PREFIX}/groups/${gid}`,
            membershipurl: `${API_PREFIX}/groups/${gid}/users/${uid}`, actions: this.actionsJson(rid, 'groups', gid, g),
          });
        }
      }
    }
    return { direct, groups };
  }

  /** `GET /acls/{rid}/permissions`. */
  aclPermissions(rid: string, acl: Acl): { users: unknown[]; groups: unknown[] } {
    const users = [...acl.users].filter(([, s]) => s.size).sort(([a], [b]) => a.localeCompare(b))
      .map(([uid, s]) => ({ uid, userurl: `${API_PREFIX}/users/${uid}`, actions: this.actionsJson(rid, 'users', uid, s) }));
    const groups = [...acl.groups].filter(([, s]) => s.size).sort(([a], [b]) => a.localeCompare(b))
      .map(([gid, s]) => ({ gid, groupurl: `${API_PREFIX}/groups/${gid}`, actions: this.actionsJson(rid, 'groups', gid, s) }));
    return { users, groups };
  }

  aces(): Array<{ rid: string; uid: string; action: string }> {
    const out: Array<{ rid: string; uid: string; action: string }> = [];
    for (const [rid, acl] of this.acls) for (const [uid, s] of acl.users) for (const action of s) out.push({ rid, uid, action });
    return out.sort((a, b) => a.rid.localeCompare(b.rid) || a.uid.localeCompare(b.uid) || a.action.localeCompare(b.action));
  }

  /** The groups' entries, sorted (the `dcos:superuser` entry of `superusers` included). */
  groupAces(): Array<{ rid: string; gid: string; action: string }> {
    const out: Array<{ rid: string; gid: string; action: string }> = [];
    for (const [rid, acl] of this.acls) for (const [gid, s] of acl.groups) for (const action of s) out.push({ rid, gid, action });
    return out.sort((a, b) => a.rid.localeCompare(b.rid) || a.gid.localeCompare(b.gid) || a.action.localeCompare(b.action));
  }
}
