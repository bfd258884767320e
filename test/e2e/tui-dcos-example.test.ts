// The detail pane's example of a finding read from the logging API (dcos://) shows the message,
// with its time and host, as for other sources, not the JSON envelope the API sends (review
// r-firstday, finding 4). Real terminal (tmux), the sandbox's IAM and logging API over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { denial } from '../sources/dcos/helpers.js';
import { BIN, isolatedEnv, q, tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-dcos-example');
const UID = 'svc';
const RID = 'dcos:mesos:master:framework:role:q1';

let iam: SandboxIam;
let dir: string;
beforeAll(async () => {
  iam = await startSandboxIam({ logs: true });
  iam.addUser(UID, 'svc-pw');
  dir = mkdtempSync(join(tmpdir(), 'a2g-dcos-example-'));
});
afterAll(async () => {
  server.kill();
  await iam?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_TMUX)('a dcos:// finding\'s example', () => {
  it('is the message with its time and host, not the JSON envelope', async () => {
    const logs = iam.logs!;
    logs.writeLines(logs.leader, denial(UID, RID, { host: 'dcos-master-1', now: Date.UTC(2026, 0, 2, 3, 4, 5) }));
    const s = server.session('example');
    const home = join(dir, 'home');
    const env = `${isolatedEnv(home)} DCOS_PASSWORD=${q(iam.superuser.password)}`;
    s.start(`mkdir -p ${q(home)} && cd ${q(home)} && ${env} ${q(process.execPath)} ${q(BIN)} dcos://leader --uid ${UID} --no-follow --cluster-url ${q(iam.httpUrl)} --login-uid ${iam.superuser.uid}; sleep 60`, 160, 40);
    const example = await s.until('the example', () => /^.*example: .*$/m.exec(s.pane())?.[0]);
    expect(example).toMatch(/example: 2026-01-02T03:04:05Z \S+ mesos-master\[\d+\]: I0102 03:04:05\.\d+ +\d+ \S+\] .*type=audit/);
    expect(example).not.toContain('__CURSOR');
    s.keys('q');
    s.kill();
  });
});
