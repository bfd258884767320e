// A denial (any principal's without --uid; with it, a wanted principal's, as the others are counted
// in counted.ts) is read from the line's bytes when its line has the one plain shape where the
// --uid fast path is sure of it (short-iso lines of Admin Router, Mesos, Marathon and Metronome:
// audit/record-bytes.ts), with the fields a finding counts, taken where the parser takes them and
// turned into values by the parser's own functions. Most denials repeat a finding already made,
// which needs only its count, times, hosts and components: on the bench's `short` shape (81,408
// denials, 7,797 findings) parsing each denial whole was about two thirds of the scan. A finding
// is only ever made of the parsed line (DenyRead.decision, called by the aggregator): the bytes
// can add to a finding, never make one.
import { componentOfNames } from '../audit/common.js';
import { ACTION, AUTHORIZER, FIELD, OBJECT, PATH, TIMESTAMP, TIMESTAMP_TAIL, UID_FIELD } from '../audit/key-bytes.js';
import { pluginTarget } from '../audit/marathon.js';
import { adminRouterEnvelope, recordDenyOfBytes } from '../audit/record-bytes.js';
import { parseIsoTimestamp } from '../journal/index.js';
import type { IsoEnvelope } from '../journal/iso-bytes.js';
import { isoStamp } from '../journal/short.js';
import type { DenyRead, ParsedAudit, StreamMeta } from '../types.js';
import { adminRouterDenyUid } from './counted.js';
import { interned } from '../intern.js';

const NO_ONE: ReadonlySet<string> = new Set();
/** Plugin targets kept (distinct component, action and path), a bound on memory. */
const MAX_TARGETS = 10_000;
/**
 * Reading a denial's bytes saves its parse only when it repeats a finding: a new one is parsed
 * anyway, and while these walks are rarely run they are not compiled yet and cost tens of µs a
 * line (a Marathon line of the bench's `long` shape: ~60 µs, cold). So a stream's first SKIP
 * denials are parsed, and when most of a window of PROBE reads made new findings (`long`: 6,963
 * findings of 9,636 denials), the next denials are parsed too, twice as many after each such window
 * (up to MAX_SKIP), before a window is read again.
 */
const PROBE = 32;
const SKIP = 1024;
const MAX_SKIP = 8192;

type Target = Pick<DenyRead, 'rid' | 'ridAction' | 'derived'>;

/**
 * A reader of the denials of one stream: `read(line, t)` gives the denial in `line` (its first
 * `type=audit` at `t`) as the parser would count it, or null when the line must be parsed. `parse`
 * parses a line whole (DenyRead.decision). `adaptive` (default): read only while it pays (above);
 * else every line it can (tests). `mayFollowCut`: a line before this one may be a piece journald cut
 * (scanner/split-rest.ts): then a record other than Admin Router's is left to the parser.
 */
export function createDenyReader(
  meta: StreamMeta,
  parse: (line: Buffer) => ParsedAudit,
  adaptive = true,
  mayFollowCut: () => boolean = () => false,
): (line: Buffer, t: number) => DenyRead | null {
  const targets = new Map<string, Map<string, Map<string, Target>>>();
  let targetCount = 0;
  let reads = 0;
  let parsed = 0;
  let skip = adaptive ? SKIP : 0;
  let nextSkip = SKIP;
  const parseCounted = (line: Buffer): ParsedAudit => {
    parsed++;
    return parse(line);
  };

  /** Value `f` of the record the last walk accepted (key-bytes.ts FIELD), or undefined when it had none. */
  const value = (b: Buffer, f: number): string | undefined => {
    const v0 = FIELD[f]!; // f indexes FIELD's pairs
    return v0 < 0 ? undefined : interned.text(b, v0, FIELD[f + 1]!);
  };

  /** pluginTarget, the same object for the same (interned) component, action and path. */
  function targetOf(component: string, action: string, path: string): Target {
    let byAction = targets.get(component);
    const byPath = byAction?.get(action);
    let t = byPath?.get(path);
    if (t) return t;
    const mapped = pluginTarget(component, action, path);
    t = { rid: interned.string(mapped.rid), ridAction: interned.string(mapped.ridAction), derived: mapped.derived };
    if (targetCount < MAX_TARGETS) {
      targetCount++;
      if (!byAction) targets.set(component, (byAction = new Map()));
      if (byPath) byPath.set(path, t);
      else byAction.set(action, new Map([[path, t]]));
    }
    return t;
  }

  return (line, t) => {
    if (reads === PROBE && adaptive) {
      if (parsed * 2 > reads) {
        skip = nextSkip;
        nextSkip = Math.min(MAX_SKIP, nextSkip * 2);
      } else nextSkip = SKIP;
      reads = parsed = 0;
    }
    if (skip > 0) {
      skip--;
      return null;
    }
    reads++;
    const r = read(line, t);
    if (r === null) parsed++; // a line that cannot be read does not pay either
    return r;
  };

  function read(line: Buffer, t: number): DenyRead | null {
    let env: IsoEnvelope | null;
    let object: string, action: string, component: string;
    let target: Target;
    let timestamp: string | undefined;
    if (adminRouterDenyUid(line, t) !== null) {
      // parseAdminRouter: authorizer=adminrouter (checked), object and action as written.
      env = adminRouterEnvelope(line, t, meta);
      if (!env) return null;
      object = value(line, OBJECT)!; // checked present by adminRouterDenyUid
      action = value(line, ACTION)!;
      target = { rid: object, ridAction: action, derived: null };
      component = 'adminrouter';
      timestamp = stamp(line, TIMESTAMP);
    } else {
      if (mayFollowCut()) return null;
      const r = recordDenyOfBytes(line, t, meta, NO_ONE);
      if (!r) return null;
      env = r.env;
      action = value(line, ACTION)!; // checked present by recordDenyUid
      timestamp = stamp(line, TIMESTAMP);
      const tail = stamp(line, TIMESTAMP_TAIL);
      if (timestamp !== undefined && tail !== undefined) timestamp = `${timestamp} ${tail}`;
      // The authorizer names the component, else the envelope does (for Mesos, parseKeyValue takes
      // the master or agent the envelope names for the authorizer: the same component).
      component = componentOfNames(env.unit, env.ident, value(line, AUTHORIZER) ?? null);
      if (r.plugin) {
        // parsePlugin: the path (else the object) and the action, mapped to a rid.
        object = value(line, PATH) ?? value(line, OBJECT)!; // recordDenyUid checked one is there
        target = targetOf(component, action, object);
      } else {
        object = value(line, OBJECT)!;
        target = { rid: object, ridAction: action, derived: null };
      }
    }
    return {
      type: 'deny-read',
      result: 'deny',
      uid: value(line, UID_FIELD)!, // both walks set it with the uid they return
      truncated: false,
      object,
      action,
      rid: target.rid,
      ridAction: target.ridAction,
      derived: target.derived,
      component,
      time: timeOf(line, env, timestamp),
      host: interned.text(line, env.stampEnd, env.hostEnd),
      decision: () => parseCounted(line),
    };
  }
}

/** A timestamp value (each one differs: not interned). */
function stamp(b: Buffer, f: number): string | undefined {
  const v0 = FIELD[f]!; // f indexes FIELD's pairs
  return v0 < 0 ? undefined : b.toString('latin1', v0, FIELD[f + 1]);
}

/** timeOf: the record's timestamp, else the envelope's time. */
function timeOf(b: Buffer, env: IsoEnvelope, timestamp: string | undefined): number | null {
  const t = timestamp ? parseIsoTimestamp(timestamp) : null;
  return t ?? isoStamp(b.toString('latin1', 0, env.stampEnd))?.time ?? null;
}
