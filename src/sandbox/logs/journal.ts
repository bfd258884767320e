// One simulated node's systemd journal, as dcos-log reads it: entries with journald-style cursors
// (`s=…;i=…;b=…;m=…;t=…;x=…`), realtime and monotonic µs, and string fields. Bounded: the oldest
// entries go first, as journald rotates (their cursors are then unknown, as after a rotation).
import { randomBytes } from 'node:crypto';

export interface JournalRecord {
  seq: number;
  cursor: string;
  realtimeUs: number;
  monotonicUs: number;
  fields: Record<string, string>;
  /** The entry as the logging API's JSON format prints it (without the newline). */
  json: string;
}

export interface NewEntry {
  message: string;
  unit: string;
  ident?: string;
  pid?: number;
  /** Milliseconds since the epoch (default now). */
  timeMs?: number;
  /** More fields (upper-case names), e.g. `_COMM`. */
  fields?: Record<string, string>;
}

export const MAX_ENTRIES = 200_000;

const hex = (n: number | bigint) => n.toString(16);

export class SandboxJournal {
  private readonly seqnumId = randomBytes(16).toString('hex');
  private readonly bootId = randomBytes(16).toString('hex');
  private readonly started = Date.now();
  private records: JournalRecord[] = [];
  /** seq of records[0]. */
  private first = 1;
  private next = 1;
  private listeners = new Set<() => void>();
  /** Field names any entry ever had (a filter on another field is dropped, as dcos-log does). */
  readonly fieldNames = new Set<string>();

  constructor(readonly hostname: string, private readonly cap = MAX_ENTRIES) {}

  get size(): number {
    return this.records.length;
  }

  append(e: NewEntry): JournalRecord {
    const timeMs = e.timeMs ?? Date.now();
    const seq = this.next++;
    const realtimeUs = timeMs * 1000 + (seq % 1000);
    const monotonicUs = Math.max(1, (timeMs - this.started) * 1000) + (seq % 1000);
    const fields: Record<string, string> = {
      _HOSTNAME: this.hostname,
      _SYSTEMD_UNIT: e.unit,
      SYSLOG_IDENTIFIER: e.ident ?? e.unit.replace(/\.service$/, ''),
      _PID: String(e.pid ?? 1000),
      PRIORITY: '6',
      ...e.fields,
      MESSAGE: e.message,
    };
    const xor = BigInt(seq) ^ BigInt(realtimeUs);
    const cursor = `s=${this.seqnumId};i=${hex(seq)};b=${this.bootId};m=${hex(monotonicUs)};t=${hex(realtimeUs)};x=${hex(xor)}`;
    const sorted: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      sorted[k] = v;
      this.fieldNames.add(k);
    }
    const rec: JournalRecord = {
      seq,
      cursor,
      realtimeUs,
      monotonicUs,
      fields: sorted,
      json: JSON.stringify({ fields: sorted, cursor, monotonic_timestamp: monotonicUs, realtime_timestamp: realtimeUs }),
    };
    this.records.push(rec);
    if (this.records.length > this.cap) {
      const drop = this.records.length - this.cap;
      this.records.splice(0, drop);
      this.first += drop;
    }
    for (const l of this.listeners) l();
    return rec;
  }

  /** The record with sequence number `seq`, if still kept. */
  at(seq: number): JournalRecord | undefined {
    return this.records[seq - this.first];
  }

  get firstSeq(): number {
    return this.first;
  }

  get lastSeq(): number {
    return this.next - 1;
  }

  /** Sequence number of the entry with this cursor, or null (unknown, rotated away, or another journal's). */
  seqOf(cursor: string): number | null {
    const i = /;i=([0-9a-f]+);/.exec(cursor)?.[1];
    if (i === undefined || !cursor.startsWith(`s=${this.seqnumId};`)) return null;
    const seq = parseInt(i, 16);
    return this.at(seq)?.cursor === cursor ? seq : null;
  }

  /** Called after every append (event streams wake up on it). */
  onAppend(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }
}

/** dcos-log's check of a cursor's shape: six `key=value` parts, hex numbers, ids of at most 33 characters. */
export function validCursor(c: string): boolean {
  const parts = c.split(';');
  const keys = ['s', 'i', 'b', 'm', 't', 'x'];
  if (parts.length !== keys.length) return false;
  return parts.every((p, k) => {
    const kv = p.split('=');
    const [key, value = ''] = kv;
    if (kv.length !== 2 || key !== keys[k]) return false;
    return key === 's' || key === 'b' ? value.length <= 33 : /^[0-9a-fA-F]{1,16}$/.test(value);
  });
}
