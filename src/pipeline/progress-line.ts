// One self-rewriting progress line on stderr (only when stderr is a terminal): bytes, lines, and a
// percentage of the source being read when its size is known. Throttled; cleared before any other
// stderr output and at the end.
import type { SourceProgress } from '../core/types.js';
import { formatBytes, formatCount } from '../core/format.js';
import { safeText } from '../core/text.js';

export interface ProgressLine {
  source(p: SourceProgress): void;
  counts(c: { bytes: number; lines: number }): void;
  /** Erase the line (before writing something else to the same terminal). */
  clear(): void;
}

const INTERVAL_MS = 100;


/** `3 reading · 5 done · 1 failed` over every source seen, when there are several (SSH fan-out). */
export function stateSummary(states: Iterable<SourceProgress['state']>): string {
  const n = new Map<string, number>();
  let total = 0;
  for (const st of states) {
    n.set(st, (n.get(st) ?? 0) + 1);
    total++;
  }
  if (total < 2) return '';
  const order = ['connecting', 'reading', 'following', 'done', 'failed', 'pending'];
  return order.filter((k) => n.has(k)).map((k) => `${n.get(k)} ${k}`).join(', ');
}

export function createProgressLine(out: NodeJS.WriteStream, now: () => number = Date.now): ProgressLine {
  let current: SourceProgress | null = null;
  const states = new Map<string, SourceProgress['state']>();
  let totals = { bytes: 0, lines: 0 };
  let last = 0;
  let shown = false;
  const draw = (force = false): void => {
    const t = now();
    if (!force && t - last < INTERVAL_MS) return;
    last = t;
    const pct = current?.size ? ` ${Math.min(100, Math.floor((current.bytes / current.size) * 100))}%` : '';
    const what = current ? `${safeText(current.label)}${pct}` : 'starting'; // a file name may hold terminal controls
    const many = stateSummary(states.values());
    const text = `scanning ${what}${many ? ` · sources: ${many}` : ''} · ${formatBytes(totals.bytes)} · ${formatCount(totals.lines)} lines`;
    const width = Math.max(20, (out.columns || 80) - 1);
    out.write(`\r\u001b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    shown = true;
  };
  return {
    source(p) {
      states.set(p.label, p.state);
      if (p.state === 'reading' || p.state === 'following' || p.state === 'connecting' || current?.label === p.label) current = p;
      draw(p.state !== 'reading');
    },
    counts(c) {
      totals = c;
      // A file being read with a known size is drawn on its own reports: its percentage comes from
      // them, and drawn here it could be one report interval behind the totals (at 1 GB/s, "33% ·
      // 208 MiB" of 300 MiB). Its report comes as a chunk is read, the totals as it is scanned: they agree.
      if (!(current?.size && current.state === 'reading')) draw();
    },
    clear() {
      if (shown) out.write('\r\u001b[2K');
      shown = false;
      last = 0;
    },
  };
}

/**
 * A command's onProgress on stderr (`scan`, `unused`): the progress line, when it has one, follows
 * the sources, and each note a source gives (masters read over HTTPS, the leader route, an ssh config
 * or TLS warning) is a line of its own, the progress line cleared first. Notes hold text from the
 * config, the cluster and the user's specs: escaped.
 */
export function progressOnStderr(write: (s: string) => void, line: ProgressLine | null): (p: SourceProgress) => void {
  return (p) => {
    line?.source(p);
    if (!p.note) return;
    line?.clear();
    write(`audit2grant: ${safeText(p.note)}\n`);
  };
}
