// What the progress lines and the TUI header show of one source while it is read.

/** Live state of one source, for progress lines and the TUI header. */
export type SourceState = 'pending' | 'connecting' | 'reading' | 'following' | 'done' | 'failed';

export interface SourceProgress {
  label: string;
  state: SourceState;
  /** Bytes received so far (for SSH: over the network, after remote filtering). */
  bytes: number;
  /** Total when known (files), for a percentage. */
  size: number | null;
  /** Why it failed, one line. */
  error?: string;
  /** Something the user should know that is not a failure, one line (e.g. a followed file was truncated). */
  note?: string;
}
