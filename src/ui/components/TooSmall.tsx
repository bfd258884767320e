// Drawn instead of the frame on a terminal smaller than it needs (tiny-view.ts says what): the size
// it needs and the keys that still work, then what the status line would say (a refusal, a batch in
// flight, an error) when there is a line for it. Never the list's hint: no list is shown.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Mode } from '../screen.js';
import { tinyLines } from '../tiny-view.js';

export interface TooSmallProps {
  cols: number;
  rows: number;
  /** The frame's lines (one fewer than the terminal's, at least one). */
  height: number;
  mode: Mode;
  /** The status line, when it has something to say (wrapped: it gets the lines left). */
  status: ReactNode | null;
}

export function TooSmall({ cols, rows, height, mode, status }: TooSmallProps) {
  const said = status !== null && height >= 2;
  const lines = tinyLines({ cols, rows, mode, room: height - (said ? 1 : 0) });
  return (
    <Box flexDirection="column" width={cols} height={height}>
      {lines.map((l, i) => (
        <Text key={i} bold color="yellow" wrap="truncate-end">{l}</Text>
      ))}
      {said ? (
        <Box flexDirection="column" height={height - lines.length} overflow="hidden">
          {status}
        </Box>
      ) : null}
    </Box>
  );
}
