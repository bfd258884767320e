// Every key of the interactive loop, in one place: the handlers, the key bar and the `?` overlay all
// read this table, so what is shown is what works. Each screen (the list, the filter line, the
// dialogs, the overlays) has its own keys; the overlay lists each key once under its screen.
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
  | 'exportCurl'
  | 'exportJson'
  | 'filterKeep'
  | 'filterClear'
  | 'view'
  | 'revoke'
  | 'detailUp'
  | 'detailDown';

export interface KeyBinding {
  /** Characters typed, or special key names (`up`, `down`, `pageup`, `pagedown`, `return`, `escape`). */
  keys: string[];
  /** As shown in the key bar and help. */
  label: string;
  help: string;
  /** One or two words for the key bar. */
  short: string;
}

export const KEYS: Record<KeyId, KeyBinding> = {
  up: { keys: ['up', 'k'], label: '↑/k', help: 'move up', short: 'up' },
  down: { keys: ['down', 'j'], label: '↓/j', help: 'move down', short: 'down' },
  pageUp: { keys: ['pageup'], label: 'PgUp', help: 'page up', short: 'page up' },
  pageDown: { keys: ['pagedown'], label: 'PgDn', help: 'page down', short: 'page down' },
  select: { keys: [' '], label: 'space', help: 'select / unselect the finding', short: 'select' },
  selectSafe: { keys: ['a'], label: 'a', help: 'select the safe ones shown', short: 'safe' },
  grant: { keys: ['g'], label: 'g', help: 'grant the selection (asks)', short: 'grant' },
  dryRun: { keys: ['d'], label: 'd', help: 'dry run: show the requests', short: 'dry run' },
  undo: { keys: ['u'], label: 'u', help: 'undo the last batch (asks)', short: 'undo' },
  reread: { keys: ['r'], label: 'r', help: 're-read / retry the sources', short: 're-read' },
  export: { keys: ['e'], label: 'e', help: 'export as a script or JSON', short: 'export' },
  filter: { keys: ['/'], label: '/', help: 'filter the rows', short: 'filter' },
  help: { keys: ['?'], label: '?', help: 'this help', short: 'help' },
  quit: { keys: ['q'], label: 'q', help: 'quit; prints the summary', short: 'quit' },
  yes: { keys: ['y', 'return'], label: 'y/Enter', help: 'confirm', short: 'confirm' },
  // The second step holds DANGEROUS, SENSITIVE or uncatalogued pairs (its title says which): the key is named for all.
  sensitiveYes: { keys: ['s'], label: 's', help: 'confirm the second step too (DANGEROUS, SENSITIVE or uncatalogued)', short: 'confirm these too' },
  no: { keys: ['n', 'escape'], label: 'n/Esc', help: 'cancel: nothing is sent', short: 'cancel' },
  exportDcos: { keys: ['s'], label: 's', help: 'dcos CLI script', short: 'dcos script' },
  exportCurl: { keys: ['c'], label: 'c', help: 'curl script (IAM API)', short: 'curl script' },
  exportJson: { keys: ['j'], label: 'j', help: 'JSON for grant --from', short: 'JSON' },
  filterKeep: { keys: ['return'], label: 'Enter', help: 'keep the filter', short: 'keep' },
  filterClear: { keys: ['escape'], label: 'Esc', help: 'clear the filter', short: 'clear' },
  view: { keys: ['v'], label: 'v', help: 'held, not used (g revokes)', short: 'unused' },
  revoke: { keys: ['g', 'return'], label: 'g/Enter', help: 'revoke the selection (asks)', short: 'revoke' },
  detailUp: { keys: ['['], label: '[', help: 'scroll the detail pane up', short: 'detail up' },
  detailDown: { keys: [']'], label: ']', help: 'scroll the detail pane down', short: 'detail down' },
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

export const LIST_KEYS = ['up', 'down', 'pageUp', 'pageDown', 'select', 'selectSafe', 'grant', 'dryRun', 'undo', 'reread', 'export', 'filter', 'view', 'help', 'quit', 'detailUp', 'detailDown'] as const satisfies readonly KeyId[];
/** The held-not-used list (v): the denials list's keys, turned to revoking. */
export const UNUSED_KEYS = ['up', 'down', 'pageUp', 'pageDown', 'select', 'selectSafe', 'revoke', 'dryRun', 'undo', 'reread', 'view', 'filter', 'export', 'help', 'quit', 'detailUp', 'detailDown'] as const satisfies readonly KeyId[];
export const CONFIRM_KEYS = ['yes', 'no', 'help', 'quit'] as const satisfies readonly KeyId[];
export const CONFIRM2_KEYS = ['sensitiveYes', 'no', 'help', 'quit'] as const satisfies readonly KeyId[];
export const EXPORT_KEYS = ['exportDcos', 'exportCurl', 'exportJson', 'no', 'help', 'quit'] as const satisfies readonly KeyId[];
export const QUIT_KEYS = ['quit', 'yes', 'no'] as const satisfies readonly KeyId[];

/** A line of the help: a key (or a group of keys shown as one) and what it does. */
export interface HelpLine {
  label: string;
  help: string;
}

export interface HelpScreen {
  title: string;
  lines: HelpLine[];
  /** Shown only when the overlay has room for it (the list's own lines already name its key). */
  optional?: boolean;
  /** What the key bar says while the help shows whole: left out of the columns when they need its lines. */
  inKeyBar?: boolean;
}

const line = (id: KeyId): HelpLine => ({ label: KEYS[id].label, help: KEYS[id].help });

/** The `?` overlay: every screen with its keys, each key once per screen. */
export const HELP: HelpScreen[] = [
  {
    title: 'list',
    lines: [
      { label: '↑↓ jk', help: 'move (PgUp/PgDn: a page; [ ]: scroll the detail)' },
      // `?` itself is named in the overlay's last line and the key bar (room for `v` at 80x24).
      ...(['select', 'selectSafe', 'grant', 'dryRun', 'undo', 'export', 'filter', 'reread', 'view', 'quit'] as const).map(line),
    ],
  },
  // Next to the list (its last key is q).
  { title: 'quit while a request is in flight', lines: [{ label: 'q/y', help: 'stop the batch, wait for the pair in flight, quit' }, { label: 'n/Esc', help: 'wait for the answer' }] },
  { title: 'filter line (/)', lines: [{ label: 'text', help: 'rows matching it stay' }, line('filterKeep'), line('filterClear')] },
  { title: 'grant and undo questions (g, u)', lines: [line('yes'), line('sensitiveYes'), line('no')] },
  { title: 'export (e)', lines: [line('exportDcos'), line('exportCurl'), line('exportJson'), { label: 'n/Esc', help: 'cancel' }] },
  { title: 'help and dry run', inKeyBar: true, lines: [{ label: 'any key', help: 'closes them' }, { label: '↑↓', help: 'scroll a long help (PgUp/PgDn: a page)' }] },
  {
    title: 'held, not used list (v)',
    optional: true,
    lines: [
      { label: 'space', help: 'select / unselect an unused direct grant' },
      { label: 'a', help: 'select the unused ones safe to touch' },
      line('revoke'),
      { label: 'd', help: 'dry run: show the revoke requests' },
      { label: 'u', help: 'undo the last revoke (grants back; asks)' },
      { label: 'r', help: 're-read the grants and the sources' },
      { label: 'v', help: 'back to the denials' },
    ],
  },
];

/** The key bar of the list, in display order, with what to drop first when the line is too narrow. */
export const LIST_BAR: Array<{ id: KeyId | 'move'; priority: number }> = [
  { id: 'select', priority: 2 },
  { id: 'selectSafe', priority: 4 },
  { id: 'grant', priority: 3 },
  { id: 'undo', priority: 5 },
  { id: 'view', priority: 6 },
  { id: 'filter', priority: 6 },
  { id: 'export', priority: 7 },
  { id: 'dryRun', priority: 8 },
  { id: 'reread', priority: 9 },
  { id: 'move', priority: 10 },
  { id: 'help', priority: 0 },
  { id: 'quit', priority: 1 },
];

/** The key bar of the held-not-used list. */
export const UNUSED_BAR: Array<{ text: string; priority: number }> = [
  { text: 'space select', priority: 2 },
  { text: 'a safe', priority: 4 },
  { text: 'g revoke', priority: 3 },
  { text: 'u undo', priority: 5 },
  { text: 'd dry run', priority: 7 },
  { text: 'v denials', priority: 1 },
  { text: 'r re-read', priority: 8 },
  { text: '↑↓ move', priority: 9 },
  { text: '? help', priority: 0 },
  { text: 'q quit', priority: 1 },
];
