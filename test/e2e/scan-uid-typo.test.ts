// A mistyped --uid on a log where the real account was only ever allowed: told it was never seen,
// with the principals the allows show and the near one (docs/verdicts.md, "A --uid never seen").
// Whole-program, needs `npm run build`.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, run, tempDir, writeFile } from '../iam/helpers.js';

const adminRouter = (i: number, uid: string) =>
  `2024-05-14T09:03:${String(i % 60).padStart(2, '0')}+0000 master-1 nginx[1240]: 2024/05/14 09:03:22 [notice] 1240#0: *${300 + i} [lua] auth.lua:186: auditlog(): type=audit timestamp=2024-05-14T09:03:22Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=allow reason="IAM PQ response" srcip=10.0.9.9 srcport=40312 request_uri=/mesos/master/state uid=${uid}, client: 10.0.9.9, server: master.mesos, request: "GET /mesos/master/state HTTP/1.1", host: "10.0.0.1"`;
const mesos = (i: number, uid: string) =>
  `2024-05-14T09:02:${String(i % 60).padStart(2, '0')}+0000 master-1 mesos-master[3708]: I0514 09:02:45.148534  3708 logfmt.cpp:178] dstip=10.0.0.1 type=audit timestamp=2024-05-14 09:02:45.148481024+00:00 reason="Authorized" uid="${uid}" object="dcos:mesos:master:task:app_id:/dev/x" agent="x/1" authorizer="mesos-master" action="create" result=allow srcip=10.0.4.21 dstport=5050 srcport=51240`;

const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

async function scan(uid: string, format: string[] = []) {
  const t = tempDir('a2g-uid-typo-');
  dirs.push(t);
  // Only allows: svc-target's through Admin Router, dcos_marathon's through Mesos; no denial at all.
  const log = writeFile(t.dir, 'allows.log', Array.from({ length: 10 }, (_, i) => (i % 2 ? adminRouter(i, 'svc-target') : mesos(i, 'dcos_marathon'))).join('\n') + '\n');
  return run(['scan', log, '--uid', uid, ...format], cleanEnv(t.dir));
}

describe('a --uid never seen on a log of allows only', () => {
  it('a typo: the warning names the principals seen and the near one; the headline says no verdict, it may be mistyped', async () => {
    const r = await scan('svc-tagret');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('audit2grant: warning: --uid svc-tagret was never seen: no denial, and not a principal of the 10 allowed request(s) read: dcos_marathon (5), svc-target (5); did you mean --uid svc-target?');
    expect(r.stdout).toMatch(/^No verdict: --uid svc-tagret may be mistyped \(did you mean --uid svc-target\?\); see the warning on stderr\./);
    const j = await scan('svc-tagret', ['--format', 'json']);
    expect(JSON.parse(j.stdout).warnings).toEqual([expect.objectContaining({ kind: 'uid-not-seen', message: expect.stringContaining('did you mean --uid svc-target?') })]);
  });

  it('the real account, all of whose requests were allowed: no warning, a plain verdict', async () => {
    const r = await scan('svc-target');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning');
    expect(r.stdout).toMatch(/^No permission denials found\.$/m);
  });
});
