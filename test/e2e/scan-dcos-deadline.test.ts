// End to end (needs `npm run build`): AUDIT2GRANT_LOG_DEADLINE reaches the dcos:// reads of the
// built CLI (docs/logging-api.md, "Time limits"): a logging API that trickles a page ends at it
// with the node named; a bad value is a usage error before anything is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run, tempDir } from '../iam/helpers.js';
import { fakeJwt } from '../helpers/hostile.js';
import { fakeLogCluster, type FakeLogCluster } from '../sources/dcos/fake-cluster.js';

describe('scan dcos:// with AUDIT2GRANT_LOG_DEADLINE (built CLI)', () => {
  let fake: FakeLogCluster;
  let env: NodeJS.ProcessEnv;
  const tmp = tempDir('a2g-deadline-');
  beforeAll(async () => {
    fake = await fakeLogCluster((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    env = cleanEnv(tmp.dir, { DCOS_URL: fake.server.url, DCOS_ACS_TOKEN: fakeJwt('log-reader') });
  });
  afterAll(async () => {
    await fake?.server.close();
    tmp.cleanup();
  });

  it('a trickled page ends at the deadline: the node is named with what to try; exit 1', async () => {
    const r = await run(['scan', 'dcos://leader'], { ...env, AUDIT2GRANT_LOG_DEADLINE: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^audit2grant: dcos:\/\/leader: no complete answer from 127\.0\.0\.1:\d+ within 1 s \(the total limit per logging-API request\): .*AUDIT2GRANT_LOG_DEADLINE=SECONDS/m);
  });

  it('a value that is not 1 to 3600 seconds: usage error, exit 2, nothing read', async () => {
    const before = fake.server.requests.length;
    const r = await run(['scan', 'dcos://leader'], { ...env, AUDIT2GRANT_LOG_DEADLINE: 'soon' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('audit2grant: AUDIT2GRANT_LOG_DEADLINE must be a number of seconds from 1 to 3600 (got "soon")\n  hint: e.g. AUDIT2GRANT_LOG_DEADLINE=120, or unset it for the default\n');
    expect(fake.server.requests.length).toBe(before);
  });
});
