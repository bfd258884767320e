import type { SourceProgress } from '../core/types.js';

/** What the local openers need from OpenOptions. */
export interface LocalOptions {
  signal: AbortSignal;
  year: number | null;
  onProgress?(p: SourceProgress): void;
  /** Follow plain local files after reading them (tail -f); see follow-file.ts. */
  follow?: boolean;
  /** Poll interval of followed files (default 250 ms). */
  followPollMs?: number;
}
