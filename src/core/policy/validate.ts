// Input checks the grant side runs before any request (docs/iam-api.md, "Resource ids in a URL"): the
// first rule of the policy. Each returns null when fine, else a one-line reason.
import { asciiText } from '../text.js';

export const ACTIONS = ['full', 'create', 'read', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

const MAX_UID = 96;
const MAX_RID = 2048;

/**
 * Renders a hostile value so it cannot move the cursor or hide text in a message: quoted, and every
 * character outside printable ASCII (a space too) escaped as the loop's rows and every id on screen
 * show it (asciiText: `\x1b`, `\x20`, `\u2011`), so the reason names the row as it reads.
 */
const shown = (s: string): string => `"${asciiText(s.length > 80 ? s.slice(0, 80) : s)}"${s.length > 80 ? '…' : ''}`;

/** An account's or a group's id: `what` names it in the reason, `named` what it names. */
function validateId(id: string, what: 'uid' | 'gid', named: 'account' | 'group'): string | null {
  if (id.length === 0) return `${what} is empty`;
  if (id.length > MAX_UID) return `${what} is ${id.length} characters long; DC/OS allows at most ${MAX_UID}`;
  if (!/^[a-zA-Z0-9\-_@.]+$/.test(id)) return `${what} ${shown(id)} has characters DC/OS does not allow (only letters, digits, - _ @ .)`;
  // The id is a path segment of the IAM URL: '.' and '..' would be resolved away (granting to the
  // ACL itself, or another path), and no account or group is made of dots only.
  if (/^\.+$/.test(id)) return `${what} ${shown(id)} is only dots: no ${named} is named so, and '.' or '..' in the IAM URL would address another resource`;
  // A leading '-' would read as an option in the equivalent `dcos security org users` command.
  if (id.startsWith('-')) return `${what} ${shown(id)} starts with '-', which the dcos CLI would read as an option`;
  return null;
}

export function validateUid(uid: string): string | null {
  return validateId(uid, 'uid', 'account');
}

/** A group id: the characters and length of a uid (the IAM path segment has the same constraints). */
export function validateGid(gid: string): string | null {
  return validateId(gid, 'gid', 'group');
}

/** What a valid uid or gid looks like, for the hint of a bad one. */
export const ID_SHAPE = `1 to ${MAX_UID} letters, digits, - _ @ . (not only dots, not starting with -)`;

export function validateRid(rid: string): string | null {
  if (rid.length === 0) return 'rid is empty';
  if (rid.length > MAX_RID) return `rid is ${rid.length} characters long (at most ${MAX_RID})`;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(rid)) return `rid ${shown(rid)} contains control characters`;
  if (/[\s\u2028\u2029]/.test(rid)) return `rid ${shown(rid)} contains whitespace`;
  // DC/OS rids are ASCII; anything else would go out mis-encoded (Latin-1) or not at all.
  if (/[^\x20-\x7e]/.test(rid)) return `rid ${shown(rid)} contains non-ASCII characters, which DC/OS rids do not use`;
  // `\` too: URL parsers (WHATWG's, many proxies) read it as `/`, so `dcos:x\..\dcos:superuser` could reach another rid.
  const bad = /[?#%\\]/.exec(rid);
  if (bad) return `rid ${shown(rid)} contains '${bad[0]}', which cannot be sent safely in an IAM URL`;
  if (!rid.startsWith('dcos:')) return `rid ${shown(rid)} is not a DC/OS permission id (it must start with 'dcos:')`;
  return null;
}

export function validateAction(action: string): string | null {
  if ((ACTIONS as readonly string[]).includes(action)) return null;
  return `action ${shown(action)} is not one of ${ACTIONS.join(', ')}`;
}

/**
 * First problem with a (uid, rid, action) triple, or null. A group pair (`gid`) needs a valid gid;
 * its uid (the account it answers for) may be empty.
 */
export function validatePair(pair: { uid: string; rid: string; action: string; gid?: string }): string | null {
  const principal = pair.gid !== undefined ? (validateGid(pair.gid) ?? (pair.uid === '' ? null : validateUid(pair.uid))) : validateUid(pair.uid);
  return principal ?? validateRid(pair.rid) ?? validateAction(pair.action);
}
