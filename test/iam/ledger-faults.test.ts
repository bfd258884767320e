// Every applied grant is in the ledger, and undo takes it back, when the network misbehaves: the
// sandbox IAM applies a PUT and drops the connection, applies it and never answers, trickles, or
// rate-limits (docs/ledger.md). Real HTTP/HTTPS on loopback, real ledger files, ACLs checked on the sandbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam, type ConnectOptions, type IamClient } from '../../src/iam/client.js';
import { Ledger, undoableSessions, type LedgerLine } from '../../src/iam/ledger.js';
import { cleanEnv, tempDir } from './helpers.js';
import { nth } from '../helpers/nth.js';

let iam: SandboxIam;
let t: ReturnType<typeof tempDir>;
const clients: IamClient[] = [];
let warnings: string[];
const LOG = 'dcos:mesos:master:log';
const FLAGS = 'dcos:mesos:master:flags';

// A fresh sandbox per test (its keys are made once per process): no ACL or fault carries over.
beforeEach(async () => {
  iam = await startSandboxIam();
  iam.addUser('svc', 'svc-pw');
  iam.addUser('svc2', 'svc2-pw');
  iam.addUser('dcos_adminrouter', 'x-pw');
  t = tempDir('a2g-faults-');
  warnings = [];
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await iam?.close();
  t.cleanup();
});

async function connect(scheme: 'http' | 'https' = 'https', o: Partial<ConnectOptions> = {}, ledger = join(t.dir, 'state', 'ledger.jsonl')): Promise<IamClient> {
  const c = await connectIam({
    flags: { clusterUrl: scheme === 'http' ? iam.httpUrl : iam.httpsUrl, caCert: iam.caPath, loginUid: iam.superuser.uid },
    env: cleanEnv(t.dir, { DCOS_PASSWORD: iam.superuser.password }),
    ledgerPath: ledger,
    onWarning: (w) => warnings.push(w),
    backoffMs: 5,
    ...o,
  });
  clients.push(c);
  return c;
}

/** Grants made "behind the back" of the client under test (straight into the sandbox's state). */
function heldAlready(entries: Array<[uid: string, rid: string, action: string]>): void {
  iam.restore({ version: 1, serviceAccounts: [], acls: entries.map(([uid, rid, action]) => ({ rid, description: 'set by the test', users: { [uid]: [action] }, groups: {} })) });
}
const aces = (uid: string) => iam.aces().filter((a) => a.uid === uid).map((a) => `${a.rid} ${a.action}`).sort();
const aceRequests = (method: string, uid: string) => iam.requests.filter((r) => r.method === method && r.rawPath.includes(`/users/${uid}/`));

describe.each(['http', 'https'] as const)('a grant whose answer was lost (%s)', (scheme) => {
  it('is recorded as granted, in words that do not claim who granted it, and undo revokes it', async () => {
    const client = await connect(scheme);
    iam.faults.push({ kind: 'drop-after-apply', method: 'PUT', path: '/users/svc/read' });
    const g = await client.grant([{ uid: 'svc', rid: LOG, action: 'read' }, { uid: 'svc', rid: FLAGS, action: 'read' }], {});
    expect(g.results.map((r) => `${r.outcome} ${r.rid} ${r.detail}`)).toEqual([
      `granted ${LOG} the answer was lost and the retry found it held (409 ERR_ACE_EXISTS): not held when this session read the holdings, so granted by its lost request, or by someone else since; recorded as granted (\`audit2grant undo\` takes it back)`,
      `granted ${FLAGS} ACL created`,
    ]);
    expect(aceRequests('PUT', 'svc').map((r) => `${r.status} ${r.fault ?? ''}`)).toEqual(['204 drop-after-apply', '409 ', '204 ']);
    expect(aces('svc')).toEqual([`${FLAGS} read`, `${LOG} read`]);

    const { records } = client.ledger.read();
    expect(records.map((r) => `${r.op} ${r.outcome} ${r.rid}`)).toEqual([`grant granted ${LOG}`, `grant granted ${FLAGS}`]);
    expect(records.every((r) => r.id && !r.interrupted && r.session === client.sessionId)).toBe(true);

    const u = await client.undo();
    expect(u.session).toBe(client.sessionId);
    expect(u.results.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`revoked ${FLAGS}`, `revoked ${LOG}`]);
    expect(aces('svc')).toEqual([]);
    expect(undoableSessions(client.ledger.read().records)).toEqual([]);
  });
});

describe('interrupted or unanswered changes', () => {
  it('an undo whose DELETE answer is lost still counts as done (the retry finds it absent)', async () => {
    const client = await connect();
    await client.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {});
    iam.faults.push({ kind: 'drop-after-apply', method: 'DELETE', path: '/users/svc/read' });
    const u = await client.undo();
    expect(u.results.map((r) => r.outcome)).toEqual(['already absent']);
    expect(aces('svc')).toEqual([]);
    expect(undoableSessions(client.ledger.read().records)).toEqual([]);
  });

  it('a PUT applied but never answered: the pair fails as "may have been applied", the ledger says unknown, undo revokes it', async () => {
    const client = await connect('https', { deadlineMs: 500 });
    iam.faults.push({ kind: 'hang-after-apply', method: 'PUT', path: '/users/svc/read' });
    const g = await client.grant([{ uid: 'svc', rid: LOG, action: 'read' }, { uid: 'svc', rid: FLAGS, action: 'read' }], {});
    expect(g.results.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    expect(g.results[0]?.detail).toMatch(/^no complete answer from https:\/\/127\.0\.0\.1:\d+ to PUT \/acs\/api\/v1\/acls\/dcos:mesos:master:log\/users\/svc\/read within 0\.5s .*the IAM may have applied it: the ledger records it as unknown, and `audit2grant undo` takes it back$/);
    expect(g.results[1]?.detail).toBe('not attempted: stopped after an earlier error');
    expect(g.stopped?.message).toMatch(/within 0\.5s/);
    expect(aces('svc')).toEqual([`${LOG} read`]); // the IAM did apply it

    const { records } = client.ledger.read();
    expect(records.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`unknown ${LOG}`]); // the second pair sent nothing
    expect(nth(records, 0).interrupted).toBeUndefined();

    const u = await client.undo();
    expect(u.results.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`revoked ${LOG}`]);
    expect(aces('svc')).toEqual([]);
  });

  it('a trickling answer meets the time limit within bounds; the ledger says unknown; undo finds it absent', async () => {
    const client = await connect('http', { deadlineMs: 400 });
    iam.faults.push({ kind: 'trickle', intervalMs: 20, method: 'PUT', path: '/users/svc/read' });
    const t0 = performance.now();
    const g = await client.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {});
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(g.results[0]).toMatchObject({ outcome: 'failed' });
    expect(g.stopped?.message).toMatch(/to PUT \/acs\/api\/v1\/acls\/dcos:mesos:master:log\/users\/svc\/read within 0\.4s/);
    expect(client.ledger.read().records.map((r) => r.outcome)).toEqual(['unknown']);
    const u = await client.undo();
    expect(u.results.map((r) => r.outcome)).toEqual(['already absent']);
  });

  it('an intent with no outcome (the process died), the pair not held before: undo revokes the pair if the IAM has it, and is fine if not', async () => {
    heldAlready([['svc', LOG, 'read']]); // what the dead run applied
    const client = await connect();
    const at = { time: new Date().toISOString(), cluster: iam.httpsUrl, session: 'S-dead', uid: 'svc', action: 'read', op: 'grant', heldBefore: false } as const;
    client.ledger.write([
      { kind: 'intent', id: 'i1', ...at, rid: LOG },
      { kind: 'intent', id: 'i2', ...at, rid: FLAGS }, // died before sending it
    ]);
    const { records } = client.ledger.read();
    expect(records.map((r) => `${r.outcome} ${r.interrupted} ${r.rid}`)).toEqual([`unknown true ${LOG}`, `unknown true ${FLAGS}`]);
    const u = await client.undo();
    expect(u.session).toBe('S-dead');
    expect(u.results.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`already absent ${FLAGS}`, `revoked ${LOG}`]);
    expect(aces('svc')).toEqual([]);
    await expect(client.undo()).rejects.toThrow(/no session with grants left to undo/);
  });
});

describe('undo checks each record', () => {
  it('skips native-account and superuser records this tool did not grant in that session, and says so for the one it did', async () => {
    // What the IAM holds, granted legitimately by someone else.
    heldAlready([['svc', LOG, 'read'], ['svc', 'dcos:superuser', 'full'], ['svc2', 'dcos:superuser', 'full']]);
    const client = await connect();
    const at = { time: new Date().toISOString(), cluster: iam.httpsUrl, session: 'S', op: 'grant' } as const;
    const lines: LedgerLine[] = [
      { ...at, uid: 'svc', rid: LOG, action: 'read', outcome: 'granted', aclCreated: false },
      // Lines someone appended, claiming session S:
      { ...at, uid: 'dcos_adminrouter', rid: LOG, action: 'read', outcome: 'granted', aclCreated: false },
      { kind: 'intent', id: 'x1', ...at, uid: 'svc', rid: 'dcos:SuperUser', action: 'full' },
      // And one this tool did write (with --allow-dangerous): revoked, with a note.
      { kind: 'intent', id: 'x2', ...at, uid: 'svc2', rid: 'dcos:superuser', action: 'full' },
      { kind: 'outcome', id: 'x2', ...at, uid: 'svc2', rid: 'dcos:superuser', action: 'full', outcome: 'granted', aclCreated: false },
    ];
    client.ledger.write(lines);
    const u = await client.undo('S');
    expect(u.results.map((r) => `${r.outcome} ${r.uid} ${r.rid} ${r.detail}`)).toEqual([
      'revoked svc2 dcos:superuser ',
      `revoked svc ${LOG} `,
      'refused svc dcos:SuperUser not revoked: dcos:SuperUser is a DANGEROUS permission, and the ledger does not show that session S granted it (outcome unknown): check it by hand',
      `refused dcos_adminrouter ${LOG} not revoked: audit2grant never grants to the DC/OS native account dcos_adminrouter (only task:user rights to dcos_marathon/dcos_metronome), so this record is not one of its grants`,
    ]);
    expect(warnings).toContain('revoking dcos:superuser full from svc2: dcos:superuser is a DANGEROUS permission, and audit2grant granted exactly this in session S');
    expect(aces('svc')).toEqual(['dcos:superuser full']); // untouched
    expect(aces('svc2')).toEqual([]);
    expect(aceRequests('DELETE', 'dcos_adminrouter')).toEqual([]);
  });
});

describe('the ledger must be usable before anything is sent', () => {
  it('a ledger that is a symlink stops the batch with one line, and no change reaches the IAM', async () => {
    const path = join(t.dir, 'state', 'ledger.jsonl');
    const client = await connect('https', {}, path);
    client.ledger.ensureWritable(); // makes the directory
    const target = join(t.dir, 'target');
    writeFileSync(target, '');
    rmSync(path);
    symlinkSync(target, path);
    const before = iam.requests.length;
    await expect(client.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {})).rejects.toThrow(`the ledger ${path} is a symbolic link: refused`);
    expect(iam.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(new Ledger(target).read().records).toEqual([]);
  });
});

describe('429 Too Many Requests', () => {
  it('Retry-After honoured, then the grant goes through', async () => {
    const client = await connect('http');
    iam.faults.push({ kind: 'rate-limit', retryAfter: '0', method: 'PUT', path: '/users/svc/read' });
    const g = await client.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {});
    expect(g.results[0]).toMatchObject({ outcome: 'granted', detail: 'ACL created' });
    expect(aceRequests('PUT', 'svc').map((r) => r.status)).toEqual([429, 204]);
    expect(aces('svc')).toEqual([`${LOG} read`]);
  });

  it('429 forever fails that pair with the reason; the batch goes on; the ledger says failed (not maybe applied)', async () => {
    const client = await connect('http');
    iam.faults.push({ kind: 'rate-limit', retryAfter: '0', method: 'PUT', path: 'master:log/users/svc/read', times: Infinity });
    const g = await client.grant([{ uid: 'svc', rid: LOG, action: 'read' }, { uid: 'svc', rid: FLAGS, action: 'read' }], {});
    expect(g.results.map((r) => `${r.outcome} ${r.rid} ${r.detail}`)).toEqual([
      `failed ${LOG} rate limited: the IAM answered 429 Too Many Requests 5 times: try again later`,
      `granted ${FLAGS} ACL created`,
    ]);
    expect(g.stopped).toBeUndefined();
    expect(client.ledger.read().records.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`failed ${LOG}`, `granted ${FLAGS}`]);
    const u = await client.undo();
    expect(u.results.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`revoked ${FLAGS}`]);
  });
});
