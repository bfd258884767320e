// The last line: the keys of the screen shown, from keys.ts, fitted to the width. On the list,
// `? help` and `q quit` are always there; other keys give way from the least used.
import { Text } from 'ink';
import { KEYS, LIST_BAR, UNUSED_BAR } from '../keys.js';
import { fitParts, type Part } from '../text.js';
import type { Mode } from './Modal.js';
import type { View } from '../screen.js';

/** Every question that lists pairs scrolls them (dialog-view.ts). */
const SCROLL: Part = { text: '↑↓ scroll', priority: 4 };

const bar = (...ids: Array<keyof typeof KEYS>): Part[] => ids.map((id, i) => ({ text: `${KEYS[id].label} ${KEYS[id].short}`, priority: i }));

function partsFor(mode: Mode, view: View, unused: boolean, helpScrolls: boolean): Part[] {
  switch (mode) {
    case 'list':
      if (view === 'unused') return UNUSED_BAR;
      // `v` only where the second list exists (one account under review, a cluster).
      return LIST_BAR.filter(({ id }) => id !== 'view' || unused).map(({ id, priority }) => ({ text: id === 'move' ? '↑↓ move' : `${KEYS[id].label} ${KEYS[id].short}`, priority }));
    case 'filter':
      // Here ? and q are text for the filter: they work again once the filter line is closed.
      return [{ text: 'type to filter', priority: 0 }, ...bar('filterKeep', 'filterClear'), { text: 'then ? help · q quit', priority: 3 }];
    case 'confirm':
      return [...bar('yes', 'no', 'quit', 'help'), SCROLL];
    case 'confirm2':
      return [...bar('sensitiveYes', 'no', 'quit', 'help'), SCROLL];
    case 'undo':
      return [{ text: 'y/Enter revoke', priority: 0 }, { text: 'n/Esc keep them', priority: 1 }, ...bar('quit', 'help').map((p) => ({ ...p, priority: p.priority + 2 })), SCROLL];
    case 'export':
      return bar('exportDcos', 'exportCurl', 'exportJson', 'no', 'quit', 'help');
    case 'quit':
      return [{ text: 'q/y quit anyway', priority: 0 }, { text: 'n/Esc wait for the answer', priority: 1 }];
    case 'revoke':
      return [{ text: 'y/Enter revoke', priority: 0 }, { text: 'n/Esc cancel', priority: 1 }, ...bar('quit', 'help').map((p) => ({ ...p, priority: p.priority + 2 })), SCROLL];
    case 'regrant':
      return [{ text: 'y/Enter grant back', priority: 0 }, { text: 'n/Esc leave revoked', priority: 1 }, ...bar('quit', 'help').map((p) => ({ ...p, priority: p.priority + 2 })), SCROLL];
    case 'help':
      // A help longer than the screen scrolls (help-view.ts): its scroll keys do not close it.
      // How to leave it is the last to give way (the help's own lines say ↑↓ scroll it).
      if (helpScrolls) return [{ text: '↑↓ PgUp/PgDn scroll', priority: 1 }, { text: 'any other key closes', priority: 0 }];
      return [{ text: 'any key closes', priority: 0 }, { text: 'then ? help · q quit', priority: 1 }];
    case 'dryrun':
    case 'revokeDry':
      return [{ text: 'any key closes', priority: 0 }, { text: 'then ? help · q quit', priority: 1 }];
  }
}

export function KeyBar({ mode, width, view = 'findings', unused = false, helpScrolls = false }: { mode: Mode; width: number; view?: View; unused?: boolean; helpScrolls?: boolean }) {
  return (
    <Text wrap="truncate-end" dimColor>
      {fitParts(partsFor(mode, view, unused, helpScrolls), width)}
    </Text>
  );
}
