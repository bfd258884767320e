import type { SourceProgress } from '../core/types.js';

/** What the local openers need from OpenOptions. */
export interface LocalOptions {
  signal: AbortSignal;
  year: number | null;
  onProgress?(p: SourceProgress): void;
}
