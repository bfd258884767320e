import type { CommandModule } from 'yargs';

/** What every command gets from the CLI: cancellation (Ctrl-C) and the one place to set the exit code. */
export interface CommandContext {
  signal: AbortSignal;
  setExitCode(code: number): void;
  /** The raw arguments (yargs drops a lone `-` from variadic positionals; `scan -` recovers it from here). */
  argv?: readonly string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandFactory = (ctx: CommandContext) => CommandModule<any, any>;
