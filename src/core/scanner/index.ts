export type { ChunkScanner } from './chunk-scanner.js';
export type { ScanParsers } from './parsers.js';
export { parseTimeArg } from './time.js';
export { createChunkScanner } from './scanner.js';
export type { ChunkScannerOptions } from './scanner.js';
export { CrLineEnds } from './cr-lines.js';
export { setLongLineCollector } from './long-garbage.js';
