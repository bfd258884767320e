// `?`: every key, from keys.ts. Any key closes it (App routes keys).
import { Box, Text } from 'ink';
import { KEYS } from '../keys.js';

export function HelpOverlay() {
  const seen = new Set<string>();
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>keys</Text>
      {Object.values(KEYS)
        .filter((k) => !seen.has(k.label + k.help) && seen.add(k.label + k.help))
        .map((k) => (
          <Text key={k.label + k.help}>
            <Text color="cyan">{k.label.padEnd(9)}</Text>
            {k.help}
          </Text>
        ))}
      <Text dimColor>statuses: new, selected, granting, granted, already held, still denied after grant (propagation delay or wrong permission), stale (seen only before a grant covering it), not grantable</Text>
      <Text dimColor>press any key to close</Text>
    </Box>
  );
}
