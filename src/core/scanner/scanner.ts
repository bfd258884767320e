// Scanner: raw byte chunks of one stream → audit events, at grep speed (see chunks.ts).
import type { AuditEvent, Framing, StreamMeta } from '../types.js';
import { createLineScanner, type ChunkScanner } from './chunks.js';
import { defaultParsers } from './defaults.js';
import { createExportScanner } from './export.js';
import type { ScanParsers } from './parsers.js';


export interface ChunkScannerOptions {
  /** `export`: `journalctl -o export` blocks; `lines` (default): text lines of any envelope. */
  framing?: Framing;
  /** Injected parsers (tests); default: the journal and audit parsers. */
  parsers?: ScanParsers;
  /** The `--uid` filter: denials that cannot concern these principals are counted, not parsed. */
  uids?: readonly string[];
}

export function createChunkScanner(meta: StreamMeta, sink: (ev: AuditEvent) => void, opts: ChunkScannerOptions = {}): ChunkScanner {
  const parsers = opts.parsers ?? defaultParsers;
  return opts.framing === 'export' ? createExportScanner(meta, sink, parsers) : createLineScanner(meta, sink, parsers, opts.uids ?? []);
}
