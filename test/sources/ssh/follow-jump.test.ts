// Follow mode (merged stream, reconnect + resume by cursor) and jump hosts, against in-process nodes.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceProgress } from '../../../src/core/types.js';
import type { SourceStream } from '../../../src/sources/index.js';
import { openSshSources } from '../../../src/sources/ssh/index.js';
import { jsonLine } from './fake-node.js';
import { collect, isolated, useFakeNodes } from './helpers.js';

const fixture = useFakeNodes();
const { trust, node } = fixture;
const audit = (i: number, host: string): string => jsonLine(i, `type=audit object=dcos:x${i} result=deny uid=svc`, host);

/** Read whole lines from the merged stream until `want` lines arrived (bounded by a timeout). */
async function readLines(s: SourceStream, want: number, onLine: (n: number) => void): Promise<string[]> {
  const got: string[] = [];
  for await (const chunk of s.chunks) {
    const text = chunk.toString('utf8');
    expect(text.endsWith('\n')).toBe(true); // whole lines only, never a cut one
    for (const l of text.split('\n').filter(Boolean)) {
      got.push(l);
      onLine(got.length);
    }
    if (got.length >= want) break;
  }
  return got;
}

describe('follow mode', () => {
  it('streams new lines from every node in one merged stream; a drop resumes with no loss and no duplicate', async () => {
    const a = await node({ lines: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => audit(i, 'a')), dropAfter: 4 });
    const b = await node({ lines: [1, 2, 3].map((i) => audit(i, 'b')) });
    trust(a.port);
    trust(b.port);
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 10_000);
    const progress: SourceProgress[] = [];
    const it = openSshSources([`ssh://127.0.0.1:${a.port}`, `ssh://127.0.0.1:${b.port}`], {
      signal: ac.signal,
      year: null,
      ssh: isolated(fixture.home, { follow: true, reconnectBaseMs: 20 }),
      onProgress: (p) => progress.push(p),
    })[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    const s = first.value as SourceStream;
    expect(s.meta.label).toBe(`ssh://{127.0.0.1,127.0.0.1}`);
    let appended = false;
    const got = await readLines(s, 13 + 4, (n) => {
      if (n === 13 && !appended) {
        appended = true; // everything old arrived: now new entries, on both nodes
        a.append(audit(11, 'a'));
        a.append(jsonLine(12, 'noise, filtered remotely', 'a'));
        b.append(audit(4, 'b'));
        a.append(audit(13, 'a'));
        b.append(audit(5, 'b'));
      }
    });
    clearTimeout(timer);
    ac.abort();
    const rest = await it.next(); // no failures: the iteration just ends
    expect(rest.done).toBe(true);
    const want = [...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13].map((i) => audit(i, 'a')), ...[1, 2, 3, 4, 5].map((i) => audit(i, 'b'))];
    expect([...got].sort()).toEqual([...want].sort());
    expect(a.commands).toHaveLength(2);
    expect(a.commands[1]).toContain('--after-cursor=s=fake;i=4');
    expect(a.commands[1]).toContain('--follow');
    expect(progress.some((p) => p.state === 'following')).toBe(true);
    expect(progress.some((p) => p.error?.startsWith('reconnecting'))).toBe(true);
  });

  it('gives up after the bounded reconnects and says so', async () => {
    const a = await node({ lines: [audit(1, 'a')] });
    trust(a.port);
    const url = `ssh://127.0.0.1:${a.port}`;
    const ac = new AbortController();
    const items: string[] = [];
    const timer = setTimeout(() => ac.abort(), 10_000);
    for await (const item of openSshSources([url], { signal: ac.signal, year: null, ssh: isolated(fixture.home, { follow: true, reconnectBaseMs: 10, maxReconnects: 2 }) })) {
      if ('chunks' in item) {
        for await (const c of item.chunks) {
          items.push(c.toString().trim());
          await a.close(); // the node goes away for good
        }
      } else items.push(`error: ${item.message}`);
    }
    clearTimeout(timer);
    expect(items[0]).toBe(audit(1, 'a'));
    expect(items[1]).toMatch(/^error: connection to 127\.0\.0\.1 lost.*gave up after 2 reconnects/);
    expect(items).toHaveLength(2);
  });
});

describe('jump hosts', () => {
  it('reaches a node through a jump host, verifying both host keys', async () => {
    const jump = await node();
    const target = await node({ lines: [audit(1, 't'), audit(2, 't')] });
    trust(target.port);
    const url = `ssh://127.0.0.1:${target.port}`;
    const refused = await collect([url], isolated(fixture.home, { jump: `127.0.0.1:${jump.port}` }));
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]?.message).toMatch(/^jump host 127\.0\.0\.1: host key of \[127\.0\.0\.1\]:\d+ is not in/);
    expect(target.commands).toEqual([]);
    trust(jump.port);
    const ok = await collect([url], isolated(fixture.home, { jump: `tester@127.0.0.1:${jump.port}` }));
    expect(ok.errors).toEqual([]);
    expect(ok.streams[0]?.text).toBe(`${audit(1, 't')}\n${audit(2, 't')}\n`);
    expect(jump.tunnels()).toBe(1);
    expect(jump.commands).toEqual([]);
  });

  it('ProxyJump from ~/.ssh/config', async () => {
    const jump = await node();
    const target = await node({ lines: [audit(1, 't')] });
    trust(target.port);
    trust(jump.port);
    const cfg = `${fixture.home.dir}/ssh_config`;
    writeFileSync(cfg, `Host node1\n  HostName 127.0.0.1\n  Port ${target.port}\n  ProxyJump bastion\nHost bastion\n  HostName 127.0.0.1\n  Port ${jump.port}\n`);
    const ok = await collect(['ssh://node1'], isolated(fixture.home, { sshConfigFile: cfg }));
    expect(ok.errors).toEqual([]);
    expect(ok.streams[0]?.text).toBe(`${audit(1, 't')}\n`);
    expect(jump.tunnels()).toBe(1);
  });
});
