// The status line above the key bar: always one line, so the frame never jumps. A failed request
// first, then what is in flight, then the last message, else a hint for what to do next.
import { Text } from 'ink';
import type { Counts } from '../model.js';
import { clipKeepingEnd, shown } from '../text.js';

export interface StatusLineProps {
  error: string | null;
  busy: string | null;
  message: string | null;
  hint: string;
  width: number;
  /** The message's end to keep whole when the line is cut (the file an export wrote). */
  keepEnd?: string | null;
  /** Wrapped, not cut (the tiny terminal's frame has lines to spare for it: TooSmall.tsx). */
  wrap?: boolean;
}

export function StatusLine({ error, busy, message, hint, width, keepEnd, wrap = false }: StatusLineProps) {
  const w = wrap ? 'wrap' : 'truncate-end';
  // An error or a message may quote a server (an IAM answer): shown terminal-safe whatever built it.
  if (error) return <Text color="red" wrap={w}>{shown(error)}</Text>;
  // A "busy: …" message names the request in flight itself.
  if (busy) return <Text color="blue" wrap={w}>{shown(message?.startsWith('busy:') ? message : `${busy}…${message ? ` · ${message}` : ''}`)}</Text>;
  if (message) return <Text color="cyan" wrap={w}>{wrap ? shown(message) : clipKeepingEnd(shown(message), keepEnd ? shown(keepEnd) : '', width)}</Text>;
  return <Text dimColor wrap="truncate-end">{hint}</Text>;
}

/** What to do next, when nothing else is to say. `ended`: the scan read everything (no source followed). */
export function statusHint(c: Counts, dead: boolean, readOnly: boolean, ended = false): string {
  if (dead) return 'nothing is being read: check the source (host, credentials, path); r retries now';
  if (c.selected) return `g grants the ${c.selected} selected${c.hiddenSelected ? ` (${c.hiddenSelected} hidden by the filter)` : ''} · d shows the requests${readOnly ? ' · e exports them' : ''}`;
  if (c.pending) return `${c.pending} pending: a selects the safe ones, space one at a time${readOnly ? '; e exports the selection as a script' : ''}`;
  // Nothing more will come: the list says why there is no finding (verdict-view.ts).
  if (!c.findings) return ended ? 'the scan ended: r re-reads the sources · q quits' : 'waiting for denials… (q quits)';
  return 'nothing pending: q quits with the summary of every round';
}
