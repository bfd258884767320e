// `unused` says the sources' notes on stderr as `scan` does (the leader route, masters read over
// HTTPS, an ssh config or TLS warning): it passed no onProgress, so they were never shown. The built
// CLI against the sandbox logging API, its leading master unreachable at its own address.
// Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../iam/helpers.js';
import { denial, logCluster, type LogCluster } from '../sources/dcos/helpers.js';

const USED = 'dcos:mesos:master:framework:role:used';

describe('audit2grant unused: the sources\' notes (built CLI, sandbox logging API)', () => {
  let c: LogCluster;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    c = await logCluster({ logs: { masters: ['127.0.0.1', '127.0.0.5'], leader: '127.0.0.5', offline: ['127.0.0.5'], streamIntervalMs: 40 } });
    c.iam.addUser('svc', 'svc-pw');
    await c.grant('svc', USED);
    for (const m of ['127.0.0.1', '127.0.0.5']) c.iam.logs!.writeLines(m, denial('svc', USED, { result: 'allow' }));
    env = cleanEnv(c.dir, { DCOS_URL: c.iam.httpsUrl, DCOS_ACS_TOKEN: c.su, DCOS_TLS_CA_PATH: c.iam.caPath });
  });
  afterAll(() => c?.close());

  it('the leader read through the leader route is said on stderr, once', async () => {
    const r = await run(['unused', '--uid', 'svc', 'dcos://masters', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).errors).toEqual([]);
    const note = 'audit2grant: masters unreachable at their own address: 127.0.0.5; reading the leader (127.0.0.5) through the leader route (dcos://leader)';
    expect(r.stderr.split('\n').filter((l) => l === note)).toHaveLength(1);
  });
});
