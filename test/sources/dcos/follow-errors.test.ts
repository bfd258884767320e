// --follow never ends, so a node's failure held back for the end of the merged stream was said only
// when the operator stopped the run: an agent refused (403) looked like a quiet one for as long as
// the run went on. It is said when it happens, once, and still counts in the run's errors (exit 1).
// The sandbox's logging API over real HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceError } from '../../../src/core/types.js';
import { runScan } from '../../../src/pipeline/scan.js';
import type { DcosCluster } from '../../../src/sources/dcos/connect.js';
import { untilWith } from '../../helpers/wait.js';
import { denial, LIST_RIDS, logCluster, type LogCluster } from './helpers.js';

const until = untilWith({ timeoutMs: 8_000, intervalMs: 10 });

describe('dcos:// --follow: a node that fails is said when it fails', () => {
  let c: LogCluster;
  let reader: DcosCluster;
  beforeAll(async () => {
    c = await logCluster();
    // The masters' logs, not the agent route: every agent answers 403.
    reader = await c.reader('masters-only', ['dcos:adminrouter:ops:system-logs', ...LIST_RIDS]);
  });
  afterAll(() => c?.close());

  it('the agents\' 403s reach onError while the masters are followed; each once in the result', async () => {
    const logs = c.iam.logs!;
    logs.writeLines(logs.leader, denial('svc-fe', 'dcos:mesos:master:framework:role:fe'));
    const ac = new AbortController();
    const said: SourceError[] = [];
    let found = false;
    const done = runScan({
      sources: ['dcos://all'],
      filter: { uids: ['svc-fe'], since: null, until: null },
      year: null,
      signal: ac.signal,
      follow: true,
      dcos: { cluster: reader, reconnectBaseMs: 20 },
      onError: (e) => said.push(e),
      onFinding: () => (found = true),
    });
    await until('the masters read and followed', () => found && logs.openStreams >= 3);
    await until('the agents\' errors, while following', () => said.length >= 3);
    expect(ac.signal.aborted).toBe(false);
    ac.abort();
    const r = await done;
    const agents = logs.agents.length;
    expect(said).toHaveLength(agents);
    expect(r.errors).toHaveLength(agents);
    for (const e of r.errors) expect(e.message).toMatch(/^dcos:\/\/\S+: masters-only may not read this node's logs \(403\)/);
  }, 30_000);
});
