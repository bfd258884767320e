// The frame's middle on the held-not-used list (v): its title, the window's warnings (a short
// window or missing hosts make "unused" weak, so they are always shown first), the rows, and the
// detail of the row under the cursor; fitted to the lines it is given.
import { Box, Text } from 'ink';
import type { UnusedList } from '../../core/session/index.js';
import { unusedDetail, type UnusedScreen } from '../unused-view.js';
import { RISK_COLOR } from './style.js';

export interface UnusedPaneProps {
  list: UnusedList;
  screen: UnusedScreen;
  cursor: number;
  offset: number;
  height: number;
  width: number;
}

/** Lines the pane spends around the rows (title, warnings, detail), for the caller's paging. */
export function unusedChrome(screen: UnusedScreen, height: number): { warnings: number; detail: number; body: number } {
  const warnings = Math.min(screen.warnings.length, Math.max(0, Math.floor((height - 2) / 3)));
  const detail = height >= 12 ? 4 : height >= 7 ? 2 : 0;
  return { warnings, detail, body: Math.max(1, height - 1 - warnings - detail) };
}

export function UnusedPane({ list, screen, cursor, offset, height, width }: UnusedPaneProps) {
  const { warnings, detail, body } = unusedChrome(screen, height);
  const rows = screen.lines.slice(offset, offset + body);
  const cur = screen.lines[cursor] ?? null;
  const details = unusedDetail(list, cur).slice(0, Math.max(0, detail - 1));
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
          {details.map((d, i) => (
            <Text key={`d${i}`} wrap="truncate-end">{d}</Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
