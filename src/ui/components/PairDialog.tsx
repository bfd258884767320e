// The frame of every question that lists pairs (dialog-view.ts has the rule): the title, its notes,
// the body window with what is above and below it, and the keys; or, when the terminal is too small
// to list the pairs, no question at all but the size it needs.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { dialogNeeds, dialogWindow, MIN_COLS, type DialogBody } from '../dialog-view.js';
import { scrollNote } from '../pane-window.js';
import { FIXED_LINES } from '../layout.js';
import { fittingForm } from '../tiny-view.js';
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

/**
 * The refusal of a question too small to ask, in the `height` lines of `width` there are: the
 * longest form whose words all fit (never cut inside the size it names), what it asks for kept
 * while it can be (the key bar names n/Esc), down to `too small: 30x13`.
 */
export function tooSmallLines(asking: string, rows: number, width: number, height: number): string[] {
  const size = `${MIN_COLS}x${rows}`;
  const forms = [
    `terminal too small to ${asking}: it needs at least ${MIN_COLS} columns and ${rows} rows · n/Esc cancels`,
    `terminal too small to ${asking}: it needs ${size} · n/Esc cancels`,
    `too small to ${asking}: needs ${size}`,
    `too small: needs ${size}`,
    `too small: ${size}`,
  ];
  return fittingForm(forms, width, height);
}

export function PairDialog({ title, body, keys, color, width, height, offset, asking, rowsFor = plainRows }: PairDialogProps) {
  const view = dialogWindow(body.lines, width, height, offset, body.notes.length);
  if (view.tooSmall) {
    // Wrapped here, at spaces, to the lines there are: ink's own wrap would cut words and the size.
    const lines = tooSmallLines(asking, rowsFor(dialogNeeds(body.notes.length)), width, height);
    return (
      <Box flexDirection="column" flexShrink={0}>
        {lines.map((l, i) => (
          <Text key={i} color="red" wrap="truncate-end">{l}</Text>
        ))}
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
