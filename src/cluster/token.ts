// An auth token goes into the `Authorization: token=…` header of every request (docs/iam-api.md).
// One that holds a line break, a control character, white space or a non-ASCII character cannot be
// sent there (Node refuses such a header, and a line break would split it), so it is refused where
// it enters, with one line naming where it came from: never its value, a token is a secret.
import { UsageError } from '../errors.js';

/** Why `token` cannot be sent in a header (`holds a line break (\n)`), or null. Never quotes it. */
export function tokenFault(token: string): string | null {
  if (token === '') return 'is empty';
  const bad = /[^\x21-\x7e]/.exec(token)?.[0];
  if (bad === undefined) return null;
  if (bad === '\r') return 'holds a carriage return (\\r)';
  if (bad === '\n') return 'holds a line break (\\n)';
  if (bad === ' ' || bad === '\t') return 'holds white space';
  if (bad < ' ' || bad === '\u007f') return 'holds a control character';
  return 'holds a character that is not printable ASCII';
}

/** What to do about a token that cannot be sent (no part of it is quoted). */
export const TOKEN_HINT = 'give the token alone on one line, without its line end (a file saved with CRLF line ends leaves a \\r: strip it, e.g. tr -d \'\\r\\n\')';

/** `token` when it can be sent; a usage error naming `where` (`--token`, `DCOS_ACS_TOKEN`, a config file) otherwise. */
export function checkedToken(token: string, where: string): string {
  const fault = tokenFault(token);
  if (fault) throw new UsageError(`the auth token in ${where} ${fault}: it cannot be sent in an HTTP header (the value is a secret: not shown)`, TOKEN_HINT);
  return token;
}
