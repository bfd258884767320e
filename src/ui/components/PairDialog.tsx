// The frame of every question that lists pairs (dialog-view.ts has the rule): the title, its notes,
// the body window with what is above and below it, and the keys; or, when the terminal is too small
// to list the pairs, no question at all but the size it needs.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { dialogNeeds, dialogWindow, MIN_COLS, type DialogBody } from '../dialog-view.js';
import { scrollNote } from '../pane-window.js';
import { FIXED_LINES } from '../layout.js';
import { RISK_COLOR } from './style.js';

export interface PairDialogProps {
  title: string;
  body: DialogBody;
  /** The keys line. */
  keys: ReactNode;
  color: 'cyan' | 'yellow';
  width: number;
  /** Lines of the frame's middle the dialog has. */
  height: number;
  /** The first body line shown (↑↓ scroll; clamped here). */
  offset: number;
  /** What would be confirmed, for the refusal: "confirm 3 permission(s)". */
  asking: string;
  /** Terminal rows that give the frame's middle `lines` lines (frame.ts); a plain frame without. */
  rowsFor?: (lines: number) => number;
}

/** Without the frame's own numbers: the fixed lines, and the frame one line shorter than the terminal. */
const plainRows = (lines: number): number => lines + FIXED_LINES + 1;

export function PairDialog({ title, body, keys, color, width, height, offset, asking, rowsFor = plainRows }: PairDialogProps) {
  const view = dialogWindow(body.lines, width, height, offset, body.notes.length);
  if (view.tooSmall) {
    const rows = rowsFor(dialogNeeds(body.notes.length));
    // Clipped to the lines there are: on the tiniest terminal the start (what and how large) shows.
    return (
      <Box flexDirection="column" flexShrink={0} height={Math.max(1, height)} overflow="hidden">
        <Text color="red" wrap="wrap">{`terminal too small to ${asking}: it needs at least ${MIN_COLS} columns and ${rows} rows · n/Esc cancels`}</Text>
      </Box>
    );
  }
  const scroll = view.above || view.below ? scrollNote(view.above, view.below, '↑↓') : '';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color} paddingX={1} flexShrink={0}>
      <Text bold wrap="truncate-end">{title}</Text>
      {body.notes.map((n) => (
        <Text key={n} color="yellow" wrap="truncate-end">{`  ${n}`}</Text>
      ))}
      {view.lines.map((l, i) =>
        l.kind === 'account' ? (
          <Text key={i} bold color="magenta" wrap="truncate-end">{l.text}</Text>
        ) : (
          <Text key={i} color={l.kind === 'refused' ? 'red' : l.risk ? RISK_COLOR[l.risk] : undefined} wrap="truncate-end">{l.text}</Text>
        ),
      )}
      {scroll ? <Text dimColor wrap="truncate-end">{scroll}</Text> : null}
      {keys}
    </Box>
  );
}
