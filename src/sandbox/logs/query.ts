// dcos-log's v1 query over a simulated journal, with its real behaviour, traps included
// (docs/logging-api.md): `filter` ORs values of one field and ANDs fields, a field no entry has is
// silently dropped, a value without exactly one `:` is a 400, a malformed or unknown cursor a 500;
// `cursor` reads strictly after it; `skip_prev=N` without a cursor means the last N entries and
// `skip_next=N` starts at the Nth; `read_reverse` and `limit` exist on ranges only; the query is
// split on `;` too (an unencoded cursor breaks) and the cursor is unescaped twice.
import { validCursor, type JournalRecord, type SandboxJournal } from './journal.js';

export interface LogQuery {
  matches: Map<string, Set<string>>;
  cursor: string | null;
  limit: number;
  skipNext: number;
  skipPrev: number;
  readReverse: boolean;
}

export type Refusal = { status: 400 | 500; text: string };

function params(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of raw.split(/[&;]/)) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      const key = decodeURIComponent(k.replace(/\+/g, ' '));
      const list = out.get(key) ?? [];
      list.push(decodeURIComponent(v.replace(/\+/g, ' ')));
      out.set(key, list);
    } catch {
      // Go drops a pair with a broken escape and goes on.
    }
  }
  return out;
}

function uint(v: string | undefined, name: string): number | Refusal {
  if (v === undefined || v === '') return 0;
  if (!/^\d{1,15}$/.test(v)) return { status: 400, text: `Error parsing parameter ${name}: strconv.ParseUint: parsing "${v}": invalid syntax` };
  return Number(v);
}

/** The query of a range (`stream` false) or stream request, or the refusal dcos-log answers. */
export function parseQuery(rawQuery: string, stream: boolean, lastEventId: string | undefined, journal: SandboxJournal): LogQuery | Refusal {
  const p = params(rawQuery);
  const first = (k: string) => p.get(k)?.[0];
  const matches = new Map<string, Set<string>>();
  for (const f of p.get('filter') ?? []) {
    const kv = f.split(':');
    const [key = '', value = ''] = kv;
    if (kv.length !== 2) return { status: 400, text: `Incorrect filter parameter format, must be ?filter=key:value. Got ${f}` };
    const field = key.toUpperCase();
    if (!journal.fieldNames.has(field)) continue; // as the real one: an unknown field filters nothing
    const set = matches.get(field) ?? new Set<string>();
    set.add(value);
    matches.set(field, set);
  }
  let cursor = first('cursor') ?? '';
  try {
    cursor = decodeURIComponent(cursor.replace(/\+/g, ' '));
  } catch {
    return { status: 400, text: 'Unable to unescape cursor parameter' };
  }
  const limit = uint(first('limit'), 'limit');
  if (typeof limit !== 'number') return limit;
  if (stream && limit > 0) return { status: 400, text: 'Unable to stream events with `limit` parameter' };
  let skipNext = uint(first('skip_next'), 'skip_next');
  if (typeof skipNext !== 'number') return skipNext;
  let skipPrev = uint(first('skip_prev'), 'skip_prev');
  if (typeof skipPrev !== 'number') return skipPrev;
  const rr = first('read_reverse');
  let readReverse = false;
  if (rr !== undefined && rr !== '') {
    if (stream) return { status: 400, text: 'Unable to stream events with `read_reverse` parameter' };
    if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(rr)) return { status: 400, text: `strconv.ParseBool: parsing "${rr}": invalid syntax` };
    readReverse = /^(1|t|T|TRUE|true|True)$/.test(rr);
  }
  if (stream && lastEventId) {
    cursor = lastEventId;
    skipNext = 0;
    skipPrev = 0;
  }
  return { matches, cursor: cursor || null, limit, skipNext, skipPrev, readReverse };
}

type Pos = { at: 'head' } | { at: 'tail' } | { at: number };

/** Reading position over the entries that match: a small model of sd_journal's seek/next/previous. */
export class JournalReader {
  private pos: Pos = { at: 'head' };
  private readFirst = false;
  skippedNext = 0;
  skippedPrev = 0;

  constructor(private readonly j: SandboxJournal, private readonly q: LogQuery) {}

  private matches(r: JournalRecord): boolean {
    for (const [field, values] of this.q.matches) {
      const v = r.fields[field];
      if (v === undefined || !values.has(v)) return false;
    }
    return true;
  }

  private step(from: Pos, dir: 1 | -1): number | null {
    let seq = from.at === 'head' ? this.j.firstSeq - 1 : from.at === 'tail' ? this.j.lastSeq + 1 : from.at;
    for (;;) {
      seq += dir;
      if (seq < this.j.firstSeq || seq > this.j.lastSeq) return null;
      const r = this.j.at(seq);
      if (r && this.matches(r)) return seq;
    }
  }

  private skip(n: number, dir: 1 | -1): number {
    let done = 0;
    for (; done < n; done++) {
      const s = this.step(this.pos, dir);
      if (s === null) break;
      this.pos = { at: s };
    }
    return done;
  }

  /** Position as dcos-log does; a refusal for a bad cursor. */
  open(): Refusal | null {
    const c = this.q.cursor;
    if (c !== null) {
      if (!validCursor(c)) return { status: 500, text: 'Error opening journal reader: Incorrect cursor string' };
      const seq = this.j.seqOf(c);
      if (seq === null || !this.matches(this.j.at(seq)!)) return { status: 500, text: `Error opening journal reader: Cursor ${c} not found` };
      this.pos = { at: seq };
    }
    if (this.q.skipNext) this.skippedNext = this.skip(this.q.skipNext, 1);
    if (this.q.skipPrev) {
      if (c === null) this.pos = { at: 'tail' };
      this.skippedPrev = this.skip(this.q.skipPrev, -1);
    }
    // The entry under the position is read first unless it is the cursor the client gave.
    const p = this.pos;
    this.readFirst = typeof p.at === 'number' && (c === null || this.j.at(p.at)?.cursor !== c);
    // The tail is where the journal ends now: entries written later come after it.
    if (p.at === 'tail') this.pos = { at: this.j.lastSeq };
    return null;
  }

  /** The next entry in the reading direction, or null at the end (for now: a stream asks again later). */
  read(): JournalRecord | null {
    if (this.readFirst) {
      this.readFirst = false;
      const p = this.pos;
      const r = typeof p.at === 'number' ? this.j.at(p.at) : undefined;
      if (r) return r;
    }
    const s = this.step(this.pos, this.q.readReverse ? -1 : 1);
    if (s === null) return null;
    this.pos = { at: s };
    return this.j.at(s) ?? null;
  }
}
