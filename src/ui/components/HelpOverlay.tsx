// `?`: every key, from keys.ts, grouped by the screen it belongs to, each once. Laid out to fit the
// space it is given: a border only when there is room, two columns when one is too tall, and the
// status legend last (dropped first). Any key closes it (App routes keys).
import { Box, Text } from 'ink';
import { HELP, type HelpScreen } from '../keys.js';

const LEGEND = [
  'a selects findings of normal risk, verified (not inferred) and not held yet',
  'short statuses: new · sel · send (granting/revoking) · wait (queued) · ok (granted) · held (already)',
  'DENY: still denied after grant · old: stale (a wider grant covers it) · n/a',
  'risks: norm · SENS · DANG · unk; ~ after a rid: inferred (derived) mapping',
];

const screenLines = (s: HelpScreen): number => 1 + s.lines.length;

/** Split the screens into columns of at most `height` lines (screens are never split). */
function pack(height: number, columns: number, screens: readonly HelpScreen[]): HelpScreen[][] | null {
  let col: HelpScreen[] = [];
  const cols: HelpScreen[][] = [col];
  let used = 0;
  for (const s of screens) {
    const n = screenLines(s);
    if (used + n > height && col.length) {
      col = [];
      cols.push(col);
      used = 0;
    }
    col.push(s);
    used += n;
  }
  return cols.length <= columns && cols.every((c) => c.reduce((a, s) => a + screenLines(s), 0) <= height) ? cols : null;
}

function Column({ screens, width }: { screens: HelpScreen[]; width: number }) {
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {screens.map((s) => (
        <Box key={s.title} flexDirection="column">
          <Text bold wrap="truncate-end">{s.title}</Text>
          {s.lines.map((l) => (
            <Text key={l.label + l.help} wrap="truncate-end">
              <Text color="cyan">{`  ${l.label.padEnd(8)}`}</Text>
              {l.help}
            </Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}

/** The overlay's layout for these screens, or null when they do not fit. */
function layoutFor(screens: readonly HelpScreen[], width: number, height: number) {
  const total = screens.reduce((a, s) => a + screenLines(s), 0);
  const border = height >= total + 4 || (height >= Math.ceil(total / 2) + 4 && width >= 84);
  const inner = border ? height - 2 : height;
  const innerW = border ? width - 4 : width;
  const oneCol = pack(inner - footer, 1, screens);
  const cols = oneCol ?? (innerW >= 70 ? pack(inner - footer, 2, screens) : null) ?? (innerW >= 105 ? pack(inner - footer, 3, screens) : null);
  return cols ? { border, inner, innerW, cols } : null;
}

const footer = 1;

export function HelpOverlay({ width, height }: { width: number; height: number }) {
  // Every screen when they fit; else without the optional ones (their keys are named in the list's lines).
  const fit = layoutFor(HELP, width, height) ?? layoutFor(HELP.filter((s) => !s.optional), width, height);
  // Lines that overflow a box are drawn over each other by ink: say so rather than garble.
  if (!fit) return <Text wrap="truncate-end">{'the help needs a larger terminal (80x24 is enough) · press any key to close'}</Text>;
  const { border, inner, innerW, cols } = fit;
  const used = Math.max(...cols.map((c) => c.reduce((a, s) => a + screenLines(s), 0)));
  const legend = inner - footer - used >= LEGEND.length + 1 ? LEGEND : [];
  const colW = Math.floor(innerW / cols.length);
  return (
    <Box flexDirection="column" borderStyle={border ? 'round' : undefined} borderColor="cyan" paddingX={border ? 1 : 0} height={height} flexShrink={0}>
      <Box flexDirection="row">
        {cols.map((c, i) => (
          <Column key={i} screens={c} width={colW} />
        ))}
      </Box>
      {legend.length ? <Text> </Text> : null}
      {legend.map((l) => (
        <Text key={l} dimColor wrap="truncate-end">{l}</Text>
      ))}
      <Text dimColor wrap="truncate-end">press any key to close (? opens this help again)</Text>
    </Box>
  );
}
