import type { CommandFactory } from './context.js';
import interactive from './interactive.js';
import scan from './scan.js';
import grant from './grant.js';
import revoke from './revoke.js';
import undo from './undo.js';
import history from './history.js';
import demo from './demo.js';
import sandbox from './sandbox.js';
import completion from './completion.js';

/** Every command, in the order `--help` lists them. Each file holds only its flags and a lazy import. */
export const commands: CommandFactory[] = [interactive, scan, grant, revoke, undo, history, demo, sandbox, completion];
