import type { CommandFactory } from './context.js';
import { OperationalError } from '../errors.js';

// Placeholder: implemented by its issue. Keeps the CLI contract visible from the start.
const factory: CommandFactory = () => ({
  command: 'scan',
  describe: 'not implemented yet',
  handler: () => {
    throw new OperationalError('`scan` is not implemented yet');
  },
});
export default factory;
