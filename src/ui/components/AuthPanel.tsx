// Authentication failures: no, expired or bad tokens. Not permission problems, so not grantable;
// each says what to do instead.
import { Box, Text } from 'ink';
import type { AuthCause, AuthFailure } from '../../core/types.js';

const ADVICE: Record<AuthCause, string> = {
  'expired token': 'the token expired: the service must log in again (check its clock and token refresh)',
  'no token': 'the request carried no token: configure the service account credentials',
  'missing uid': 'the token has no uid: it is not a DC/OS login token',
  'invalid token': 'the token is invalid (bad signature or format): log in again with the right key',
  unknown: 'authentication failed: check the service account credentials',
};

export function AuthPanel({ failures, max = 3 }: { failures: AuthFailure[]; max?: number }) {
  if (!failures.length) return null;
  return (
    <Box flexDirection="column">
      <Text bold color="red">{`authentication failures (${failures.length}): not permission problems, nothing to grant`}</Text>
      {failures.slice(0, max).map((a) => (
        <Text key={`${a.cause} ${a.object}`} wrap="truncate-end">
          {`  ${a.cause} on ${a.object} ${a.count}× (${a.hosts.join(',') || '-'}): `}
          <Text dimColor>{ADVICE[a.cause]}</Text>
        </Text>
      ))}
    </Box>
  );
}
