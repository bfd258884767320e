export { SHELLS, bashCompletion, zshCompletion, completionScript } from './scripts.js';
export type { CompletionCommand, CompletionSpec, Shell } from './scripts.js';
