// `d`: the exact calls the selection would make (HTTP and dcos CLI), changing nothing; as many pairs
// as fit, then how many more.
import { Box, Text } from 'ink';
import { dcosCliLine, httpRequestsFor } from '../../core/plan/index.js';
import { validatePair } from '../../core/policy/index.js';
import type { GrantPair } from '../../core/types.js';

export function DryRunView({ pairs, clusterUrl, height, op = 'grant' }: { pairs: GrantPair[]; clusterUrl: string | null; height: number; op?: 'grant' | 'revoke' }) {
  const ok = pairs.filter((p) => !validatePair(p));
  const border = height >= 8;
  const room = Math.max(0, height - (border ? 2 : 0) - 2 - (ok.length ? 0 : 1));
  const fit = ok.length * 3 <= room ? ok.length : Math.max(0, Math.floor((room - 1) / 3));
  return (
    <Box flexDirection="column" borderStyle={border ? 'round' : undefined} borderColor="cyan" paddingX={border ? 1 : 0} flexShrink={0} height={Math.max(1, height)}>
      <Text bold wrap="truncate-end">{`dry run: ${ok.length} ${op}(s), nothing is changed`}</Text>
      {ok.length === 0 ? <Text dimColor>{op === 'grant' ? 'select findings with space (or a) first' : 'select unused grants with space (or a) first'}</Text> : null}
      {ok.slice(0, fit).map((p) => (
        <Box key={`${p.uid} ${p.rid} ${p.action}`} flexDirection="column">
          {httpRequestsFor(p, op).map((r, i) => (
            <Text key={i} wrap="truncate-end">{`${r.method} ${clusterUrl ?? '$DCOS_URL'}${r.path}${r.body ? ` ${r.body}` : ''}`}</Text>
          ))}
          <Text wrap="truncate-end" color="cyan">{dcosCliLine(p, op)}</Text>
        </Box>
      ))}
      {fit < ok.length ? <Text dimColor>{`… ${ok.length - fit} more${op === 'grant' ? ' (e exports them all as a script)' : ''}`}</Text> : null}
      <Text dimColor>press any key to close</Text>
    </Box>
  );
}
