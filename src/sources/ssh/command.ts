// Builds the one shell command sent to every node. Everything that reaches the remote shell goes
// through `shq` (POSIX single quotes), and every value is validated first, so a hostile unit name,
// cursor or time can neither run code nor change the command's meaning.

/**
 * Lines worth sending over the network: audit lines and the Admin Router notices that explain them,
 * and pieces of a line journald split (`_LINE_BREAK`, systemd 235+): what follows one is no record
 * (core/scanner/split-rest.ts). Two are `type=audit` in a MESSAGE that `journalctl -o json` prints
 * as an array of byte values (a message with invalid UTF-8 or control characters, e.g. in a request
 * URI), in the spacing of current systemd and of systemd before v240 (CentOS 7).
 */
export const REMOTE_PATTERNS = [
  'type=audit', 'No auth token', 'Invalid token', 'missing uid', 'policyquery', 'UID from',
  '116,121,112,101,61,97,117,100,105,116', '116, 121, 112, 101, 61, 97, 117, 100, 105, 116', '_LINE_BREAK',
] as const;

/** The remote script reports journalctl's own exit status on stderr with this marker (grep's is the channel's). */
export const EXIT_MARKER = 'audit2grant-journalctl-exit=';

export interface RemoteCommandInput {
  /** Unit patterns for `-u` (default `dcos-*`). */
  units: string[];
  /** ISO 8601 time or milliseconds since the epoch. */
  since?: string | number | null;
  until?: string | number | null;
  /** Resume strictly after this journald cursor (replaces `since`). */
  afterCursor?: string | null;
  follow?: boolean;
  sudo?: boolean;
}

/** Quote one word for a POSIX shell: `'…'`, with each `'` written as `'\''`. */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const UNIT_RE = /^[A-Za-z0-9:_.@*?[\]\\-]{1,256}$/;
const CURSOR_RE = /^[A-Za-z0-9=;_-]{1,512}$/;

export function validateUnit(unit: string): string {
  if (!UNIT_RE.test(unit) || unit.startsWith('-')) {
    throw new Error(`invalid unit pattern ${JSON.stringify(unit)}: use systemd unit names or globs like dcos-*`);
  }
  return unit;
}

export function validateCursor(cursor: string): string {
  if (!CURSOR_RE.test(cursor)) throw new Error(`invalid journal cursor ${JSON.stringify(cursor.slice(0, 80))}`);
  return cursor;
}

/** ISO 8601 / epoch ms → `@SECONDS` (journalctl's epoch form: no time-zone or format surprises on old systemd). */
export function toJournalTime(value: string | number, round: 'floor' | 'ceil'): string {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) ms = Date.parse(value);
  else ms = NaN;
  if (!Number.isFinite(ms)) throw new Error(`invalid time ${JSON.stringify(String(value).slice(0, 80))}: expected ISO 8601`);
  const s = round === 'floor' ? Math.floor(ms / 1000) : Math.ceil(ms / 1000);
  return `@${s}`;
}

/**
 * The remote --since/--until window is widened by this much: journald stamps an entry when it
 * receives it, a component's own timestamp can differ a little, and the exact window is applied by
 * the findings aggregator anyway. The remote window only saves bandwidth.
 */
export const WINDOW_SLACK_MS = 120_000;

function shift(value: string | number, by: number): number {
  const ms = typeof value === 'number' ? value : Date.parse(toJournalTimeCheck(value));
  return ms + by;
}

function toJournalTimeCheck(value: string): string {
  toJournalTime(value, 'floor'); // throws on anything that is not ISO 8601
  return value;
}

/** The journalctl argument vector (unquoted; validated). */
export function journalctlArgs(input: RemoteCommandInput): string[] {
  const units = input.units.length ? input.units : ['dcos-*'];
  const args = ['journalctl'];
  for (const u of units) args.push('-u', validateUnit(u));
  // --all: without it journalctl prints fields over 4096 bytes as null, so a long audit line would
  // vanish before the remote grep ever sees it.
  args.push('--no-pager', '-o', 'json', '--all');
  if (input.afterCursor) args.push(`--after-cursor=${validateCursor(input.afterCursor)}`);
  else if (input.since != null) args.push(`--since=${toJournalTime(shift(input.since, -WINDOW_SLACK_MS), 'floor')}`);
  if (input.until != null && !input.follow) args.push(`--until=${toJournalTime(shift(input.until, WINDOW_SLACK_MS), 'ceil')}`);
  // -f alone prints only the last 10 lines first; a scan wants the whole requested range, then new lines.
  if (input.follow) args.push('--follow', '--lines=all');
  return input.sudo ? ['sudo', '-n', ...args] : args;
}

/**
 * The full remote command: `sh -c '<script>'`, so the node's login shell (bash, zsh, …) only sees one
 * single-quoted word. The script:
 * - pipes journalctl into grep (only matching lines cross the network) and reports journalctl's own
 *   status on stderr (a failing `sudo -n` is otherwise hidden by the pipe); its exit status is
 *   grep's (1 = no matching line, not an error);
 * - watches its stdin, which ends when the client closes the channel or the connection: then it
 *   stops its whole process group (`kill 0`: sshd starts each session in its own group), so no
 *   `journalctl --follow` outlives an aborted scan on a quiet node. Background jobs get /dev/null as
 *   stdin, hence the saved descriptor 3.
 */
export function buildRemoteCommand(input: RemoteCommandInput): string {
  const jc = journalctlArgs(input).map(shq).join(' ');
  const grep = ['grep', ...(input.follow ? ['--line-buffered'] : []), '-F', ...REMOTE_PATTERNS.flatMap((p) => ['-e', p])]
    .map(shq)
    .join(' ');
  const script = [
    'exec 3<&0',
    `{ ${jc} 3<&-; echo "${EXIT_MARKER}$?" >&2; } | ${grep} 3<&- &`,
    'p=$!',
    '{ cat <&3 >/dev/null 2>&1; kill 0; } >/dev/null 2>&1 &',
    'w=$!',
    'exec 3<&-',
    'wait "$p"',
    's=$?',
    'kill "$w" 2>/dev/null',
    'exit "$s"',
  ].join('\n');
  return `sh -c ${shq(script)}`;
}
