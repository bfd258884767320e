// Two runs at once (docs/ledger.md, "A change still in flight"): a grant or revoke of a pair that another live run on this host
// is sending a change of (its intent written, no outcome yet) says so before anything is sent:
// what it finds of that pair may not hold once the other request lands. Real HTTP on loopback (a
// scripted IAM), a real ledger file, a real second process as the other run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { connectIam, type IamClient } from '../../src/iam/client.js';
import { Ledger } from '../../src/iam/ledger.js';
import { startMisbehavingIam, type MisbehavingIam } from '../helpers/misbehaving-iam.js';
import { cleanEnv, tempDir } from './helpers.js';

const LOG = 'dcos:mesos:master:log';
let t: ReturnType<typeof tempDir>;
let iam: MisbehavingIam | undefined;
let other: ChildProcess | undefined;
let client: IamClient | undefined;
let warnings: string[];

beforeEach(() => {
  t = tempDir('a2g-inflight-');
  warnings = [];
});
afterEach(async () => {
  client?.close();
  other?.kill('SIGKILL');
  await iam?.close();
  t.cleanup();
});

/** The other run: a live process, named in an intent of its own (pid, host, start) for `svc LOG read`. */
function otherRunSends(op: 'grant' | 'revoke', ledgerPath: string, cluster: string): number {
  other = spawn('sleep', ['60'], { stdio: 'ignore' });
  const pid = other.pid!;
  const pidStart = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[19]!;
  new Ledger(ledgerPath).write([{ kind: 'intent', id: 'other-1', time: new Date().toISOString(), cluster, session: 'other-session', uid: 'svc', rid: LOG, action: 'read', op, pid, host: hostname(), pidStart }]);
  return pid;
}

describe('a pair another run is changing right now', () => {
  it.each([['grant', 'revoke'], ['revoke', 'grant']] as const)('%s while another run sends a %s of it: said before anything is sent', async (op, theirs) => {
    iam = await startMisbehavingIam({ held: op === 'grant' ? [`svc ${LOG} read`] : [] });
    const ledgerPath = join(t.dir, 'state', 'ledger.jsonl');
    client = await connectIam({ flags: { clusterUrl: iam.url, token: 'static-token' }, env: cleanEnv(t.dir), ledgerPath, onWarning: (w) => warnings.push(w), backoffMs: 5 });
    const pid = otherRunSends(theirs, ledgerPath, client.clusterUrl);
    const r = op === 'grant' ? await client.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {}) : await client.revoke([{ uid: 'svc', rid: LOG, action: 'read' }]);
    expect(r.results.map((x) => x.outcome)).toEqual([op === 'grant' ? 'already held' : 'already absent']);
    expect(warnings).toEqual([
      `process ${pid} on this host is sending a ${theirs} of svc ${LOG} read right now (its answer is not recorded yet): what this ${op} finds of that pair may not hold once it lands; check with \`audit2grant history\` when that run has ended`,
    ]);
  });

  it('says nothing once that run has ended, nor of another pair', async () => {
    iam = await startMisbehavingIam({ held: [`svc ${LOG} read`] });
    const ledgerPath = join(t.dir, 'state', 'ledger.jsonl');
    client = await connectIam({ flags: { clusterUrl: iam.url, token: 'static-token' }, env: cleanEnv(t.dir), ledgerPath, onWarning: (w) => warnings.push(w), backoffMs: 5 });
    otherRunSends('revoke', ledgerPath, client.clusterUrl);
    await client.grant([{ uid: 'svc', rid: 'dcos:mesos:master:framework:role:x', action: 'create' }], {});
    const gone = new Promise((resolve) => other!.once('exit', resolve));
    other!.kill('SIGKILL');
    await gone;
    await client.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {});
    expect(warnings).toEqual([]);
  });
});
