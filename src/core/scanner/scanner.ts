// Scanner: raw byte chunks of one stream → audit events, at grep speed (see chunks.ts).
import type { AuditEvent, Framing, StreamMeta } from '../types.js';
import { createLineScanner } from './chunks.js';
import type { ChunkScanner } from './chunk-scanner.js';
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
  /**
   * `deny` (default): allows are counted from their bytes, not parsed (the grep-speed path), once
   * the stream has shown a verified record (chunks.ts).
   * `usage` (`audit2grant unused`): every audit line is parsed, allows included, through the same
   * origin checks as denials, so a forged allow is unverified and never counts as a use; the
   * times and hosts of all records give the window that was read. `uids` is ignored.
   */
  mode?: 'deny' | 'usage';
}

export function createChunkScanner(meta: StreamMeta, sink: (ev: AuditEvent) => void, opts: ChunkScannerOptions = {}): ChunkScanner {
  const parsers = opts.parsers ?? defaultParsers;
  const lines = (m: StreamMeta, to = sink): ChunkScanner => createLineScanner(m, to, parsers, opts.mode === 'usage' ? [] : (opts.uids ?? []), opts.mode === 'usage');
  // Text inside an export stream is told line by line, whatever envelope the stream had; its json
  // lines come after export, a form of its own, so they name no writer (json-form.ts). Its line
  // numbers count from where that text starts, not the stream's lines: none is given.
  const unplaced = (ev: AuditEvent): void => {
    if (ev.type === 'malformed' && ev.inexact) delete ev.inexact.line;
    sink(ev);
  };
  return opts.framing === 'export' ? createExportScanner(meta, sink, parsers, () => lines({ ...meta, envelope: null, jsonForm: null }, unplaced)) : lines(meta);
}
