// The IAM's group routes: groups (list, create, read, delete), their members, what a group holds,
// and the groups an account belongs to. Shapes as the DC/OS IAM answers them (docs/iam-api.md).
import { API_PREFIX, iamUnquote, part, UID_RE } from './paths.js';
import { iamError } from './responses.js';
import { descriptionFrom, needGroup, needUser, type Route } from './routes.js';
import { MAX_GROUPS, SUPERUSERS_GID, type IamState } from './state.js';

const membershipUrl = (gid: string, uid: string): string => `${API_PREFIX}/groups/${gid}/users/${uid}`;

/** `GET /users/{uid}/groups`: an account may read its own. */
export function userGroupsRoute(uid: string): Route {
  return {
    self: uid,
    methods: {
      GET: (ctx) => {
        needUser(ctx.state, uid);
        const array = ctx.state.groupsOf(uid).map((gid) => ({ membershipurl: membershipUrl(gid, uid), group: ctx.state.groupJson(gid, ctx.state.groups.get(gid)!) }));
        return { status: 200, body: { array } };
      },
    },
  };
}

function groupRoute(gid: string): Route {
  return {
    methods: {
      GET: (ctx) => {
        needGroup(ctx.state, gid);
        return { status: 200, body: ctx.state.groupJson(gid, ctx.state.groups.get(gid)!) };
      },
      PUT: (ctx) => {
        if (!UID_RE.test(gid)) iamError(400, 'ERR_INVALID_GROUP_ID', `Invalid group ID \`${gid}\`: use [a-zA-Z0-9-_@.], at most 96 characters.`);
        const description = descriptionFrom(ctx.body, true);
        if (ctx.state.groups.has(gid)) iamError(409, 'ERR_GROUP_EXISTS', `Group with gid \`${gid}\` already exists.`);
        if (ctx.state.groups.size >= MAX_GROUPS) iamError(507, 'ERR_SANDBOX_LIMIT', `The sandbox holds at most ${MAX_GROUPS} groups.`);
        ctx.state.addGroup(gid, description);
        return { status: 201 };
      },
      // Deleting a group drops its entries in every ACL, as the IAM does.
      DELETE: (ctx) => {
        needGroup(ctx.state, gid);
        if (gid === SUPERUSERS_GID) iamError(400, 'ERR_IS_SUPERUSER_GROUP', 'The `superusers` group cannot be deleted.');
        ctx.state.groups.delete(gid);
        for (const acl of ctx.state.acls.values()) acl.groups.delete(gid);
        return { status: 204 };
      },
    },
  };
}

function memberRoute(gid: string, uid: string): Route {
  return {
    methods: {
      PUT: (ctx) => {
        needGroup(ctx.state, gid);
        needUser(ctx.state, uid);
        if (!ctx.state.addMember(gid, uid)) iamError(409, 'ERR_USER_ALREADY_IN_GROUP', `User \`${uid}\` is already a member of group \`${gid}\`.`);
        return { status: 204 };
      },
      DELETE: (ctx) => {
        needGroup(ctx.state, gid);
        needUser(ctx.state, uid);
        const members = ctx.state.groups.get(gid)!.members;
        if (!members.has(uid)) iamError(400, 'ERR_USER_NOT_IN_GROUP', `User \`${uid}\` is not a member of group \`${gid}\`.`);
        if (gid === SUPERUSERS_GID && members.size === 1) iamError(400, 'ERR_NO_MORE_SUPERUSERS', `Removing \`${uid}\` would leave no superuser.`);
        members.delete(uid);
        return { status: 204 };
      },
    },
  };
}

/** The route for `/groups…` segments, or null (404). Managers only: nobody reads a group as "self". */
export function groupsRoute(seg: string[]): Route | null {
  if (seg.length === 1) {
    return { methods: { GET: (ctx: { state: IamState }) => ({ status: 200, body: { array: [...ctx.state.groups].sort(([a], [b]) => a.localeCompare(b)).map(([gid, g]) => ctx.state.groupJson(gid, g)) } }) } };
  }
  const gid = iamUnquote(part(seg, 1));
  if (gid === '') return null;
  if (seg.length === 2) return groupRoute(gid);
  if (seg.length === 3 && seg[2] === 'permissions') {
    return { methods: { GET: (ctx) => { needGroup(ctx.state, gid); return { status: 200, body: ctx.state.groupPermissions(gid) }; } } };
  }
  if (seg.length === 3 && seg[2] === 'users') {
    return {
      methods: {
        GET: (ctx) => {
          needGroup(ctx.state, gid);
          const members = [...ctx.state.groups.get(gid)!.members].sort();
          return { status: 200, body: { array: members.map((uid) => ({ membershipurl: membershipUrl(gid, uid), user: ctx.state.userJson(ctx.state.users.get(uid)!) })) } };
        },
      },
    };
  }
  if (seg.length === 4 && seg[2] === 'users' && seg[3] !== '') return memberRoute(gid, iamUnquote(part(seg, 3)));
  return null;
}

