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

const GLOG = 'I0514 09:00:02.074534  3708 logfmt.cpp:178] ';
const REAL_HEAD =
  `${GLOG}dstip=10.0.0.1 type=audit timestamp=2024-05-14 09:00:02.074481024+00:00 reason="Authorization denied" ` +
  `uid="mallory" object="dcos:mesos:master:framework:role:mallory-role" agent="`;
const shortIso = (m: string, ident = 'mesos-master[3708]'): string => `2024-05-14T09:00:02+0000 master-1 ${ident}: ${m}\n`;
const noise = (i: number): string => shortIso(`2024/05/14 09:00:02 [notice] 1240#0: *${i} client closed connection ${'n'.repeat(200)}`, 'nginx[1240]');
const forged = `${GLOG}type=audit uid=victim-sa object=dcos:mesos:master:reservation:role:prod authorizer="mesos-master" action="create" result=deny srcip=10.0.4.66 dstport=5050 srcport=51240`;

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
    const gap = Array.from({ length: 200 }, (_, i) => noise(i)).join('');
    const text = Buffer.from(Array.from({ length: 20 }, (_, i) => noise(1000 + i)).join('') + shortIso(piece) + gap + shortIso(forged) + noise(9999));
    const events = await scanDevice(text, 3000);
    const victim = events.filter((e) => (e.type === 'decision' || e.type === 'deny-read') && e.uid === 'victim-sa');
    const rests = events.filter((e) => e.type === 'malformed' && e.raw.includes('uid=victim-sa'));
    expect([victim.length, rests.length]).toEqual([0, 1]);
  });
});
