// The loop's frame when the scan has a verdict to give: the empty list says what `scan` would
// ("No verdict: …" and the warnings), not that it waits; with findings, input read only in part is
// one banner line; a small terminal keeps its key bar; a re-read starts again from the wait.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { ScanWarning } from '../../src/core/types.js';
import type { LiveSnapshot, ScanJob, StartScan } from '../../src/ui/ports.js';
import { finding, UID } from '../core/session/helpers.js';
import { mount, until } from './harness.js';

const HEAD = 'No verdict: every audit line read was malformed (see the warning below).';
const MALFORMED: ScanWarning = { kind: 'untrusted-audit-lines', source: null, message: 'every audit line read (2) was malformed: not one allow or deny could be counted' };
const TRUNC: ScanWarning = { kind: 'truncated-while-read', source: '/logs/a.log', message: '/logs/a.log ended at 10 bytes, short of the 20 it had when opened' };
const WAITING = 'waiting for audit lines';

const unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts.splice(0)) u();
});

const snap = (o: Partial<LiveSnapshot>): LiveSnapshot => ({
  version: 1, findings: [], authFailures: [], sources: [{ label: 'j.log', state: 'done', bytes: 300, size: 300 }], errors: [], lines: 3, denyLines: 0, done: true, ...o,
});

/** Each start hands out the next snapshot (the last one again after that), its job already done or live. */
function scans(...snaps: LiveSnapshot[]) {
  let n = 0;
  const start: StartScan = (): ScanJob => {
    const s = snaps[Math.min(n++, snaps.length - 1)]!;
    return { done: s.done ? Promise.resolve() : new Promise(() => undefined), snapshot: () => s };
  };
  return { start, starts: () => n };
}

function setup(start: StartScan, size = { cols: 80, rows: 24 }) {
  const m = mount(
    <App uid={UID} startScan={start} grants={null} exporter={null} sessionId="s" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => undefined} flushMs={5} />,
    size,
  );
  unmounts.push(m.unmount);
  return m;
}

describe('the loop gives the scan\'s verdict', () => {
  it('done without findings: the CLI\'s headline and the warning, not the wait', async () => {
    const m = setup(scans(snap({ headline: HEAD, warnings: [MALFORMED] })).start);
    await m.see(HEAD);
    // The warning wraps at the width: its lines, joined, are the message.
    const lines = m.frame().split('\n');
    const at = lines.findIndex((l) => l.startsWith('warning: '));
    expect(lines.slice(at, at + 2).join(' ').replace(/\s+/g, ' ')).toBe(`warning: ${MALFORMED.message}`);
    expect(m.frame()).not.toContain(WAITING);
    expect(m.frame()).not.toContain('waiting for denials');
    expect(m.frame()).toContain('the scan ended: r re-reads the sources');
    expect(m.frame()).not.toContain('input read only in part');
  });

  it('on a small terminal the headline and warnings give way, the key bar stays', async () => {
    const m = setup(scans(snap({ headline: HEAD, warnings: [MALFORMED, TRUNC] })).start, { cols: 50, rows: 12 });
    await m.see('No verdict: every audit line read was');
    const lines = m.frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.every((l) => l.length <= 50)).toBe(true);
    expect(lines.at(-1)).toMatch(/q quit/);
    expect(m.frame()).toMatch(/… \d+ more line\(s\)/);
  });

  it('with findings, input read only in part is one banner line; without such a warning, none', async () => {
    const f = finding('dcos:mesos:master:framework:role:cassandra-role', 'create');
    const m = setup(scans(snap({ findings: [f], denyLines: 1, headline: 'No permission denials found.', warnings: [TRUNC] })).start);
    await m.see('cassandra-role');
    const banner = m.frame().split('\n').filter((l) => l.includes('input read only in part'));
    expect(banner).toEqual([expect.stringMatching(/^input read only in part: 1 warning — \/logs\/a\.log ended at 10 bytes, .*…$/)]);
    expect(banner[0]!.length).toBeLessThanOrEqual(80);
    const plain = setup(scans(snap({ findings: [f], denyLines: 1, warnings: [{ kind: 'no-audit-lines', source: null, message: 'x' }] })).start);
    await plain.see('cassandra-role');
    expect(plain.frame()).not.toContain('input read only in part');
  });

  it('r re-reads: the new scan starts from the wait, the old verdict gone', async () => {
    const s = scans(snap({ headline: HEAD, warnings: [MALFORMED] }), snap({ done: false, version: 1, sources: [{ label: 'j.log', state: 'reading', bytes: 0, size: 300 }] }));
    const m = setup(s.start);
    await m.see(HEAD);
    await m.press('r');
    await until('the second scan', () => s.starts() === 2);
    await m.see(WAITING);
    expect(m.frame()).not.toContain('No verdict');
    expect(m.frame()).not.toContain(MALFORMED.message);
  });
});
