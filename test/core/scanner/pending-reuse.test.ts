// A candidate line waiting to see whether continuation lines follow keeps references into the chunk
// it was found in and into the look-back tail before it (chunks.ts Pending.place): the lines before
// it decide whether it is the rest of a line journald split (split-rest.ts), and where a cut Admin
// Router line's uid comes from. Sources reuse their read buffers after a few chunks (sources/file.ts
// FILE_CHUNK_LIFETIME), and the next line can be megabytes long (carried, then capped): the
// candidate is then judged past the pool's life. It must still judge the lines that were before
// it, not whatever bytes the pool put there since (the long line's own, which a client may write).
import { describe, expect, it } from 'vitest';
import { createChunkScanner } from '../../../src/core/scanner/scanner.js';
import type { AuditEvent, StreamMeta } from '../../../src/core/types.js';
import { GLOG, noise, REAL_HEAD, shortIso, VICTIM } from './split-lines.js';

const meta: StreamMeta = { label: 't', host: null, unit: null, envelope: null, year: 2024 };
const TAIL = ' authorizer="mesos-master" action="create" result=deny srcip=10.0.4.66 dstport=5050 srcport=51240';

/** A message journald cut at 2048 bytes, the record a client wrote at the cut, then a line of `long` bytes. */
function attack(long: number): string {
  const piece = REAL_HEAD + 'A'.repeat(2048 - REAL_HEAD.length);
  const before = Array.from({ length: 40 }, (_, i) => noise(i, 201)).join('');
  const after = Array.from({ length: 40 }, (_, i) => noise(i + 40, 201)).join('');
  return before + shortIso(piece) + shortIso(`${GLOG}${VICTIM}${TAIL}`) + shortIso('x'.repeat(long), 'master-1', 'app[7]') + after;
}

/** Pushes `text` in `step`-byte chunks through `pool` buffers reused in turn, as a file source does. */
function scanPooled(text: string, step: number, pool: number | null): AuditEvent[] {
  const events: AuditEvent[] = [];
  const s = createChunkScanner(meta, (e) => events.push(e), {});
  const bytes = Buffer.from(text);
  const buffers = pool === null ? null : Array.from({ length: pool }, () => Buffer.alloc(step));
  for (let at = 0, i = 0; at < bytes.length; at += step, i++) {
    const n = Math.min(step, bytes.length - at);
    if (!buffers) s.push(Buffer.from(bytes.subarray(at, at + n)));
    else {
      const b = buffers[i % buffers.length]!;
      bytes.copy(b, 0, at, at + n);
      s.push(b.subarray(0, n));
    }
  }
  s.end();
  return events;
}

const victim = (events: AuditEvent[]): number => events.filter((e) => (e.type === 'decision' || e.type === 'deny-read') && e.uid === 'victim-sa').length;
const rests = (events: AuditEvent[]): number => events.filter((e) => e.type === 'malformed' && e.raw.includes('uid=victim-sa')).length;

/**
 * The forged record is the rest of a split line (malformed), never victim-sa's denial, read in
 * 64 KiB chunks from fresh buffers and through 8 reused ones (each valid for 7 more reads, 448 KiB:
 * more than the look-back tail needs, 256 KiB).
 */
function expectRestBothWays(text: string): void {
  const fresh = scanPooled(text, 64 * 1024, null);
  const pooled = scanPooled(text, 64 * 1024, 8);
  for (const events of [fresh, pooled]) expect([rests(events), victim(events)]).toEqual([1, 0]);
  expect(pooled.length).toBe(fresh.length);
}

describe('a candidate judged after the read pool came round', () => {
  it('is judged by the lines that were before it, as with buffers never reused', () => {
    // The 2 MB line after the candidate outlasts the pool.
    expectRestBothWays(attack(2_000_000));
  });

  it('takes a cut Admin Router line\'s uid from its own request\'s notice, as with buffers never reused', () => {
    const SFX = (uri: string): string => `, client: 10.0.4.21, server: master.mesos, request: "GET ${uri} HTTP/1.1", host: "10.0.0.1"`;
    const uri = `/service/app/v1/items?q=${'a'.repeat(3000)}`;
    const nginx = (text: string): string => shortIso(`2024/05/14 09:00:19 [notice] 1240#0: *7 [lua] auth.lua:112: ${text}`.slice(0, 2048), 'master-1', 'nginx[1240]');
    const notice = nginx(`validate_jwt_or_exit(): UID from the valid DC/OS authentication token: \`alice\`${SFX(uri)}`);
    const cut = nginx(
      `auditlog(): type=audit timestamp=2024-05-14T09:00:19Z authorizer=adminrouter object=dcos:adminrouter:service:app action=full ` +
        `result=deny reason="IAM PQ response" srcip=10.0.4.21 srcport=40312 request_uri=${uri}${SFX(uri)}`,
    );
    const text = Array.from({ length: 40 }, (_, i) => noise(i, 201)).join('') + notice + cut + shortIso('x'.repeat(2_000_000), 'master-1', 'app[7]') + noise(99, 201);
    const uids = (events: AuditEvent[]): Array<string | null> => events.filter((e) => e.type === 'decision').map((e) => (e as { uid: string | null }).uid);
    expect(uids(scanPooled(text, 64 * 1024, null))).toEqual(['alice']);
    expect(uids(scanPooled(text, 64 * 1024, 8))).toEqual(['alice']);
  });

  it('a record longer than the pool\'s life, after a cut piece, is judged by that piece', () => {
    // The record's own bytes fill whole chunks: the look-back tail then gets no new part while the
    // pool comes round (context.ts keepCopies).
    const piece = REAL_HEAD + 'A'.repeat(2048 - REAL_HEAD.length);
    const record = `${GLOG}${VICTIM} zz="${'x'.repeat(600_000)}"${TAIL}`;
    expectRestBothWays(Array.from({ length: 40 }, (_, i) => noise(i, 201)).join('') + shortIso(piece) + shortIso(record) + noise(99, 201));
  });

  it('a candidate waiting through a long continuation line takes its uid from the notice before it', () => {
    // Written by `-o cat` (no writer shown), a record's first line is judged alone even with
    // indented lines after it: a cut Admin Router line still looks back for its request's notice
    // after a 2 MB indented line, from copies (pending.ts detach).
    const SFX = (uri: string): string => `, client: 10.0.4.21, server: master.mesos, request: "GET ${uri} HTTP/1.1", host: "10.0.0.1"`;
    const uri = `/service/app/v1/items?q=${'a'.repeat(3000)}`;
    const nginx = (text: string): string => `${`2024/05/14 09:00:19 [notice] 1240#0: *7 [lua] auth.lua:112: ${text}`.slice(0, 2048)}\n`;
    const notice = nginx(`validate_jwt_or_exit(): UID from the valid DC/OS authentication token: \`alice\`${SFX(uri)}`);
    const cut = nginx(
      `auditlog(): type=audit timestamp=2024-05-14T09:00:19Z authorizer=adminrouter object=dcos:adminrouter:service:app action=full ` +
        `result=deny reason="IAM PQ response" srcip=10.0.4.21 srcport=40312 request_uri=${uri}${SFX(uri)}`,
    );
    const other = (i: number): string => `2024/05/14 09:00:19 [notice] 1240#0: *${i} client closed connection ${'n'.repeat(200)}\n`;
    const text = Array.from({ length: 40 }, (_, i) => other(i)).join('') + notice + cut + `\t${'x'.repeat(2_000_000)}\n` + other(99);
    const uids = (events: AuditEvent[]): Array<string | null> => events.filter((e) => e.type === 'decision').map((e) => (e as { uid: string | null }).uid);
    expect(uids(scanPooled(text, 64 * 1024, null))).toEqual(['alice']);
    expect(uids(scanPooled(text, 64 * 1024, 8))).toEqual(['alice']);
  });
});
