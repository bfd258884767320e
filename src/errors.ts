// The small error taxonomy of README.md: usage errors (exit 2, with a hint), operational errors
// (exit 1: a source, the network or the IAM failed), and everything else is a bug (stack trace).

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

/** One line for the user; never a stack for expected failures. */
export function describeError(err: unknown): { text: string; code: ExitCode; bug: boolean } {
  if (err instanceof UsageError) return { text: withHint(err.message, err.hint), code: EXIT.usage, bug: false };
  if (err instanceof OperationalError) return { text: withHint(err.message, err.hint), code: EXIT.failed, bug: false };
  const e = err instanceof Error ? err : new Error(String(err));
  return { text: `internal error (a bug in audit2grant, please report it): ${e.stack ?? e.message}`, code: EXIT.failed, bug: true };
}

/** The first line of an error's message (or of the value thrown), for a one-line status or result. */
export function errorLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

function withHint(message: string, hint?: string): string {
  return hint ? `${message}\n  hint: ${hint}` : message;
}
