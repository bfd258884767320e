// The frame's middle on the held-not-used list (v): its title, the window's warnings (a short
// window or missing hosts make "unused" weak, so they are always shown first), the rows, and the
// detail of the row under the cursor (the rid whole, `[` `]` scroll it); fitted to the lines it is given.
import { Box, Text } from 'ink';
import type { UnusedList } from '../../core/session/index.js';
import { unusedDetailWindow, type UnusedScreen } from '../unused-view.js';
import { RISK_COLOR } from './style.js';

export interface UnusedPaneProps {
  list: UnusedList;
  screen: UnusedScreen;
  cursor: number;
  offset: number;
  height: number;
  width: number;
  /** The detail's first line shown (`[` `]`; clamped here). */
  detailOffset?: number;
}

/** Lines the pane spends around the rows (title, warnings, detail), for the caller's paging; `room`: the detail's lines under its rule. */
export function unusedChrome(screen: UnusedScreen, height: number): { warnings: number; detail: number; room: number; body: number } {
  const warnings = Math.min(screen.warnings.length, Math.max(0, Math.floor((height - 2) / 3)));
  // Two lines of detail at least under its rule: one line could not scroll (pane-window.ts).
  const detail = height >= 12 ? 4 : height >= 7 ? 3 : 0;
  return { warnings, detail, room: Math.max(0, detail - 1), body: Math.max(1, height - 1 - warnings - detail) };
}

export function UnusedPane({ list, screen, cursor, offset, height, width, detailOffset = 0 }: UnusedPaneProps) {
  const { warnings, detail, room, body } = unusedChrome(screen, height);
  const rows = screen.lines.slice(offset, offset + body);
  const cur = screen.lines[cursor] ?? null;
  const view = cur && detail > 0 ? unusedDetailWindow(list, cur.row, width, room, detailOffset) : null;
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      <Text bold wrap="truncate-end">{screen.title}</Text>
      {screen.warnings.slice(0, warnings).map((w, i) => (
        <Text key={`w${i}`} color="yellow" wrap="truncate-end">{w}</Text>
      ))}
      <Box flexDirection="column" height={body} flexShrink={0}>
        {screen.empty ? <Text dimColor wrap="truncate-end">{screen.empty}</Text> : null}
        {rows.map((l, i) => {
          const at = offset + i === cursor;
          const color = l.state === 'used' ? 'green' : l.state === 'revoked' ? 'yellow' : l.state === 'group' ? 'gray' : l.touchy ? RISK_COLOR.dangerous : undefined;
          return (
            <Text key={l.key} wrap="truncate-end" inverse={at} color={color} dimColor={!at && l.state === 'group'}>
              {`${at ? '›' : ' '}${l.text}`}
            </Text>
          );
        })}
      </Box>
      {detail > 0 ? (
        <Box flexDirection="column" height={detail} flexShrink={0}>
          <Text dimColor wrap="truncate-end">{'─'.repeat(Math.max(0, width))}</Text>
          {view?.lines.map((d, i) => (
            <Text key={`d${i}`} wrap="truncate-end">{d}</Text>
          ))}
          {view?.more ? <Text dimColor wrap="truncate-end">{view.more}</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
}
