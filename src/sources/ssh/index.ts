export type { SshOptions } from './options.js';
export { SSH_DEFAULTS } from './options.js';
export { buildRemoteCommand, shq } from './command.js';
export { openSshSources } from './open.js';
