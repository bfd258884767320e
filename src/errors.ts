// The small error taxonomy of README.md: usage errors (exit 2, with a hint), operational errors
// (exit 1: a source, the network or the IAM failed), and everything else is a bug (stack trace).
// What is said of an error is terminal-safe: a message may carry a server's words (README.md,
// "Server text"), which are escaped where they enter it and again here, the last step before stderr,
// where a URL's password or token parameter is hidden too, wherever the message got it from.
import { safeLines, safeRedacted } from './core/text.js';

export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class OperationalError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'OperationalError';
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2, findings: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const INSTALL_HINT = 'install it again (npm install), or run `npm run build` in a checkout';

/** One line for the user; never a stack for expected failures. */
export function describeError(err: unknown): { text: string; code: ExitCode; bug: boolean } {
  if (err instanceof UsageError) return { text: withHint(err.message, err.hint), code: EXIT.usage, bug: false };
  if (err instanceof OperationalError) return { text: withHint(err.message, err.hint), code: EXIT.failed, bug: false };
  // Thrown by bin/load-cli.js when a part of the bundle (the loop's UI, say) is missing.
  if (err instanceof Error && err.name === 'IncompleteInstall') return { text: withHint(err.message, INSTALL_HINT), code: EXIT.failed, bug: false };
  const e = err instanceof Error ? err : new Error(String(err));
  return { text: safeLines(`internal error (a bug in audit2grant, please report it): ${e.stack ?? e.message}`), code: EXIT.failed, bug: true };
}

/** The first line of an error's message (or of the value thrown), terminal-safe, for a one-line status or result. */
export function errorLine(e: unknown): string {
  return safeRedacted((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '');
}

/** errorLine and the error's hint, on one line as a batch's failed pair says it (src/iam/grants.ts): what to do goes with it. */
export function errorLineWithHint(e: unknown): string {
  const hint = e instanceof OperationalError ? e.hint : undefined;
  return hint ? `${errorLine(e)} (${safeRedacted(hint.split('\n')[0] ?? '')})` : errorLine(e);
}

/** The message and its hint, one terminal-safe line each (the line break between them is the only one). */
export function withHint(message: string, hint?: string): string {
  return hint ? `${safeRedacted(message)}\n  hint: ${safeRedacted(hint)}` : safeRedacted(message);
}
