// `d`: the exact calls the selection would make (HTTP and dcos CLI), changing nothing; as many pairs
// as fit, then how many more. Every line is shown whole, wrapped (a long rid is never cut: two rids
// that differ in the middle must not look the same).
import { Box, Text } from 'ink';
import { dcosCliLine, httpRequestsFor } from '../../core/plan/index.js';
import { validatePair } from '../../core/policy/index.js';
import type { GrantPair } from '../../core/types.js';

export function DryRunView({ pairs, clusterUrl, height, width = 80, op = 'grant' }: { pairs: GrantPair[]; clusterUrl: string | null; height: number; width?: number; op?: 'grant' | 'revoke' }) {
  const ok = pairs.filter((p) => !validatePair(p));
  const border = height >= 8;
  const inner = Math.max(1, width - (border ? 4 : 0));
  const room = Math.max(0, height - (border ? 2 : 0) - 2 - (ok.length ? 0 : 1));
  const linesOf = (p: GrantPair): string[] => [
    ...httpRequestsFor(p, op).map((r) => `${r.method} ${clusterUrl ?? '$DCOS_URL'}${r.path}${r.body ? ` ${r.body}` : ''}`),
    dcosCliLine(p, op),
  ];
  const rows = (ls: string[]): number => ls.reduce((n, l) => n + Math.max(1, Math.ceil(l.length / inner)), 0);
  // Each pair whole (its requests and its dcos line) while that fits, else its dcos line alone (the
  // rid in full all the same), then how many more.
  const blocks: string[][] = [];
  for (let used = 0; blocks.length < ok.length; ) {
    const all = linesOf(ok[blocks.length] as GrantPair);
    const more = blocks.length + 1 < ok.length ? 1 : 0; // the "… more" line, when pairs are left after this one
    const block = used + rows(all) + more <= room ? all : all.slice(-1);
    if (used + rows(block) + more > room) break;
    used += rows(block);
    blocks.push(block);
  }
  const fit = blocks.length;
  return (
    <Box flexDirection="column" borderStyle={border ? 'round' : undefined} borderColor="cyan" paddingX={border ? 1 : 0} flexShrink={0} height={Math.max(1, height)}>
      <Text bold wrap="truncate-end">{`dry run: ${ok.length} ${op}(s), nothing is changed`}</Text>
      {ok.length === 0 ? <Text dimColor>{op === 'grant' ? 'select findings with space (or a) first' : 'select unused grants with space (or a) first'}</Text> : null}
      {ok.slice(0, fit).map((p, n) => (
        <Box key={`${p.uid} ${p.rid} ${p.action}`} flexDirection="column">
          {(blocks[n] ?? []).map((l, i, all) => (
            <Text key={i} wrap="wrap" color={i === all.length - 1 ? 'cyan' : undefined}>{l}</Text>
          ))}
        </Box>
      ))}
      {fit < ok.length ? <Text dimColor>{`… ${ok.length - fit} more${op === 'grant' ? ' (e exports them all as a script)' : ''}`}</Text> : null}
      <Text dimColor>press any key to close</Text>
    </Box>
  );
}
