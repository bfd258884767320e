// Envelopes: how journalctl, bundles and `dcos node log` printed each record → JournalEntry.
export { parseLine, isContinuationLine, messageIsTail, type ParsedLine } from './line.js';
export { createExportDecoder, type ExportDecoder, type ExportDecoderOptions, type ExportRecord } from './export.js';
export { parseIsoTimestamp } from './time.js';
