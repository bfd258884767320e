import { describe, expect, it } from 'vitest';
import { createLineScanner } from '../../../src/core/scanner/chunks.js';
import { createExportScanner } from '../../../src/core/scanner/export.js';
import { MAX_LINE_BYTES, type AuditEvent, type Decision } from '../../../src/core/types.js';
import { meta, stubParsers } from './stubs.js';

const AR = (conn: number, audit: string) =>
  `2019-03-01T12:00:01+0000 m1 nginx[1240]: 2019/03/01 12:00:01 [notice] 1240#0: *${conn} [lua] ee.lua:57: auditlog(): ${audit}, client: 10.0.0.5, server: master.mesos, request: "GET / HTTP/1.1", host: "10.0.0.1"`;
const NOTICE = (conn: number, text: string) =>
  `2019-03-01T12:00:00+0000 m1 nginx[1240]: 2019/03/01 12:00:00 [notice] 1240#0: *${conn} [lua] auth.lua:10: ${text}, client: 10.0.0.5, server: master.mesos, request: "GET /CUT HTTP/1.1"`;
const deny = (uid: string, rid: string) => `type=audit timestamp=2019-03-01T12:00:01Z authorizer=adminrouter object=${rid} action=full result=deny reason="IAM PQ response" srcip=10.0.0.5 srcport=1 request_uri=/x uid=${uid}`;
const PLAIN = (i: number) => `2019-03-01T12:00:00+0000 m1 systemd[1]: Started something number ${i} (type audit not here).`;

function scan(chunks: Buffer[], framing: 'lines' | 'export' = 'lines') {
  const events: AuditEvent[] = [];
  const sink = (e: AuditEvent) => events.push(e);
  const s = framing === 'export' ? createExportScanner(meta(), sink, stubParsers, () => createLineScanner(meta(), sink, stubParsers)) : createLineScanner(meta(), sink, stubParsers);
  for (const c of chunks) s.push(c);
  s.end();
  return { events, bytes: s.bytes, lines: s.lines };
}
const decisions = (evs: AuditEvent[]) => evs.filter((e): e is Decision => e.type === 'decision');
const summary = (evs: AuditEvent[]) => evs.map((e) => (e.type === 'decision' ? `${e.result}:${e.uid}:${e.object}:${e.authCause}` : e.type === 'counted' ? `counted:${e.result}` : e.type === 'deny-read' ? `read:${e.uid}` : `malformed:${e.why}`));

const sample = [
  '-- Logs begin at Fri 2019-03-01 11:00:00 UTC, end at Fri 2019-03-01 13:00:00 UTC. --',
  PLAIN(1),
  AR(7, deny('svc1', 'dcos:adminrouter:ops:mesos')),
  PLAIN(2),
  `${AR(8, deny('svc2', 'dcos:adminrouter:service:marathon'))}\r`,
  `2019-03-01T12:00:02+0000 m2 mesos-master[3708]: I0410 02:38:24.752534  3708 logfmt.cpp:178] type=audit uid="svc3" object="dcos:mesos:master:framework:role:r" action="create" result=deny`,
  '    continued detail line',
  '{"MESSAGE":[116,121,112,101,61,97,117,100,105,116,32,111,98,106,101,99,116,61,100,99,111,115,58,120,32,114,101,115,117,108,116,61,100,101,110,121,32,117,105,100,61,106],"_HOSTNAME":"m3","__REALTIME_TIMESTAMP":"1551441600000000"}',
  PLAIN(3),
  `${AR(9, deny('svc4', 'dcos:adminrouter:ops:metadata'))}`, // last line, no newline
].join('\n');

describe('chunk scanner', () => {
  const whole = scan([Buffer.from(sample)]);

  it('finds every audit line of a mixed sample, with exact line and byte counts', () => {
    expect(summary(whole.events)).toEqual([
      'deny:svc1:dcos:adminrouter:ops:mesos:null',
      'deny:svc2:dcos:adminrouter:service:marathon:null',
      'deny:svc3:dcos:mesos:master:framework:role:r:null',
      'deny:j:dcos:x:null',
      'deny:svc4:dcos:adminrouter:ops:metadata:null',
    ]);
    expect(whole.lines).toBe(10);
    expect(whole.bytes).toBe(Buffer.byteLength(sample));
  });

  it('gives the same result when the input is split at every offset, and fed byte by byte', () => {
    const buf = Buffer.from(sample);
    const want = JSON.stringify(summary(whole.events));
    for (let i = 0; i <= buf.length; i++) {
      const r = scan([buf.subarray(0, i), buf.subarray(i)]);
      if (JSON.stringify(summary(r.events)) !== want || r.lines !== 10) throw new Error(`split at ${i}: ${JSON.stringify(summary(r.events))} lines=${r.lines}`);
    }
    const bytes = [...buf].map((b) => Buffer.from([b]));
    const r = scan(bytes);
    expect(summary(r.events)).toEqual(summary(whole.events));
    expect(r.lines).toBe(10);
  });

  it('strips CR of CRLF lines and appends indented continuation lines', () => {
    const d = decisions(whole.events);
    expect(d[1]?.raw.endsWith('\r')).toBe(false);
    expect(d[1]?.raw.endsWith('host: "10.0.0.1"')).toBe(true);
    expect(d[2]?.raw).toContain('result=deny\ncontinued detail line');
  });

  it('decodes a json MESSAGE given as a byte array only when the chunk looks like json', () => {
    expect(decisions(whole.events)[3]).toMatchObject({ uid: 'j', host: 'm3' });
    const text = scan([Buffer.from(`${PLAIN(1)}\nplain 116,121,112,101,61,97,117,100,105,116 numbers\n${PLAIN(2)}\n`)]);
    expect(text.events).toEqual([]);
  });

  it('counts a line without type=audit in the message (needle only in the envelope) as nothing', () => {
    const r = scan([Buffer.from('2019-03-01T12:00:00+0000 type=audit systemd[1]: hello\n')]);
    expect(r.events).toEqual([]);
    expect(r.lines).toBe(1);
  });

  it('reports a broken json audit line as malformed', () => {
    const r = scan([Buffer.from('{"MESSAGE":"type=audit result=deny obj\n')]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ type: 'malformed', source: 'test.log' });
  });

  it('keeps memory bounded on a 10 MB line without newline: one cut line, counted', () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const head = Buffer.from(`2019-03-01T12:00:00+0000 m1 nginx[1]: type=audit object=dcos:a result=deny uid=u `);
    const chunks = [head, ...Array.from({ length: 160 }, () => chunk)];
    const before = process.memoryUsage().arrayBuffers;
    const r = scan(chunks);
    expect(r.lines).toBe(1);
    expect(r.bytes).toBe(head.length + 160 * chunk.length);
    expect(r.events).toHaveLength(1);
    expect((r.events[0] as Decision).raw.length).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    // The long line ends and a normal audit line follows: both counted, the second one found.
    const r2 = scan([...chunks, Buffer.from(`\n${AR(1, deny('after', 'dcos:b'))}\n`)]);
    expect(r2.lines).toBe(2);
    expect(summary(r2.events)).toContain('deny:after:dcos:b:null');
  });

  it('takes the auth cause from the preceding notice of the same connection, not another one', () => {
    const unauth = 'type=audit timestamp=2019-03-01T12:00:01Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="not authenticated" srcip=1 srcport=2 request_uri=/x';
    const text = [NOTICE(5, 'No auth token in request.'), PLAIN(1), NOTICE(6, 'Invalid token. Reason: exp'), PLAIN(2), AR(5, unauth), AR(6, unauth), AR(7, unauth), ''].join('\n');
    const r = scan([Buffer.from(text)]);
    expect(decisions(r.events).map((d) => d.authCause)).toEqual(['no token', 'expired token', null]);
    // The notice sits in an earlier chunk (and a padding of 100 KiB lies between): still found.
    const pad = Array.from({ length: 1200 }, (_, i) => PLAIN(i)).join('\n');
    const buf = Buffer.from([NOTICE(5, 'No auth token in request.'), pad, AR(5, unauth), ''].join('\n'));
    for (const cut of [100, 60_000, buf.length - 200]) {
      const r3 = scan([buf.subarray(0, cut), buf.subarray(cut)]);
      expect(decisions(r3.events)[0]?.authCause).toBe('no token');
    }
  });

  it('recovers the uid of a cut line from the policyquery notice, and not beyond the look-back window', () => {
    const cut = 'type=audit timestamp=2019-03-01T12:00:01Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=1 srcport=2 request_uri=/CUT';
    const pq = NOTICE(11, 'Consult policyquery via `/internal/acs/api/v1/internal/policyquery?rid=dcos:adminrouter:ops:mesos&uid=lost&action=full`');
    const r = scan([Buffer.from([pq, PLAIN(1), AR(11, cut), ''].join('\n'))]);
    expect(decisions(r.events)[0]?.uid).toBe('lost');
    const far = Array.from({ length: 4000 }, (_, i) => PLAIN(i)).join('\n'); // ~360 KiB > 256 KiB window
    const chunks = Buffer.from([pq, far, AR(11, cut), ''].join('\n'));
    const parts = [];
    for (let i = 0; i < chunks.length; i += 64 * 1024) parts.push(chunks.subarray(i, i + 64 * 1024));
    expect(decisions(scan(parts).events)[0]?.uid).toBe(null);
  });

  it('reads export framing through the export decoder, with notices as context', () => {
    const block = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k}=${v}\n`).join('') + '\n';
    const msgLen = Buffer.alloc(8);
    const multi = 'type=audit object=dcos:multi result=deny uid=bin\nsecond line';
    msgLen.writeBigUInt64LE(BigInt(Buffer.byteLength(multi)));
    const exportText = Buffer.concat([
      Buffer.from(block({ __CURSOR: 'c1', __REALTIME_TIMESTAMP: '1551441600000000', _HOSTNAME: 'm1', MESSAGE: '2019/03/01 12:00:00 [notice] 1#0: *5 No auth token in request.' })),
      Buffer.from(block({ __CURSOR: 'c2', __REALTIME_TIMESTAMP: '1551441601000000', _HOSTNAME: 'm1', MESSAGE: 'hello' })),
      Buffer.from(block({ __CURSOR: 'c3', __REALTIME_TIMESTAMP: '1551441601000000', _HOSTNAME: 'm1', MESSAGE: '2019/03/01 12:00:00 [notice] 1#0: *5 auditlog(): type=audit object=dcos:x action=full result=deny reason="not authenticated"' })),
      Buffer.from('__CURSOR=c4\n_HOSTNAME=m2\nMESSAGE\n'), msgLen, Buffer.from(`${multi}\n\n`),
    ]);
    const want = ['deny:null:dcos:x:no token', 'deny:bin:dcos:multi:null'];
    for (let i = 0; i <= exportText.length; i += 7) {
      const r = scan([exportText.subarray(0, i), exportText.subarray(i)], 'export');
      expect(summary(r.events)).toEqual(want);
      expect(r.lines).toBe(4);
    }
  });
});

describe('needle choice', () => {
  it('starts the needle with the rarer byte of the stream and finds the same lines either way', async () => {
    const { chooseNeedle } = await import('../../../src/core/scanner/needles.js');
    const yHeavy = Buffer.from('yyyyyyyy yearly key=1\n'.repeat(300));
    const eqHeavy = Buffer.from('a=1 b=2 c=3 d=4 e=5 y\n'.repeat(300));
    expect(chooseNeedle(yHeavy).tail.toString()).toBe('=audit');
    expect(chooseNeedle(eqHeavy).tail.toString()).toBe('ype=audit');
    for (const filler of [yHeavy, eqHeavy]) {
      const text = Buffer.concat([filler, Buffer.from(`${AR(3, deny('n', 'dcos:n'))}\nTYPE=audit ype=audit =audit\n`), filler]);
      const r = scan([text]);
      expect(summary(r.events)).toEqual(['deny:n:dcos:n:null']);
    }
  });

  it('every candidate needle finds the same type=audit positions, and a big sample picks one of them by timing', async () => {
    const { chooseNeedle, findPlain, NEEDLES } = await import('../../../src/core/scanner/needles.js');
    // Near misses for each needle: partial heads, `auditlog`, `udit` alone, a needle at the very start.
    const text = Buffer.from(
      'type=audit a\nxtype=audit b ype=audit =audit udit type=a udit auditlog() ttype=auditt\n' +
        'TYPE=audit type=AUDIT typ e=audit type =audit\ntype=audittype=audit\n' +
        'yyyy ==== uuuu '.repeat(20000) +
        'type=audit end\n',
    );
    const positions = (n: (typeof NEEDLES)[number]) => {
      const out: number[] = [];
      for (let h = findPlain(text, 0, n); h !== -1; h = findPlain(text, h + 1, n)) out.push(h + n.tail.length - 'type=audit'.length);
      return out;
    };
    const want: number[] = [];
    for (let i = text.indexOf('type=audit'); i !== -1; i = text.indexOf('type=audit', i + 1)) want.push(i);
    expect(want.length).toBeGreaterThan(5);
    for (const n of NEEDLES) expect(positions(n)).toEqual(want);
    expect(NEEDLES).toContain(chooseNeedle(text));
  });
});

