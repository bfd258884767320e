// The status line above the key bar: always one line, so the frame never jumps. A failed request
// first, then what is in flight, then the last message, else a hint for what to do next.
import { Text } from 'ink';

export interface StatusLineProps {
  error: string | null;
  busy: string | null;
  message: string | null;
  hint: string;
}

export function StatusLine({ error, busy, message, hint }: StatusLineProps) {
  if (error) return <Text color="red" wrap="truncate-end">{error}</Text>;
  // A "busy: …" message names the request in flight itself.
  if (busy) return <Text color="blue" wrap="truncate-end">{message?.startsWith('busy:') ? message : `${busy}…${message ? ` · ${message}` : ''}`}</Text>;
  if (message) return <Text color="cyan" wrap="truncate-end">{message}</Text>;
  return <Text dimColor wrap="truncate-end">{hint}</Text>;
}
