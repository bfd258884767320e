// Two one-question dialogs (App routes their keys): quitting while a grant is in flight, and the export format.
import { Box, Text } from 'ink';

export function QuitDialog({ busy }: { busy: string }) {
  return (
    <Box borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text color="yellow">{`${busy} is in flight: q/y to quit anyway (its answer is lost; see audit2grant history), n/Esc to wait`}</Text>
    </Box>
  );
}

export function ExportDialog({ count }: { count: number }) {
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text>{`export ${count} applied grant(s): s = dcos shell script, j = JSON, n/Esc = cancel`}</Text>
    </Box>
  );
}
