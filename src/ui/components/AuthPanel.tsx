// Authentication failures: no, expired or bad tokens. Not permission problems, so not grantable;
// each says what to do instead. Fitted to the lines it is given (its title alone when only one).
import { Box, Text } from 'ink';
import type { AuthCause, AuthFailure } from '../../core/types.js';
import { shown, shownId } from '../text.js';

const ADVICE: Record<AuthCause, string> = {
  'expired token': 'the token expired: the service must log in again (check its clock and token refresh)',
  'no token': 'the request carried no token: configure the service account credentials',
  'missing uid': 'the token has no uid: it is not a DC/OS login token',
  'invalid token': 'the token is invalid (bad signature or format): log in again with the right key',
  unknown: 'authentication failed: check the service account credentials',
};

export function AuthPanel({ failures, height }: { failures: AuthFailure[]; height: number }) {
  if (!failures.length || height <= 0) return null;
  const list = failures.slice(0, height - 1);
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text bold color="red" wrap="truncate-end">{`authentication failures (${failures.length}): not permission problems, nothing to grant`}</Text>
      {list.map((a) => (
        <Text key={`${a.cause} ${a.object}`} wrap="truncate-end">
          {`  ${a.cause} on ${shownId(a.object)} ${a.count}× (${a.hosts.map(shown).join(',') || '-'}): `}
          <Text dimColor>{ADVICE[a.cause]}</Text>
        </Text>
      ))}
    </Box>
  );
}
