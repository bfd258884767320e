// runScan --follow over an ssh:// node (in-process fake node) and a followed file at once: both
// live, both flushed when quiet (each one's only denial shows with no line after it).
import { describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/core/types.js';
import { runScan } from '../../src/pipeline/scan.js';
import { jsonLine } from '../sources/ssh/fake-node.js';
import { isolated, useFakeNodes } from '../sources/ssh/helpers.js';
import { untilWith } from '../helpers/wait.js';
import { ar } from './lines.js';

const fixture = useFakeNodes();
const until = untilWith({ timeoutMs: 8000, intervalMs: 10 });

/** The Admin Router message of a deny line (what journald holds in MESSAGE). */
const message = (uid: string, rid: string) => ar({ uid, rid }).replace(/^.*? nginx\[1240\]: /, '');

describe('runScan --follow: ssh and a file together', () => {
  it('scans both live, flushes each when quiet, and stops both on abort', async () => {
    const n = await fixture.node({ lines: [jsonLine(1, message('ssh-1', 'dcos:adminrouter:ops:mesos'), 'm1')] });
    fixture.trust(n.port);
    const f = join(fixture.home.dir, 'j.log');
    writeFileSync(f, `${ar({ uid: 'file-1' })}\n`);

    const ac = new AbortController();
    fixture.onStop(() => ac.abort());
    const findings: Finding[] = [];
    const result = runScan({
      sources: [`ssh://127.0.0.1:${n.port}`, f],
      filter: { uids: [], since: null, until: null },
      year: 2019,
      signal: ac.signal,
      follow: true,
      followPollMs: 20,
      ssh: isolated(fixture.home),
      onFinding: (u) => u.isNew && findings.push(u.finding),
    });
    const has = (uid: string) => findings.some((x) => x.uid === uid);
    await until('the first denial of each source', () => has('ssh-1') && has('file-1'));
    n.append(jsonLine(2, message('ssh-2', 'dcos:adminrouter:ops:metadata'), 'm1'));
    appendFileSync(f, `${ar({ uid: 'file-2' })}\n`);
    await until('the appended denials', () => has('ssh-2') && has('file-2'));
    expect(n.commands[0]).toContain('--follow');
    ac.abort();
    const r = await result;
    expect(r.errors).toEqual([]);
    expect(r.stats).toMatchObject({ sources: 2, denyLines: 4 });
    expect(new Set(r.findings.map((x) => x.uid))).toEqual(new Set(['ssh-1', 'ssh-2', 'file-1', 'file-2']));
  });
});
