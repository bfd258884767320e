export { isSourceError, openSources } from './open.js';
export type { SourceStream, OpenOptions, SourceError } from './open.js';
