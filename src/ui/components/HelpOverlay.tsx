// `?`: why the session's failed grant batches failed, then every key, from keys.ts, grouped by the
// screen it belongs to, each once, then the status legend; help-view.ts lays it out to fit the space
// it is given, in columns, or in one column that ↑↓ PgUp/PgDn scroll (App routes the keys), every
// line wrapped to fit there: this only draws them.
import { Box, Text } from 'ink';
import { HELP_CLOSE, HELP_SCROLL_CLOSE, type HelpColumns, type HelpText, type HelpView } from '../help-view.js';

function Column({ lines, width }: { lines: HelpText[]; width: number }) {
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {lines.map((l, i) => (
        <Line key={i} line={l} />
      ))}
    </Box>
  );
}

/** A failed batch's reason: red, as in the results panel. */
const Why = ({ text }: { text: string }) => <Text color="red" wrap="truncate-end">{text || ' '}</Text>;

function Columns({ view, height }: { view: HelpColumns; height: number }) {
  const { border, why, cols, colW, legend } = view;
  return (
    <Box flexDirection="column" borderStyle={border ? 'round' : undefined} borderColor="cyan" paddingX={border ? 1 : 0} height={height} flexShrink={0}>
      {why.map((t, i) => (
        <Why key={`why ${i}`} text={t} />
      ))}
      <Box flexDirection="row">
        {cols.map((c, i) => (
          <Column key={i} lines={c} width={colW} />
        ))}
      </Box>
      {legend.length ? <Text> </Text> : null}
      {legend.map((l) => (
        <Text key={l} dimColor wrap="truncate-end">{l}</Text>
      ))}
      {view.close ? <Text dimColor wrap="truncate-end">{HELP_CLOSE}</Text> : null}
    </Box>
  );
}

function Line({ line }: { line: HelpText }) {
  switch (line.style) {
    case 'why':
      return <Why text={line.text} />;
    case 'title':
      return <Text bold wrap="truncate-end">{line.text}</Text>;
    case 'key':
      return (
        <Text wrap="truncate-end">
          {line.label ? <Text color="cyan">{line.label}</Text> : null}
          {line.text}
        </Text>
      );
    case 'legend':
      return <Text dimColor wrap="truncate-end">{line.text}</Text>;
    case 'blank':
      return <Text> </Text>;
  }
}

export function HelpOverlay({ view, height }: { view: HelpView; height: number }) {
  if (view.kind === 'columns') return <Columns view={view} height={height} />;
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      {view.lines.map((l, i) => (
        <Line key={i} line={l} />
      ))}
      {view.more ? <Text dimColor wrap="truncate-end">{view.more}</Text> : null}
      {view.close ? <Text dimColor wrap="truncate-end">{view.max ? HELP_SCROLL_CLOSE : HELP_CLOSE}</Text> : null}
    </Box>
  );
}
