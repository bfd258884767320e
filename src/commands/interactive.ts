import type { CommandFactory } from './context.js';
import { OperationalError } from '../errors.js';

// Placeholder: the interactive loop (default command). Without a TTY it will act as `scan`.
const factory: CommandFactory = () => ({
  command: '$0 [sources..]',
  describe: 'interactive review-and-grant loop (no TTY: acts as scan)',
  handler: () => {
    throw new OperationalError('the interactive loop is not implemented yet');
  },
});
export default factory;
