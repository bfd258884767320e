// A dcos:// read whose nodes hold no audit line: the warning said "read journalctl -u 'dcos-*'
// there", advice for a file, while the logging API had just been asked for those units' entries.
// Real HTTP on 127.0.0.1: a cluster whose every journal is empty.
import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../helpers/hostile.js';
import { listingCluster, type FakeLogCluster } from './fake-cluster.js';
import { scanDcos } from './helpers.js';

let fake: FakeLogCluster | null = null;
afterEach(async () => {
  await fake?.server.close();
  fake = null;
});

async function quiet(): Promise<FakeLogCluster> {
  return listingCluster((req, res) => {
    if (req.url === '/mesos/master/slaves') json(res, 200, { slaves: [{ id: 'a-S1', pid: 'slave(1)@127.0.0.7:5051' }] });
    else if (req.url === '/mesos_dns/v1/hosts/master.mesos' || req.url === '/mesos_dns/v1/hosts/leader.mesos') json(res, 200, [{ ip: '127.0.0.1' }]);
    else return false;
    return true;
  });
}

const noAudit = (r: Awaited<ReturnType<typeof scanDcos>>): string | undefined => r.warnings.find((w) => w.kind === 'no-audit-lines')?.message;

describe('no audit line through the logging API', () => {
  it('one node: says what was asked of it, no journalctl advice', async () => {
    fake = await quiet();
    const r = await scanDcos(['dcos://agent/a-S1'], fake.cluster);
    expect(r.errors).toEqual([]);
    expect(noAudit(r)).toBe(
      'the journal output read holds no audit line (type=audit): nothing to find; the logging API was asked for the entries of the audit-writing dcos-* units (docs/logging-api.md) of the node read (dcos://agent/a-S1), and they hold none',
    );
  });

  it('with --since: the nodes were asked for the window only, so their silence is of that window', async () => {
    fake = await quiet();
    const since = Date.UTC(2030, 0, 1);
    const r = await scanDcos(['dcos://agent/a-S1'], fake.cluster, {}, { since });
    expect(noAudit(r)).toBe(
      'the journal output read holds no audit line (type=audit) in --since 2030-01-01T00:00:00.000Z: nothing to find; the logging API was asked for the entries of the audit-writing dcos-* units (docs/logging-api.md) of the node read (dcos://agent/a-S1), and they hold none in --since 2030-01-01T00:00:00.000Z; or widen --since 2030-01-01T00:00:00.000Z',
    );
  });

  it('dcos://all: the nodes read are named', async () => {
    fake = await quiet();
    const r = await scanDcos(['dcos://all'], fake.cluster);
    expect(noAudit(r)).toMatch(/dcos-\* units \(docs\/logging-api\.md\) of the 2 nodes read \(dcos:\/\/127\.0\.0\.1, dcos:\/\/127\.0\.0\.7\), and they hold none$/);
  });
});
