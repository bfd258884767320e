// Two one-question dialogs (App routes their keys): quitting while a request is in flight, and the export format.
import { Box, Text } from 'ink';
import type { ExportChoice } from '../screen.js';

export function QuitDialog({ busy }: { busy: string }) {
  return (
    <Box borderStyle="round" borderColor="yellow" paddingX={1} flexShrink={0}>
      <Text color="yellow">{`${busy} is in flight: q/y stops it and quits (no further pair is sent; the answer to the one in flight is awaited and told in the summary), n/Esc to wait`}</Text>
    </Box>
  );
}

export function ExportDialog({ what, count, accounts }: ExportChoice) {
  const subject = what === 'applied' ? `${count} applied grant(s)` : `${count} selected finding(s), not granted,`;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} flexShrink={0}>
      <Text wrap="truncate-end">{`export ${subject} of ${accounts} account(s):`}</Text>
      <Text wrap="truncate-end">{'s dcos script · c curl script · j JSON (for grant --from) · n/Esc cancel'}</Text>
    </Box>
  );
}
