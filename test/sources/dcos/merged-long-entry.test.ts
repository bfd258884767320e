// Two masters read into ONE merged stream through the sandbox's logging API over real HTTPS: one has
// an audit entry over the 1 MiB line cap, the other a denial. The denial is found and is the other
// master's; the long entry is not scanned and the scan says so (`long-lines-cut`), as it does for
// the same line in a file or over SSH.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../../src/core/types.js';
import { runScan } from '../../../src/pipeline/scan.js';
import type { DcosCluster } from '../../../src/sources/dcos/connect.js';
import { untilWith } from '../../helpers/wait.js';
import { denial, logCluster, type LogCluster } from './helpers.js';

const until = untilWith({ timeoutMs: 15_000, intervalMs: 10 });
const LONG = 'x'.repeat(MAX_LINE_BYTES + (MAX_LINE_BYTES >> 1));

describe('dcos:// merged stream: an entry over the line cap on one node', () => {
  let c: LogCluster;
  let reader: DcosCluster;
  beforeAll(async () => {
    c = await logCluster();
    reader = await c.reader('log-reader');
    const logs = c.iam.logs!;
    longDenial('127.0.0.1', 'dcos-master-1');
    logs.writeLines('127.0.0.1', denial('svc-a', 'dcos:mesos:master:framework:role:a'));
    logs.writeLines('127.0.0.2', denial('svc-b', 'dcos:mesos:master:framework:role:b', { host: 'dcos-master-2' }));
  });
  afterAll(() => c?.close());

  const longDenial = (node: string, host: string): void => {
    const [line] = denial('svc-long', 'dcos:mesos:master:framework:role:long', { host });
    c.iam.logs!.append(node, { unit: 'dcos-mesos-master.service', ident: 'mesos-master', message: `${line!} ${LONG}` });
  };

  it.each([true, false])('merge %s: the other node\'s denial is whole and its own, the long entry is counted cut', async (merge) => {
    const r = await runScan({
      sources: ['dcos://127.0.0.1', 'dcos://127.0.0.2'],
      filter: { uids: ['svc-long', 'svc-a', 'svc-b'], since: null, until: null },
      year: null,
      signal: new AbortController().signal,
      dcos: { cluster: reader, reconnectBaseMs: 20, merge },
    });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.uid} ${f.hosts.join(',')} ${f.count}`).sort()).toEqual(['svc-a dcos-master-1 1', 'svc-b dcos-master-2 1']);
    const cut = (r.warnings ?? []).filter((w) => w.kind === 'long-lines-cut');
    expect(cut.map((w) => w.message.match(/: (\d+) line\(s\)/)?.[1])).toEqual(['1']);
    expect(cut[0]?.source).toBe(merge ? 'dcos://{127.0.0.1,127.0.0.2}' : 'dcos://127.0.0.1');
  }, 30_000);

  it('following, on the event stream: the same', async () => {
    const logs = c.iam.logs!;
    const ac = new AbortController();
    const seen = new Map<string, string>();
    const done = runScan({
      sources: ['dcos://127.0.0.1', 'dcos://127.0.0.2'],
      filter: { uids: ['svc-long', 'svc-a', 'svc-b', 'svc-c', 'svc-d'], since: null, until: null },
      year: null,
      signal: ac.signal,
      follow: true,
      dcos: { cluster: reader, reconnectBaseMs: 20 },
      onFinding: (u) => seen.set(u.finding.uid, u.finding.hosts.join(',')),
    });
    await until('the history read', () => seen.has('svc-a') && seen.has('svc-b'));
    await until('both streams open', () => logs.openStreams >= 2);
    longDenial('127.0.0.2', 'dcos-master-2');
    logs.writeLines('127.0.0.1', denial('svc-c', 'dcos:mesos:master:framework:role:c'));
    logs.writeLines('127.0.0.2', denial('svc-d', 'dcos:mesos:master:framework:role:d', { host: 'dcos-master-2' }));
    await until('the denials after the long entry', () => seen.has('svc-c') && seen.has('svc-d'));
    ac.abort();
    const r = await done;
    expect(r.errors).toEqual([]);
    expect([...seen].sort()).toEqual([['svc-a', 'dcos-master-1'], ['svc-b', 'dcos-master-2'], ['svc-c', 'dcos-master-1'], ['svc-d', 'dcos-master-2']]);
    // The history's long entry and the stream's.
    const cut = (r.warnings ?? []).filter((w) => w.kind === 'long-lines-cut');
    expect(cut.map((w) => `${w.source} ${w.message.match(/: (\d+) line\(s\)/)?.[1]}`)).toEqual(['dcos://{127.0.0.1,127.0.0.2} 2']);
  }, 30_000);
});
