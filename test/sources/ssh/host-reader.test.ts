// The node reader's edge cases against in-process fake nodes: old systemd's JSON layout, backpressure
// vs the command timeout, journalctl's status behind many warnings, and stopping a merged stream.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { SourceProgress } from '../../../src/core/types.js';
import type { SourceStream } from '../../../src/sources/index.js';
import { EXIT_MARKER } from '../../../src/sources/ssh/command.js';
import { cursorOf, StderrLog } from '../../../src/sources/ssh/host-reader.js';
import { openSshSources } from '../../../src/sources/ssh/index.js';
import { jsonLine, spaced } from './fake-node.js';
import { collect, isolated, lines, useFakeNodes } from './helpers.js';
import { nth } from '../../helpers/nth.js';

const fixture = useFakeNodes();
const { trust, node } = fixture;

const journal = (n: number, host = 'node'): string[] =>
  Array.from({ length: n }, (_, i) => jsonLine(i + 1, i % 3 === 0 ? `noise ${i}` : `x type=audit object=dcos:a${i} result=deny uid=u${i}`, host));

describe('cursorOf', () => {
  it.each([
    ['compact (systemd ≥ 240)', '{"__CURSOR":"s=ab;i=1f","MESSAGE":"x"}', 's=ab;i=1f'],
    ['spaced (systemd 219)', '{ "__CURSOR" : "s=ab;i=1f", "MESSAGE" : "x" }', 's=ab;i=1f'],
    ['tabs and several spaces', '{\t"__CURSOR"\t:  "s=c;i=2" }', 's=c;i=2'],
    ['no cursor', '{ "MESSAGE" : "x" }', null],
    ['key without a string value', '{ "__CURSOR" : 12 }', null],
    ['cut before the value ends', '{ "__CURSOR" : "s=ab', null],
  ])('%s', (_name, line, want) => {
    expect(cursorOf(Buffer.from(line))).toBe(want);
  });
});

describe('old systemd (spaced -o json)', () => {
  it('a dropped read resumes after the last complete line: no line read twice', async () => {
    const data = journal(40);
    const n = await node({ lines: data, dropAfter: 7, spacedJson: true });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { reconnectBaseMs: 10 }));
    expect(c.errors).toEqual([]);
    expect(lines(nth(c.streams, 0).text)).toEqual(data.filter((l) => l.includes('type=audit')).map(spaced));
    expect(n.commands).toHaveLength(2);
    expect(n.commands[1]).toContain('--after-cursor=s=fake;i=11');
  });
});

describe('a node whose connection drops', () => {
  it('before any output, each time: the node fails after maxReconnects, not reconnecting forever', async () => {
    const n = await node({ lines: journal(5), dropAtStart: true });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { reconnectBaseMs: 5, maxReconnects: 3 }));
    expect(c.errors.map((e) => e.message)).toEqual(['connection to 127.0.0.1 lost (connection closed); gave up after 3 reconnects']);
    expect(n.commands).toHaveLength(4);
  });
  it('following, before any output, each time: it fails too (each started session had reset the count: it reconnected forever)', async () => {
    const n = await node({ lines: journal(5), dropAtStart: true });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { follow: true, reconnectBaseMs: 5, maxReconnects: 3 }));
    expect(c.errors.map((e) => e.message)).toEqual(['connection to 127.0.0.1 lost (connection closed); gave up after 3 reconnects']);
    expect(n.commands).toHaveLength(4);
  });
  it('after a cursor it cannot resume from: the node fails, naming it (no internal error)', async () => {
    const bad = JSON.stringify({ __CURSOR: "s=1;i=1'$(touch x)", __REALTIME_TIMESTAMP: '1551441600000000', _HOSTNAME: 'node', _SYSTEMD_UNIT: 'dcos-adminrouter.service', SYSLOG_IDENTIFIER: 'nginx', MESSAGE: 'x type=audit object=dcos:a result=deny uid=u' });
    const n = await node({ lines: journal(2), firstThenDrop: bad });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { reconnectBaseMs: 5 }));
    expect(c.errors.map((e) => e.message)).toEqual([`127.0.0.1 sent a journal cursor that cannot be resumed from: invalid journal cursor "s=1;i=1'$(touch x)"`]);
    expect(n.commands).toHaveLength(1);
  });
});

describe('a node where journalctl never ran', () => {
  it.each([
    ['nologin (exit 1)', { says: 'This account is currently not available.', code: 1 }],
    ['a forced command that prints a banner (exit 0)', { says: 'Welcome to the bastion', code: 0 }],
  ])('%s: the node fails, naming what it said (its silence is no "no denials")', async (_n, forced) => {
    const n = await node({ lines: journal(5), forced });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { reconnectBaseMs: 5 }));
    expect(c.errors.map((e) => e.message)).toEqual([`journalctl did not run on 127.0.0.1: the session ended (exit ${forced.code}) without the status audit2grant's command reports: ${forced.says} (a forced command or a shell that runs no commands for tester?)`]);
  });
  it('a wrapper that runs journalctl itself, its stderr elsewhere: the lines prove journalctl ran (read, no failure)', async () => {
    const n = await node({ lines: journal(5), forced: { says: 'wrapped', code: 0, lines: true } });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { reconnectBaseMs: 5 }));
    expect(c.errors).toEqual([]);
    expect(lines(nth(c.streams, 0).text)).toHaveLength(3);
  });
  it('--sudo without sudo there: sudo is named, not journalctl', async () => {
    const n = await node({ lines: journal(5), sudoMissing: true });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { sudo: true }));
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^sudo not found on 127\.0\.0\.1 \(--sudo\)/)]);
  });
});

describe('a known_hosts that is no regular file', () => {
  it('a FIFO is refused at once (reading it would block past any signal); /dev/null is an empty file', async () => {
    const n = await node({ lines: journal(2) });
    trust(n.port);
    const fifo = join(fixture.home.dir, 'kh-fifo');
    execFileSync('mkfifo', [fifo]);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { knownHosts: fifo }));
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(/cannot read known_hosts .*kh-fifo: not a regular file/)]);
    const d = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { knownHosts: '/dev/null' }));
    expect(d.errors.map((e) => e.message)).toEqual([expect.stringMatching(/host key/i)]); // unknown there, so refused
    expect(n.commands).toHaveLength(0);
  });
});

describe("journalctl's status behind many warnings", () => {
  const warn = 'w'.repeat(999) + '\n';
  it.each<[string, string[], number | null]>([
    ['marker alone', [`${EXIT_MARKER}3\n`], 3],
    ['after 20 KiB of warnings', [...Array<string>(20).fill(warn), `${EXIT_MARKER}1\n`], 1],
    ['cut between two chunks', [...Array<string>(20).fill(warn), `${EXIT_MARKER.slice(0, 10)}`, `${EXIT_MARKER.slice(10)}4`, '2\n'], 42],
    ['no newline at the very end', [warn, `${EXIT_MARKER}5`], 5],
    ['no marker', [warn], null],
  ])('StderrLog: %s', (_name, chunks, want) => {
    const log = new StderrLog();
    for (const c of chunks) log.add(c);
    expect(log.finalStatus()).toBe(want);
    expect(log.text.length).toBeLessThan(8192 + 4096 + 1000 + 2);
  });
  it('a journalctl that fails after more than 8 KiB of warnings is a failure, naming its error', async () => {
    const n = await node({ lines: journal(10), warnBytes: 20_000, journalctlStatus: 1 });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home));
    expect(c.errors.map((e) => e.message)).toEqual(['journalctl failed on 127.0.0.1 (exit 1): Failed to iterate through journal: Bad message']);
  });
  it('the same warnings with a journalctl that succeeds: read, no error', async () => {
    const n = await node({ lines: journal(10), warnBytes: 20_000 });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home));
    expect(c.errors).toEqual([]);
    expect(lines(nth(c.streams, 0).text)).toEqual(journal(10).filter((l) => l.includes('type=audit')));
  });
});

describe('merged --follow stream', () => {
  it('when the consumer stops reading it, every node learns it: all channels close and the iteration ends', async () => {
    const a = await node({ lines: [jsonLine(1, 'type=audit a1', 'a'), jsonLine(2, 'type=audit a2', 'a')] });
    const b = await node({ lines: [jsonLine(1, 'type=audit b1', 'b'), jsonLine(2, 'type=audit b2', 'b')] });
    trust(a.port);
    trust(b.port);
    const urls = [a, b].map((x) => `ssh://127.0.0.1:${x.port}`);
    const ac = new AbortController();
    fixture.onStop(() => ac.abort());
    const progress: SourceProgress[] = [];
    const it = openSshSources(urls, { signal: ac.signal, year: null, ssh: isolated(fixture.home, { follow: true }), onProgress: (p) => progress.push(p) })[
      Symbol.asyncIterator
    ]();
    const s = (await it.next()).value as SourceStream;
    let got = 0;
    for await (const chunk of s.chunks) {
      got += lines(chunk.toString()).length;
      if (got >= 4) break; // both nodes are following now; stop reading (without ending the outer iteration)
    }
    // Bounded wait: the outer iteration ends once every node stopped (no abort involved).
    const ended = await Promise.race([it.next(), new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5000))]);
    expect(ended).toEqual({ done: true, value: undefined });
    expect(ac.signal.aborted).toBe(false);
    for (const url of urls) expect(progress.filter((p) => p.label === url).at(-1)?.state).toBe('done');
  });
});

describe('command timeout vs backpressure (per host)', () => {
  it('a node whose stream the consumer reads late is not timed out while its channel is paused', async () => {
    // ~60 KiB of matching lines per node, 8 KiB high water: both channels pause until read.
    const big = (host: string): string[] => Array.from({ length: 300 }, (_, i) => jsonLine(i + 1, `type=audit object=dcos:${'x'.repeat(80)}${i} result=deny`, host));
    const a = await node({ lines: big('a') });
    const b = await node({ lines: big('b') });
    trust(a.port);
    trust(b.port);
    const texts: string[] = [];
    const errors: string[] = [];
    const ssh = isolated(fixture.home, { commandTimeoutMs: 700, highWaterBytes: 8192, concurrency: 2 });
    for await (const item of openSshSources([a, b].map((x) => `ssh://127.0.0.1:${x.port}`), { signal: new AbortController().signal, year: null, ssh })) {
      if (!('chunks' in item)) {
        errors.push(item.message);
        continue;
      }
      // The consumer is busy elsewhere for longer than the timeout before it reads this node.
      await new Promise((r) => setTimeout(r, 1200));
      const parts: Buffer[] = [];
      for await (const c of item.chunks) parts.push(c);
      texts.push(Buffer.concat(parts).toString());
    }
    expect(errors).toEqual([]);
    expect(texts.map((t) => lines(t).length)).toEqual([300, 300]);
  });
});
