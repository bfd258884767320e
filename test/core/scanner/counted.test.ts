// The `--uid` fast path counts other principals' Admin Router denials from their bytes. It must
// never disagree with the parser: whatever it counts as "deny by U", the parser reads as a deny by
// U, so the stats mean the same with and without --uid.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { denyUidOf, isAdminRouterRecord, parseAudit } from '../../../src/core/audit/index.js';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { parseLine } from '../../../src/core/journal/index.js';
import { decodeLine } from '../../../src/core/scanner/bytes.js';
import { adminRouterDenyUid, countedEvent } from '../../../src/core/scanner/counted.js';
import { createLineScanner } from '../../../src/core/scanner/chunks.js';
import { defaultParsers } from '../../../src/core/scanner/defaults.js';
import { createChunkScanner } from '../../../src/core/scanner/index.js';
import { scanBuffers } from '../../../src/core/scanner/newlines.js';
import { MAX_LINE_BYTES, type AuditEvent, type ScanStats, type StreamMeta } from '../../../src/core/types.js';
import { ar, marathon, mesos, noAuthNotice } from '../../pipeline/lines.js';
import { altered, randomInts } from '../../helpers/mutate.js';

const meta: StreamMeta = { label: 't', host: null, unit: null, envelope: null, year: 2019 };

/** What the parser makes of a line: `deny:U`, `deny:?` (cut), `allow`, `malformed`, `unverified` or `-`. */
function parsed(line: string): string {
  const p = parseLine(line, meta);
  if (p.kind !== 'entry' || !p.entry.message.includes('type=audit')) return '-';
  const ev = parseAudit(p.entry, meta);
  if (ev.type === 'malformed' || ev.type === 'unverified') return ev.type;
  if (ev.result === 'allow') return 'allow';
  return ev.truncated || ev.uid === null ? 'deny:?' : `deny:${ev.uid}`;
}

/** The scanner's gate, with the real parsers: is the line an Admin Router record at all? */
const isRecord = (b: Buffer): boolean => {
  const p = parseLine(b.toString(), meta);
  return p.kind === 'entry' && isAdminRouterRecord(p.entry, meta);
};
/**
 * What the --uid fast path counts the line as: another principal's denial (its uid), or null
 * (parsed). Given where its first type=audit starts, as the scanner gives it.
 */
const fast = (line: string): string | null => {
  const b = Buffer.from(line);
  const ev = countedEvent(b, new Set(['someone-wanted']), isRecord, null, b.indexOf('type=audit'));
  return ev?.type === 'counted' && ev.result === 'deny' ? (ev.uid ?? null) : null;
};

const base = ar({ uid: 'svc-x', path: '/mesos/master/state' });
const variants: [string, string, boolean][] = [
  ['the common line', base, true],
  ['with a referrer', `${base}, referrer: "https://m1/"`, true],
  ['a CR at the end', `${base}\r`, true],
  ['the 1.13+ HOST nginx: prefix', base.replace('nginx[1240]: ', 'nginx[1240]: m1 nginx: '), true],
  ['a uid in the URI query', ar({ uid: 'svc-x', path: '/acs/api/v1/users?uid=admin&x=1' }), true],
  ['a space in the URI (crafted)', ar({ uid: 'svc-x', path: '/x uid=admin' }), false],
  ['a quote in the Host header', base.replace('host: "10.0.0.1"', 'host: "10.0"0.1"'), false],
  ['a suffix that does not repeat the URI', base.replace('request: "GET /mesos/master/state', 'request: "GET /other'), false],
  ['an allow', ar({ uid: 'svc-x', result: 'allow' }), false],
  ['unauthenticated', ar({ uid: null }), false],
  ['"not authenticated" with a uid after the URI (lua writes none then: the URI\'s text)', base.replace('reason="IAM PQ response"', 'reason="not authenticated"'), false],
  ['no suffix at all', base.slice(0, base.indexOf(', client:')), false],
  ['cut inside the suffix', base.slice(0, base.indexOf(', server:') + 5), false],
  ['a json envelope', JSON.stringify({ MESSAGE: base.slice(base.indexOf('2019/')), _HOSTNAME: 'm1' }), false],
  ['a json envelope without a unit, and its nginx identifier (no service wrote it)', JSON.stringify({ MESSAGE: base.slice(base.indexOf('2019/')), _HOSTNAME: 'm1', SYSLOG_IDENTIFIER: 'nginx' }), false],
  ['no object', base.replace(' object=dcos:adminrouter:ops:mesos', ''), false],
  ['two results', base.replace(' result=deny', ' result=deny result=allow'), false],
  ['a quoted result (the parser unquotes it too)', base.replace('result=deny', 'result="deny"'), true],
  ['type=audit in the host name', base.replace(' m1 nginx', ' type=audit nginx'), false],
  ['a uid with characters DC/OS does not allow', ar({ uid: 'svc/x' }), false],
  ['a while clause', base.replace(', client:', ' while reading response header, client:'), false],
  ['another authorizer', base.replace('authorizer=adminrouter', 'authorizer=bouncer'), false],
  ['a line too long to be surely whole', ar({ uid: 'svc-x', path: `/${'a'.repeat(1900)}` }), false],
  ['a repeated key', base.replace(' srcport=40001', ' srcport=40001 srcip=10.0.0.6'), false],
  ['a key Admin Router never writes', base.replace(' action=full', ' zz=1 action=full'), false],
  ['keys out of their order', base.replace('action=full result=deny', 'result=deny action=full'), false],
  ['an envelope that is not one (read as cat)', base.replace('2019-03-01T', '2019-3-01T'), false],
  ['written by another program', base.replace('nginx[1240]:', 'myapp[77]:'), false],
  ['a line quoting a client', base.replace(', client:', ' while reading client request line, client:'), false],
];

describe('the byte shape alone (before the parser\'s gate)', () => {
  it('reads the uid where the parser does', () => {
    expect(adminRouterDenyUid(Buffer.from(base))).toBe('svc-x');
    expect(adminRouterDenyUid(Buffer.from(base.replace('nginx[1240]:', 'myapp[77]:')))).toBe('svc-x'); // the gate refuses it
  });

  it('takes the marker only right before the type=audit it is told starts the line\'s first', () => {
    const b = Buffer.from(base);
    const t = b.indexOf('type=audit');
    expect(adminRouterDenyUid(b, t)).toBe('svc-x');
    for (const wrong of [-1, 0, t - 1, t + 1, b.indexOf('type=audit', t + 1)]) expect(adminRouterDenyUid(b, wrong)).toBeNull();
  });
});

describe('adminRouterDenyUid', () => {
  it.each(variants)('%s', (_what, line, taken) => {
    const uid = fast(line);
    expect(uid !== null).toBe(taken);
    if (uid !== null) expect(parsed(line)).toBe(`deny:${uid}`);
  });

  it('agrees with the parser on thousands of mutations of real lines', () => {
    const pieces = [' ', '"', ',', ', ', 'uid=', ' uid=evil', 'result=deny ', 'result=allow', '\\', ': "', ', client: ', 'request_uri=', '=', 'a', '\r', ' zz=1', ' action=full', ' srcip=1'];
    const seeds = [base, `${base}, referrer: "r"`, ar({ uid: 'svc-y', path: '/p?q=1' }), mesos('svc-z'), marathon('svc-w'), noAuthNotice(3)];
    let taken = 0;
    for (const line of altered(seeds, pieces, 7000, randomInts(12345))) {
      const uid = fast(line);
      if (uid === null) continue;
      taken++;
      expect(parsed(line), line).toBe(`deny:${uid}`);
    }
    expect(taken).toBeGreaterThan(300); // the property was exercised, not vacuously true
  });
});

describe('in the scanner (the line\'s first type=audit known from the search)', () => {
  const lines = [
    ...Array.from({ length: 40 }, (_, i) => ar({ uid: `svc-${i}`, path: `/p${i}` })),
    base.replace(' m1 nginx', ' type=audit nginx'), // the host's type=audit comes first: parsed, not counted
    ar({ uid: 'someone-wanted' }), // a wanted principal: parsed
  ];
  const data = Buffer.from(`${lines.join('\n')}\n`);

  it.each(['needle', 'flags'] as const)('counts other principals\' denials from their bytes, found by the %s', (findWith) => {
    let chunk: Buffer = data;
    if (findWith === 'flags') {
      const [b] = scanBuffers(1, data.length) ?? [];
      if (!b) throw new Error('expected WebAssembly memory');
      data.copy(b);
      chunk = b;
    }
    const out: AuditEvent[] = [];
    const s = createLineScanner(meta, (e) => out.push(e), defaultParsers, ['someone-wanted'], false, findWith);
    s.push(chunk);
    s.end();
    const shown = out.map((e) => (e.type === 'counted' ? `counted:${e.uid}` : e.type === 'decision' ? `${e.result}:${e.uid}` : e.type));
    expect(shown).toEqual([...Array.from({ length: 40 }, (_, i) => `counted:svc-${i}`), 'deny:svc-x', 'deny:someone-wanted']);
  });
});

const WANTED: ReadonlySet<string> = new Set(['someone-wanted']);
/** What the --uid fast path counts a Mesos or Marathon line as (its uid), or null (parsed): as the scanner calls it. */
const otherDeny = (line: Buffer): string | null => {
  const b = line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
  const p = parseLine(decodeLine(b, 0, b.length, MAX_LINE_BYTES), meta);
  return p.kind === 'entry' ? denyUidOf(p.entry, meta, b, WANTED) : null;
};
const fastOther = (line: string): string | null => {
  const ev = countedEvent(Buffer.from(line), WANTED, isRecord, otherDeny);
  return ev?.type === 'counted' && ev.result === 'deny' ? (ev.uid ?? null) : null;
};

const ms = mesos('svc-m');
/** `ms` with its reason padded so that its message (after the envelope) is `n` bytes long. */
const mesosMessageOf = (n: number) => ms.replace('authorization request', `authorization request${'x'.repeat(n - (ms.length - ms.indexOf('I0301')))}`);
const mt = marathon('svc-p');
const metronome = mt.replace('marathon.sh[1500]', 'metronome[1600]').replace('authorizer=marathon', 'authorizer=metronome').replace('dcos.marathon.auditlog', 'dcos.metronome.auditlog');
const otherVariants: [string, string, string | null][] = [
  ['Mesos: the common line', ms, 'svc-m'],
  ['Mesos: a bare uid', ms.replace('uid="svc-m"', 'uid=svc-m'), 'svc-m'],
  ['Mesos: a CR at the end', `${ms}\r`, 'svc-m'],
  ['Mesos: an allow', ms.replace('result=deny', 'result=allow'), null],
  ['Mesos: DENY in capitals (parsed: the parser reads it too)', ms.replace('result=deny', 'result=DENY'), null],
  ['Mesos: no uid', ms.replace(' uid="svc-m"', ''), null],
  ['Mesos: an empty uid', ms.replace('uid="svc-m"', 'uid=""'), null],
  ['Mesos: a uid with a space', ms.replace('uid="svc-m"', 'uid="svc m"'), null],
  ['Mesos: an escaped quote in a value', ms.replace('"Error in authorization request"', '"Error \\" uid=\\"x"'), null],
  ['Mesos: a repeated key', ms.replace(' srcip=10.0.1.13', ' srcip=10.0.1.13 uid=other'), null],
  ['Mesos: a stray word', ms.replace(' srcip=', ' word srcip='), null],
  ['Mesos: an empty object', ms.replace(/object="[^"]*"/, 'object=""'), null],
  ['Mesos: no action', ms.replace(' action="create"', ''), null],
  ['Mesos: type=audit inside a value only', ms.replace(' type=audit', '').replace('reason="', 'reason="type=audit '), null],
  ['Mesos: another glog file', ms.replace('logfmt.cpp', 'master.cpp'), null],
  ['Mesos: written by another program', ms.replace('mesos-master[3708]', 'myapp[77]'), null],
  ['Mesos: a time tail after the uid', ms.replace('uid="svc-m"', 'uid=svc-m 12:00:00'), null],
  ['Mesos: cut inside a quoted value', ms.slice(0, ms.indexOf('object="') + 12), null],
  ['Mesos: a bare object holding a byte\'s \\xNN (parsed: malformed)', ms.replace(/object="([^"]*)"/, 'object=$1\\x41'), null],
  ['Marathon: a path holding a byte\'s \\xNN (parsed: malformed)', mt.replace('path=/dev/app', 'path=/dev/\\xffapp'), null],
  ['Mesos: a message of 2046 bytes (whole)', mesosMessageOf(2046), 'svc-m'],
  ['Mesos: a message of 2047 bytes (journald may have cut it: parsed)', mesosMessageOf(2047), null],
  ['Mesos: a message of 2048 bytes (journald may have cut it: parsed)', mesosMessageOf(2048), null],
  ['Mesos: a message of 2049 bytes (parsed: the fast path leaves long lines alone)', mesosMessageOf(2049), null],
  ['Marathon: the common line', mt, 'svc-p'],
  ['Metronome: the common line', metronome, 'svc-p'],
  ['Marathon: another logger', mt.replace('dcos.marathon.auditlog', 'mesosphere.marathon.api'), null],
  ['Marathon: no logger suffix', mt.slice(0, mt.indexOf(' (dcos.')), null],
  ['Marathon: from Metronome\'s identifier (both write this shape)', mt.replace('marathon.sh[1500]', 'metronome[1600]'), 'svc-p'],
  ['Marathon: written by Mesos', mt.replace('marathon.sh[1500]', 'mesos-master[3708]'), null],
  ['Mesos: written by Marathon', ms.replace('mesos-master[3708]', 'marathon.sh[1500]'), null],
  ['Marathon: an empty path (the parser takes it)', mt.replace('path=/dev/app', 'path='), 'svc-p'],
  ['Marathon: no path nor object', mt.replace(' path=/dev/app', ''), null],
  ['Marathon: a space in the path', mt.replace('path=/dev/app', 'path=/dev/app uid=admin'), null],
  ['Marathon: an allow', mt.replace('result=deny', 'result=allow'), null],
  ['Marathon: a wanted uid', marathon('someone-wanted'), null],
  ['Mesos: a wanted uid elsewhere in the line (counted: the record names svc-m)', ms.replace('Error in authorization request', 'someone-wanted'), 'svc-m'],
  ['Mesos: a non-ASCII reason (parsed: characters are not bytes there)', ms.replace('Error in authorization', 'Erreur d\u2019autorisation'), null],
  ['Mesos: an invalid UTF-8 byte in the reason (parsed)', ms.replace('Error in', 'Error\udcff in'), null],
  ['Mesos: non-ASCII in the host name (parsed)', ms.replace(/ (\S+) mesos-master/, ' h\u00f4te mesos-master'), null],
  ['Mesos: a json envelope (parsed: its message is not the line\'s tail)', JSON.stringify({ MESSAGE: ms.slice(ms.indexOf('I0')), _HOSTNAME: 'm1', SYSLOG_IDENTIFIER: 'mesos-master' }), null],
  ['Marathon: a json envelope (parsed)', JSON.stringify({ MESSAGE: mt.slice(mt.indexOf('[20')), _HOSTNAME: 'm1', SYSLOG_IDENTIFIER: 'marathon.sh' }), null],
  ['Admin Router lines keep their own path', ar({ uid: 'svc-x' }), 'svc-x'],
];

describe('denyUidOf (Mesos and Marathon lines)', () => {
  it.each(otherVariants)('%s', (_what, line, uid) => {
    expect(fastOther(line)).toBe(uid);
    if (uid !== null) expect(parsed(line)).toBe(`deny:${uid}`);
  });

  it('leaves a message as long as a cut one to the parser, which refuses it', () => {
    expect([2046, 2047, 2048, 2049].map((n) => parsed(mesosMessageOf(n)))).toEqual(['deny:svc-m', 'malformed', 'malformed', 'deny:svc-m']);
  });

  it('stops at a wanted uid: that denial is parsed whole', () => {
    for (const line of [mesos('someone-wanted'), marathon('someone-wanted'), ms.replace('uid="svc-m"', 'uid=someone-wanted')]) {
      expect(otherDeny(Buffer.from(line))).toBeNull();
      expect(parsed(line)).toBe('deny:someone-wanted');
    }
    expect(otherDeny(Buffer.from(mesos('someone-wanted-not')))).toBe('someone-wanted-not');
  });

  it('agrees with the parser on thousands of mutations of real lines', () => {
    const pieces = [' ', '"', '\\', '\\xff', '\\x4', '=', 'uid=', ' uid=evil', ' uid="evil"', 'result=deny ', 'result=allow', ' type=audit', 'type=', ' 12:00:00', ' x', ')', ' (a.audit:t)', '[', 'a', '\r', 'object=', 'path=', '\u00e9', '\u2019', ' x=1', ' object=/y', ' srcip=1'];
    const seeds = [ms, mt, metronome, mesos('svc-z', 'r'), marathon('svc-w', '/a/b'), ms.replace('uid="svc-m"', 'uid=svc-m'), mesos('someone-wanted'), marathon('someone-wanted'), mesosMessageOf(2046), mesosMessageOf(2048)];
    let taken = 0;
    for (const line of altered(seeds, pieces, 8000, randomInts(54321))) {
      const uid = fastOther(line);
      if (uid === null) continue;
      taken++;
      expect(parsed(line), line).toBe(`deny:${uid}`);
    }
    expect(taken).toBeGreaterThan(1000); // the property was exercised, not vacuously true
  });
});

function scanStats(text: Buffer, uids: string[]): ScanStats {
  const aggregator = createFindingsAggregator({ uids, since: null, until: null });
  const s = createChunkScanner(meta, (e) => aggregator.add(e), { uids });
  s.push(text);
  s.end();
  return aggregator.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] }).stats;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(log|json)$/.test(n) ? [p] : [];
  });
}

describe('stats mean the same with and without --uid', () => {
  const fixtures = join(import.meta.dirname, '../../../fixtures');
  const corpus = Buffer.concat([
    ...files(fixtures).map((f) => readFileSync(f)),
    // A byte that is not UTF-8 in an Admin Router object: the parser refuses it (\xNN), so must --uid
    // (in a short envelope, whose writer is checked on the decoded line; a line follows it).
    ((b) => b.fill(0xff, b.indexOf('?'), b.indexOf('?') + 1))(Buffer.from(`${base.replace('2019-03-01T12:00:01+0000', 'Mar 01 12:00:01').replace('ops:mesos', 'ops:mes?os')}\n`)),
    Buffer.from(`${variants.map(([, l]) => l).join('\n')}\n`),
    Buffer.from(`${otherVariants.map(([, l]) => l).join('\n')}\n`),
  ]);

  it.each([[['cassandra-sa']], [['svc-x']], [['nobody-at-all']], [['svc-x', 'jenkins-sa']], [['svc-m', 'svc-p']]])('--uid %j', (uids) => {
    const all = scanStats(corpus, []);
    const some = scanStats(corpus, uids);
    const strip = (s: ScanStats) => ({ ...s, filteredLines: 0 });
    expect(all.auditLines).toBeGreaterThan(50);
    expect(all.malformedLines).toBeGreaterThan(3);
    expect(strip(some)).toEqual(strip(all));
  });
});
