import type { CommandFactory } from './context.js';
import interactive from './interactive/command.js';
import scan from './scan/command.js';
import grant from './grant/command.js';
import revoke from './revoke/command.js';
import undo from './undo/command.js';
import history from './history/command.js';
import unused from './unused/command.js';
import demo from './demo/command.js';
import sandbox from './sandbox/command.js';
import completion from './completion/command.js';
import { withGuardedOutput } from './stdio.js';

/**
 * Every command, in the order `--help` lists them. Each file holds only its flags and a lazy import;
 * each runs with its output guarded (a closed pipe or a full disk: stdio.ts).
 */
export const commands: CommandFactory[] = [interactive, scan, grant, revoke, undo, history, unused, demo, sandbox, completion].map(withGuardedOutput);
