// Who wrote an intent, so that `undo` can tell a change still on its way (its writer runs) from an
// interrupted one (docs/ledger.md, "A change still in flight"). Linux names a process exactly by its
// pid and its start time (/proc/PID/stat): a pid reused since by another process is then not taken
// for the writer. Elsewhere the pid alone is checked.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface Writer {
  pid: number;
  host: string;
  /** The process's start, in clock ticks since boot (Linux); absent where it cannot be read. */
  pidStart?: string;
}

/** A process's start time from /proc (field 22 of its stat line, counted after the command's closing parenthesis), or null. */
function startOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

let self: Writer | undefined;

/** This process, as its intents name it. */
export function intentWriter(): Writer {
  if (!self) {
    const start = startOf(process.pid);
    self = { pid: process.pid, host: hostname(), ...(start !== null ? { pidStart: start } : {}) };
  }
  return self;
}

/**
 * Whether the process that wrote an intent may still be running: on this host, a live pid that is
 * not ours (this process reads the ledger only between its own batches) and, where known, started
 * when the writer did. Another host's process cannot be seen: not running.
 */
export function writerRuns(w: Writer): boolean {
  if (w.host !== hostname() || w.pid === process.pid) return false;
  try {
    process.kill(w.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = w.pidStart === undefined ? null : startOf(w.pid);
  return start === null || start === w.pidStart;
}
