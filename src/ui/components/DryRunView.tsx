// `d`: the exact calls the selection would make (HTTP and dcos CLI), changing nothing.
import { Box, Text } from 'ink';
import { dcosCliLine, httpRequestsFor, validatePair } from '../../core/plan/index.js';
import type { GrantPair } from '../../core/types.js';

export function DryRunView({ pairs, clusterUrl }: { pairs: GrantPair[]; clusterUrl: string | null }) {
  const ok = pairs.filter((p) => !validatePair(p));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>{`dry run: ${ok.length} grant(s), nothing is changed`}</Text>
      {ok.length === 0 ? <Text dimColor>select findings with space (or a) first</Text> : null}
      {ok.map((p) => (
        <Box key={`${p.uid} ${p.rid} ${p.action}`} flexDirection="column">
          {httpRequestsFor(p, 'grant').map((r, i) => (
            <Text key={i} wrap="truncate-end">{`${r.method} ${clusterUrl ?? '$DCOS_URL'}${r.path}${r.body ? ` ${r.body}` : ''}`}</Text>
          ))}
          <Text wrap="truncate-end" color="cyan">{dcosCliLine(p, 'grant')}</Text>
        </Box>
      ))}
      <Text dimColor>press any key to close</Text>
    </Box>
  );
}
