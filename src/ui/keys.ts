// Every key of the interactive loop, in one place: the handlers, the footer and the `?` overlay
// all read this table, so what is shown is what works.
import type { Key } from 'ink';

export type KeyId =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'select'
  | 'selectSafe'
  | 'grant'
  | 'dryRun'
  | 'undo'
  | 'reread'
  | 'export'
  | 'filter'
  | 'help'
  | 'quit'
  | 'yes'
  | 'sensitiveYes'
  | 'no'
  | 'exportDcos'
  | 'exportJson';

export interface KeyBinding {
  /** Characters typed, or special key names (`up`, `down`, `pageup`, `pagedown`, `return`, `escape`). */
  keys: string[];
  /** As shown in the footer and help. */
  label: string;
  help: string;
  /** One word for the footer. */
  short: string;
  /** Shown in the footer of the list view. */
  footer: boolean;
}

export const KEYS: Record<KeyId, KeyBinding> = {
  up: { keys: ['up', 'k'], label: '↑/k', help: 'move up', short: 'up', footer: false },
  down: { keys: ['down', 'j'], label: '↓/j', help: 'move down', short: 'down', footer: false },
  pageUp: { keys: ['pageup'], label: 'PgUp', help: 'page up', short: 'page up', footer: false },
  pageDown: { keys: ['pagedown'], label: 'PgDn', help: 'page down', short: 'page down', footer: false },
  select: { keys: [' '], label: 'space', help: 'select / unselect the finding', short: 'select', footer: true },
  selectSafe: { keys: ['a'], label: 'a', help: 'select every safe finding (normal risk, not held yet)', short: 'select safe', footer: true },
  grant: { keys: ['g'], label: 'g', help: 'grant the selection (asks first; SENSITIVE needs a second key)', short: 'grant', footer: true },
  dryRun: { keys: ['d'], label: 'd', help: 'dry run: show the HTTP requests and dcos commands of the selection', short: 'dry run', footer: true },
  undo: { keys: ['u'], label: 'u', help: 'undo the last grant batch (revokes what it granted)', short: 'undo', footer: true },
  reread: { keys: ['r'], label: 'r', help: 're-read the sources from the start', short: 're-read', footer: true },
  export: { keys: ['e'], label: 'e', help: 'export the applied grants as a dcos script or JSON', short: 'export', footer: true },
  filter: { keys: ['/'], label: '/', help: 'filter the list (rid, action, status); Enter keeps it, Esc clears', short: 'filter', footer: true },
  help: { keys: ['?'], label: '?', help: 'this help', short: 'help', footer: true },
  quit: { keys: ['q'], label: 'q', help: 'quit and print the summary of every round', short: 'quit', footer: true },
  yes: { keys: ['y', 'return'], label: 'y/Enter', help: 'confirm', short: 'yes', footer: false },
  sensitiveYes: { keys: ['s'], label: 's', help: 'confirm the SENSITIVE permissions too (second key)', short: 'sensitive', footer: false },
  no: { keys: ['n', 'escape'], label: 'n/Esc', help: 'cancel', short: 'cancel', footer: false },
  exportDcos: { keys: ['s'], label: 's', help: 'export as a dcos shell script', short: 'script', footer: false },
  exportJson: { keys: ['j'], label: 'j', help: 'export as JSON', short: 'json', footer: false },
};

/** The special-key names ink reports through `Key`. */
function specialName(key: Key): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  return null;
}

export function isKey(id: KeyId, input: string, key: Key): boolean {
  const b = KEYS[id];
  const special = specialName(key);
  if (special) return b.keys.includes(special);
  if (key.ctrl || key.meta) return false;
  return b.keys.includes(input);
}

/** The first binding among `ids` that this keypress matches. */
export function whichKey<T extends KeyId>(ids: readonly T[], input: string, key: Key): T | null {
  for (const id of ids) if (isKey(id, input, key)) return id;
  return null;
}

export const LIST_KEYS = ['up', 'down', 'pageUp', 'pageDown', 'select', 'selectSafe', 'grant', 'dryRun', 'undo', 'reread', 'export', 'filter', 'help', 'quit'] as const satisfies readonly KeyId[];
