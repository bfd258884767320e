// The IAM's authenticated routes (ACLs, grants, users, permissions), matched on the path segments
// the proxy hands on. Each route says who may call it; the server checks that before running it.
import { iamUnquote, part, ridProblem, aclUrl } from './paths.js';
import { iamError, type Reply } from './responses.js';
import { groupsRoute, userGroupsRoute } from './group-routes.js';
import { isAction, MAX_ACLS, SUPERUSER_RID, SUPERUSERS_GID, type Acl, type IamState } from './state.js';
import { actionsCover } from '../../core/policy/covers.js';

export interface RouteCtx {
  state: IamState;
  caller: string;
  /** Parsed JSON body; undefined when empty; `invalid` symbol when not JSON. */
  body: unknown;
  query: URLSearchParams;
}

export const INVALID_JSON = Symbol('invalid json');

export interface Route {
  /** Method → handler; a missing method is a 405. */
  methods: Partial<Record<string, (ctx: RouteCtx) => Reply>>;
  /** Managers may call every method; the principal named here may also GET (read itself). */
  self?: string;
}

function rid(segment: string): string {
  const r = iamUnquote(segment);
  const why = ridProblem(r);
  if (why) iamError(400, 'ERR_INVALID_RESOURCE_ID', `Invalid resource id \`${r}\`: ${why}.`);
  return r;
}

function needAcl(state: IamState, r: string): Acl {
  const acl = state.acls.get(r);
  if (!acl) iamError(400, 'ERR_UNKNOWN_RESOURCE_ID', `Protected resource with rid \`${r}\` not known.`);
  return acl;
}

export function needUser(state: IamState, uid: string): void {
  if (!state.users.has(uid)) iamError(400, 'ERR_UNKNOWN_USER_ID', `User with uid \`${uid}\` not known.`);
}

export function needGroup(state: IamState, gid: string): void {
  if (!state.groups.has(gid)) iamError(400, 'ERR_UNKNOWN_GROUP_ID', `Group with gid \`${gid}\` not known.`);
}

function needAction(action: string): void {
  if (!isAction(action)) iamError(400, 'ERR_INVALID_ACTION', `Invalid action \`${action}\`: use one of full, create, read, update, delete.`);
}

export function descriptionFrom(body: unknown, required: boolean): string {
  if (body === INVALID_JSON || (body === undefined && required)) {
    iamError(400, 'ERR_INVALID_DATA', 'Request has bad Content-Type or lacks JSON data');
  }
  if (body === undefined) return '';
  if (!body || typeof body !== 'object' || Array.isArray(body)) iamError(400, 'ERR_INVALID_DATA', 'Expected a JSON object.');
  const d = (body as Record<string, unknown>).description;
  if (d !== undefined && typeof d !== 'string') iamError(400, 'ERR_INVALID_DATA', '`description` must be a string.');
  return d ?? '';
}

/** ACEs of one principal kind (users or groups) on one ACL: GET (allowed?), PUT (grant), DELETE (revoke). */
function aceRoute(seg: string[], kind: 'users' | 'groups'): Route {
  const id = iamUnquote(part(seg, 3));
  const action = iamUnquote(part(seg, 4));
  const check = (ctx: RouteCtx): { r: string; acl: Acl } => {
    const r = rid(part(seg, 1));
    const acl = needAcl(ctx.state, r);
    if (kind === 'users') needUser(ctx.state, id);
    else needGroup(ctx.state, id);
    needAction(action);
    return { r, acl };
  };
  const who = kind === 'users' ? 'User' : 'Group';
  return {
    self: kind === 'users' ? id : undefined,
    methods: {
      GET: (ctx) => {
        const { r } = check(ctx);
        if (kind === 'users') return { status: 200, body: { allowed: ctx.state.isAllowed(id, r, action) } };
        const held = ctx.state.acls.get(r)!.groups.get(id);
        return { status: 200, body: { allowed: !!held && actionsCover(held, action) } };
      },
      PUT: (ctx) => {
        const { r, acl } = check(ctx);
        const map = acl[kind];
        const held = map.get(id) ?? new Set<string>();
        if (held.has(action)) iamError(409, 'ERR_ACE_EXISTS', `${who} \`${id}\` already has action \`${action}\` in ACL for resource \`${r}\`.`);
        held.add(action);
        map.set(id, held);
        return { status: 204 };
      },
      DELETE: (ctx) => {
        const { r, acl } = check(ctx);
        const map = acl[kind];
        const held = map.get(id);
        if (!held || held.size === 0) {
          iamError(400, kind === 'users' ? 'ERR_USER_NOT_IN_ACL' : 'ERR_GROUP_NOT_IN_ACL', `${who} \`${id}\` is not part of ACL for resource \`${r}\``);
        }
        if (!held.has(action)) iamError(400, 'ERR_ACTION_NOT_YET_STORED', `Action \`${action}\` unknown for ${who.toLowerCase()} \`${id}\` in ACL for resource \`${r}\``);
        if (kind === 'groups' && id === SUPERUSERS_GID && r === SUPERUSER_RID && action === 'full') {
          iamError(400, 'ERR_IS_SUPERUSER_GROUP', 'The `superusers` group must have `full` permission on the `dcos:superuser` resource.');
        }
        held.delete(action);
        if (held.size === 0) map.delete(id);
        return { status: 204 };
      },
    },
  };
}

function aclRoute(seg: string[]): Route {
  return {
    methods: {
      GET: (ctx) => {
        const r = rid(part(seg, 1));
        const acl = needAcl(ctx.state, r);
        return { status: 200, body: { rid: r, url: aclUrl(r), description: acl.description } };
      },
      PUT: (ctx) => {
        const r = rid(part(seg, 1));
        const description = descriptionFrom(ctx.body, true);
        if (ctx.state.acls.has(r)) iamError(409, 'ERR_ACL_EXISTS', `ACL for resource \`${r}\` already exists.`);
        if (ctx.state.acls.size >= MAX_ACLS) iamError(507, 'ERR_SANDBOX_LIMIT', `The sandbox holds at most ${MAX_ACLS} ACLs.`);
        ctx.state.acls.set(r, { description, users: new Map(), groups: new Map() });
        return { status: 201 };
      },
      PATCH: (ctx) => {
        const r = rid(part(seg, 1));
        const acl = needAcl(ctx.state, r);
        acl.description = descriptionFrom(ctx.body, true);
        return { status: 204 };
      },
      // A real server allows it (it removes the ACL for every principal); the request log lets
      // tests assert that audit2grant never sends it.
      DELETE: (ctx) => {
        const r = rid(part(seg, 1));
        needAcl(ctx.state, r);
        if (r === SUPERUSER_RID) iamError(400, 'ERR_IS_SUPERUSER_GROUP', 'The `superusers` group must have `full` permission on the `dcos:superuser` resource.');
        ctx.state.acls.delete(r);
        return { status: 204 };
      },
    },
  };
}

/** The route for the segments after `/acs/api/v1/`, or null (404). Login is handled before this. */
export function matchRoute(seg: string[]): Route | null {
  const [a, , c] = seg;
  if (a === 'acls') {
    if (seg.length === 1) {
      return { methods: { GET: (ctx) => ({ status: 200, body: { array: [...ctx.state.acls].sort(([x], [y]) => x.localeCompare(y)).map(([r, acl]) => ({ rid: r, url: aclUrl(r), description: acl.description })) } }) } };
    }
    if (seg[1] === '') return null;
    if (seg.length === 2) return aclRoute(seg);
    if (seg.length === 3 && c === 'permissions') {
      return { methods: { GET: (ctx) => { const r = rid(part(seg, 1)); return { status: 200, body: ctx.state.aclPermissions(r, needAcl(ctx.state, r)) }; } } };
    }
    if (seg.length === 4 && c === 'users') {
      const uid = iamUnquote(part(seg, 3));
      return {
        self: uid,
        methods: {
          GET: (ctx) => {
            const r = rid(part(seg, 1));
            const acl = needAcl(ctx.state, r);
            needUser(ctx.state, uid);
            const held = acl.users.get(uid);
            if (!held || !held.size) iamError(400, 'ERR_USER_NOT_IN_ACL', `User \`${uid}\` is not part of ACL for resource \`${r}\``);
            return { status: 200, body: { actions: ctx.state.actionsJson(r, 'users', uid, held) } };
          },
        },
      };
    }
    if (seg.length === 5 && (c === 'users' || c === 'groups') && seg[4] !== '') return aceRoute(seg, c);
    return null;
  }
  if (a === 'users') {
    if (seg.length === 1) {
      return {
        methods: {
          GET: (ctx) => {
            const type = ctx.query.get('type') ?? 'user';
            if (type !== 'user' && type !== 'service') iamError(400, 'ERR_INVALID_DATA', 'Query parameter `type` must be `user` or `service`.');
            const list = [...ctx.state.users.values()].filter((u) => u.isService === (type === 'service')).sort((x, y) => x.uid.localeCompare(y.uid));
            return { status: 200, body: { array: list.map((u) => ctx.state.userJson(u)) } };
          },
        },
      };
    }
    const uid = iamUnquote(part(seg, 1));
    if (uid === '') return null;
    if (seg.length === 2) {
      return { self: uid, methods: { GET: (ctx) => { needUser(ctx.state, uid); return { status: 200, body: ctx.state.userJson(ctx.state.users.get(uid)!) }; } } };
    }
    if (seg.length === 3 && c === 'permissions') {
      return { self: uid, methods: { GET: (ctx) => { needUser(ctx.state, uid); return { status: 200, body: ctx.state.permissionsOf(uid) }; } } };
    }
    if (seg.length === 3 && c === 'groups') return userGroupsRoute(uid);
    return null;
  }
  if (a === 'groups') return groupsRoute(seg);
  return null;
}
