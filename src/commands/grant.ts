import type { CommandFactory } from './context.js';
import { OperationalError } from '../errors.js';

// Placeholder: implemented by its issue. Keeps the CLI contract visible from the start.
const factory: CommandFactory = () => ({
  command: 'grant',
  describe: 'not implemented yet',
  handler: () => {
    throw new OperationalError('`grant` is not implemented yet');
  },
});
export default factory;
