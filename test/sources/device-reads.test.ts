// A character device (a tty, a serial line) has no size: file.ts reads it into a small pool of
// reused buffers, and such devices return short reads. The scanner's look-back tail keeps the lines
// of the last 256 KiB by reference, which for 3 KB reads is far more reads than the pool keeps
// valid: a short read is handed out as a copy, so the lines before a record are still those lines
// when it is judged (a forged record after a piece journald cut, scanner/split-rest.ts).
import { describe, expect, it } from 'vitest';
import type { FileHandle } from 'node:fs/promises';
import { createChunkScanner } from '../../src/core/scanner/index.js';
import type { AuditEvent } from '../../src/core/types.js';
import { fileHandleChunks } from '../../src/sources/file.js';
import { ProgressReporter } from '../../src/sources/progress.js';
import { meta } from '../core/scanner/stubs.js';
import { GLOG, noise, REAL_HEAD, shortIso, VICTIM } from '../core/scanner/split-lines.js';

const forged = `${GLOG}${VICTIM} authorizer="mesos-master" action="create" result=deny srcip=10.0.4.66 dstport=5050 srcport=51240`;

/** A device that returns at most `piece` bytes a read, like a tty. */
function device(text: Buffer, piece: number): FileHandle {
  let at = 0;
  const read = async (buf: Buffer, off: number, len: number): Promise<{ bytesRead: number; buffer: Buffer }> => {
    const n = Math.min(len, piece, text.length - at);
    text.copy(buf, off, at, at + n);
    at += n;
    return { bytesRead: n, buffer: buf };
  };
  return { read } as unknown as FileHandle;
}

async function scanDevice(text: Buffer, piece: number): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  const s = createChunkScanner(meta(), (e) => events.push(e));
  for await (const c of fileHandleChunks(device(text, piece), new AbortController().signal, new ProgressReporter('tty', null), null)) s.push(c);
  s.end();
  return events;
}

describe('a device read in short pieces', () => {
  it('judges a record by the lines that were before it, however many reads ago', async () => {
    const piece = REAL_HEAD + 'A'.repeat(2048 - REAL_HEAD.length);
    // ~50 KB of other lines between the piece and the record: within the look-back, many reads apart.
    const gap = Array.from({ length: 200 }, (_, i) => noise(i, 201)).join('');
    const text = Buffer.from(Array.from({ length: 20 }, (_, i) => noise(1000 + i, 201)).join('') + shortIso(piece) + gap + shortIso(forged) + noise(9999, 201));
    const events = await scanDevice(text, 3000);
    const victim = events.filter((e) => (e.type === 'decision' || e.type === 'deny-read') && e.uid === 'victim-sa');
    const rests = events.filter((e) => e.type === 'malformed' && e.raw.includes('uid=victim-sa'));
    expect([victim.length, rests.length]).toEqual([0, 1]);
  });
});
