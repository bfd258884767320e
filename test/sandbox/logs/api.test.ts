// The sandbox's logging API behaves as dcos-log v1 behind Admin Router (docs/logging-api.md), traps
// included, over real HTTPS: so a client that passes here has met what a cluster does to it.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { loginPassword } from '../iam/client.js';
import { nth } from '../../helpers/nth.js';

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

let iam: SandboxIam;
let token: string;
let agent: string; // only these tests write to this agent's journal: its entries are known
const cursors: string[] = [];

function get(path: string, o: { host?: string; accept?: string; auth?: string | null; lastEventId?: string; until?: (text: string) => boolean } = {}): Promise<Got> {
  const url = new URL(iam.httpsUrl);
  const headers: Record<string, string> = { Accept: o.accept ?? 'application/json' };
  if (o.auth !== null) headers.Authorization = o.auth ?? `token=${token}`;
  if (o.lastEventId) headers['Last-Event-ID'] = o.lastEventId;
  return new Promise((resolve, reject) => {
    const req = request({ host: o.host ?? '127.0.0.1', port: Number(url.port), path, headers, ca: iam.caPem, agent: false, timeout: 10_000 }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString('utf8');
        // An event stream never ends: stop reading once the test has what it waits for.
        if (o.until?.(text)) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
          req.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', () => undefined);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => (e.message === 'socket hang up' ? undefined : reject(e)));
    req.end();
  });
}

const base = () => `/system/v1/agent/${agent}/logs/v1`;
const lines = (g: Got) => g.text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { fields: Record<string, string>; cursor: string; realtime_timestamp: number });
const messages = (g: Got) => lines(g).map((e) => e.fields.MESSAGE);

beforeAll(async () => {
  iam = await startSandboxIam({ logs: { streamIntervalMs: 30, pingMs: 60 } });
  token = await loginPassword(iam.httpUrl, iam.superuser.uid, iam.superuser.password);
  agent = nth(iam.logs!.agents, 1).id;
  for (let i = 0; i < 10; i++) {
    const r = iam.logs!.journal(agent).append({ message: `m${i}`, unit: i % 2 ? 'dcos-mesos-slave.service' : 'dcos-adminrouter-agent.service', ident: i % 3 ? 'a' : 'b' });
    cursors.push(r.cursor);
  }
});
afterAll(() => iam?.close());

describe('sandbox logging API (dcos-log v1 behind Admin Router)', () => {
  it('401 without a token, 403 without the permission (HTML, as Admin Router), 404 for an unknown agent (text)', async () => {
    const no = await get(`${base()}/range/`, { auth: null });
    expect(no.status).toBe(401);
    expect(no.headers['www-authenticate']).toBe('acsjwt');
    iam.addUser('nobody-much', 'pw');
    const weak = await loginPassword(iam.httpUrl, 'nobody-much', 'pw');
    const denied = await get('/system/v1/logs/v1/range/', { auth: `token=${weak}` });
    expect(denied.status).toBe(403);
    expect(denied.text).toContain('<html>');
    const unknown = await get('/system/v1/agent/nope-S7/logs/v1/range/');
    expect(unknown).toMatchObject({ status: 404, text: '404 Not Found: agent `nope-S7` unknown.\n' });
    expect((await get(`${base()}/range`)).status).toBe(404); // the trailing slash is required
    // Admin Router wrote its audit lines for these requests into the answering master's journal.
    const j = iam.logs!.journal('127.0.0.1');
    const all = Array.from({ length: j.lastSeq - j.firstSeq + 1 }, (_, k) => j.at(j.firstSeq + k)!.fields.MESSAGE ?? '');
    expect(all.some((m) => m.includes('object=dcos:adminrouter:ops:system-logs action=full result=deny') && m.includes('uid=nobody-much'))).toBe(true);
  });

  it('filters: values of one field ORed, fields ANDed; an unknown field filters nothing; a bad one is 400', async () => {
    const f = (q: string) => get(`${base()}/range/?${q}`);
    expect(messages(await f('filter=_SYSTEMD_UNIT:dcos-mesos-slave.service'))).toEqual(['m1', 'm3', 'm5', 'm7', 'm9']);
    expect(messages(await f('filter=SYSLOG_IDENTIFIER:b&filter=SYSLOG_IDENTIFIER:nothing'))).toEqual(['m0', 'm3', 'm6', 'm9']);
    expect(messages(await f('filter=_SYSTEMD_UNIT:dcos-mesos-slave.service&filter=syslog_identifier:b'))).toEqual(['m3', 'm9']);
    expect(messages(await f('filter=NO_SUCH_FIELD:x'))).toHaveLength(10);
    expect((await f('filter=_SYSTEMD_UNIT')).status).toBe(400);
    expect((await f('filter=A:b:c')).status).toBe(400);
    expect((await f('filter=_SYSTEMD_UNIT:none.service')).status).toBe(204);
  });

  it('cursor: strictly after it; skip_prev: the last N, or back from the cursor; skip_next starts at the Nth; read_reverse', async () => {
    const r = (q: string) => get(`${base()}/range/?${q}`);
    const enc = encodeURIComponent;
    expect(messages(await r(`cursor=${enc(nth(cursors, 6))}`))).toEqual(['m7', 'm8', 'm9']);
    expect(messages(await r(`cursor=${enc(nth(cursors, 6))}&limit=1`))).toEqual(['m7']);
    const last = await r('skip_prev=3');
    expect(messages(last)).toEqual(['m7', 'm8', 'm9']);
    expect(last.headers['x-journal-skip-prev']).toBe('3');
    const back = await r(`cursor=${enc(nth(cursors, 6))}&skip_prev=2&limit=1`);
    expect(messages(back)).toEqual(['m4']);
    const head = await r(`cursor=${enc(nth(cursors, 2))}&skip_prev=50&limit=1`);
    expect([messages(head), head.headers['x-journal-skip-prev']]).toEqual([['m0'], '2']);
    expect(messages(await r('skip_next=3&limit=2'))).toEqual(['m2', 'm3']);
    expect(messages(await r('skip_prev=1&read_reverse=true&limit=3'))).toEqual(['m9', 'm8', 'm7']);
    expect(messages(await r(`cursor=${enc(nth(cursors, 3))}&read_reverse=true`))).toEqual(['m2', 'm1', 'm0']);
  });

  it('bad cursors are 500s, and an unencoded one breaks on `;`', async () => {
    expect((await get(`${base()}/range/?cursor=garbage`)).status).toBe(500);
    expect((await get(`${base()}/range/?cursor=${cursors[1]}`)).status).toBe(500);
    const other = iam.logs!.journal('127.0.0.2').append({ message: 'x', unit: 'dcos-mesos-master.service' }).cursor;
    expect((await get(`${base()}/range/?cursor=${encodeURIComponent(other)}`)).status).toBe(500);
  });

  it('Accept is compared exactly: JSON lines, events, or text without cursors', async () => {
    const json = await get(`${base()}/range/?limit=2`);
    expect(json.headers['content-type']).toBe('application/json');
    expect(lines(json)[0]).toMatchObject({ cursor: cursors[0], fields: { MESSAGE: 'm0', _HOSTNAME: 'dcos-agent-2' } });
    expect(typeof lines(json)[0]?.realtime_timestamp).toBe('number');
    const sse = await get(`${base()}/range/?limit=1`, { accept: 'text/event-stream' });
    expect(sse.text).toBe(`id: ${cursors[0]}\ndata: ${json.text.split('\n')[0]}\n\n`);
    const text = await get(`${base()}/range/?limit=1`, { accept: 'application/json; charset=utf-8' });
    expect(text.text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: m0\n$/);
  });

  it('the stream: no read_reverse or limit; Last-Event-ID resumes strictly after it; pings while idle', async () => {
    expect((await get(`${base()}/stream/?read_reverse=false`, { accept: 'text/event-stream' })).status).toBe(400);
    expect((await get(`${base()}/stream/?limit=5`, { accept: 'text/event-stream' })).status).toBe(400);
    const s = await get(`${base()}/stream/?skip_prev=9&cursor=x`, { accept: 'text/event-stream', lastEventId: cursors[7], until: (t) => t.includes(': ping') });
    expect(s.status).toBe(200);
    expect(s.text.match(/^data: .*$/gm)?.map((d) => JSON.parse(d.slice(6)).fields.MESSAGE)).toEqual(['m8', 'm9']);
    expect(s.text).toContain(`id: ${cursors[9]}\n`);
  });

  it('each master answers at its own loopback address with its own journal (the certificate covers it)', async () => {
    iam.logs!.journal('127.0.0.3').append({ message: 'only on master 3', unit: 'dcos-mesos-master.service' });
    const g = await get('/system/v1/logs/v1/range/?filter=_SYSTEMD_UNIT:dcos-mesos-master.service', { host: '127.0.0.3' });
    expect(messages(g)).toEqual(['only on master 3']);
    expect(lines(g)[0]?.fields._HOSTNAME).toBe('dcos-master-3');
    const leader = await get('/system/v1/leader/mesos/logs/v1/range/?filter=_SYSTEMD_UNIT:dcos-mesos-master.service');
    expect(messages(leader)).not.toContain('only on master 3');
  });
});
