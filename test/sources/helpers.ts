// Test helpers: run openSources to the end and collect what it yields, bytes decoded to text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSources, type OpenOptions } from '../../src/sources/index.js';
import type { SourceProgress } from '../../src/core/types.js';

export interface Collected {
  kind: 'stream' | 'error';
  label: string;
  host?: string | null;
  unit?: string | null;
  year?: number | null;
  writtenAt?: number | null;
  framing?: string;
  size?: number | null;
  text?: string;
  bytes?: number;
  chunkSizes?: number[];
  message?: string;
  /** An error item's `incomplete` kind (the source was read in part: a warning). */
  incomplete?: string;
}

export async function collect(specs: string[], extra: Partial<OpenOptions> = {}): Promise<Collected[]> {
  const out: Collected[] = [];
  const opts: OpenOptions = { signal: new AbortController().signal, year: null, ...extra };
  for await (const item of openSources(specs, opts)) {
    if ('chunks' in item) {
      const parts: Buffer[] = [];
      const chunkSizes: number[] = [];
      for await (const c of item.chunks) {
        parts.push(Buffer.from(c)); // a copy: file chunks come from a reused pool
        chunkSizes.push(c.length);
      }
      const all = Buffer.concat(parts);
      out.push({
        kind: 'stream',
        label: item.meta.label,
        host: item.meta.host,
        unit: item.meta.unit,
        year: item.meta.year,
        writtenAt: item.meta.writtenAt ?? null,
        framing: item.framing,
        size: item.size,
        text: all.toString('latin1'),
        bytes: all.length,
        chunkSizes,
      });
    } else {
      out.push({ kind: 'error', label: item.source, message: item.message, ...(item.incomplete ? { incomplete: item.incomplete } : {}) });
    }
  }
  return out;
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'a2g-sources-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function progressLog(): { log: SourceProgress[]; onProgress(p: SourceProgress): void } {
  const log: SourceProgress[] = [];
  return { log, onProgress: (p) => log.push({ ...p }) };
}
