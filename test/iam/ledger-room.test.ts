// An intent whose outcome cannot follow it reads back as "may be applied", and undo revokes it, even a
// pair the IAM held before (`already held`): so no intent is written without room for its outcome,
// and an outcome that could not be written is named with what undo would do (docs/ledger.md).
// Real HTTPS to the sandbox IAM, real ledger files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam, type IamClient } from '../../src/iam/client.js';
import { cleanEnv, loginToken, tempDir } from './helpers.js';

let iam: SandboxIam;
let t: ReturnType<typeof tempDir>;
let client: IamClient | undefined;
let warnings: string[];
const LOG = 'dcos:mesos:master:log';

beforeEach(async () => {
  iam = await startSandboxIam();
  iam.addUser('svc', 'svc-pw');
  t = tempDir('a2g-room-');
  warnings = [];
});
afterEach(async () => {
  client?.close();
  await iam.close();
  t.cleanup();
});

const ledgerAt = (): string => join(t.dir, 'state', 'ledger.jsonl');

async function connect(ledgerRoom?: number): Promise<IamClient> {
  client = await connectIam({
    flags: { clusterUrl: iam.httpsUrl, caCert: iam.caPath, loginUid: iam.superuser.uid },
    env: cleanEnv(t.dir, { DCOS_PASSWORD: iam.superuser.password }),
    ledgerPath: ledgerAt(),
    onWarning: (w) => warnings.push(w),
    ...(ledgerRoom !== undefined ? { ledgerRoom } : {}),
  });
  return client;
}

/**
 * The client's next `method` request of the pair is held while `meanwhile` runs (someone else's
 * change), then the ledger is swapped for a link: the outcome line cannot be written.
 */
function swapLedgerWhileHeld(method: string, meanwhile: () => Promise<unknown> = async () => undefined): void {
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  iam.faults.push({
    kind: 'hold',
    until,
    method,
    path: `${LOG}/users/svc/read`,
    onHit: () => {
      void meanwhile().then(() => {
        renameSync(ledgerAt(), `${ledgerAt()}.away`);
        symlinkSync(`${ledgerAt()}.away`, ledgerAt());
        release();
      });
    },
  });
}

describe('room for the outcome', () => {
  it('a file system with less free than the room kept sends nothing and writes no intent', async () => {
    const c = await connect(Number.MAX_SAFE_INTEGER);
    const g = await c.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {});
    expect(g.results).toEqual([expect.objectContaining({ outcome: 'failed', detail: expect.stringMatching(/^the file system of the ledger .* bytes free, less than the \d+ audit2grant keeps .*: this change was not sent/) })]);
    expect(g.stopped?.message).toMatch(/bytes free/);
    expect(iam.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(existsSync(ledgerAt()) ? readFileSync(ledgerAt(), 'utf8') : '').toBe('');
  });

  it('an `already held` outcome that could not be written says that undo of the session would revoke it', async () => {
    const c = await connect();
    const token = await loginToken(iam);
    // The check saw the pair not held; while the client's PUT waits, someone grants it and the ledger is swapped for a link.
    swapLedgerWhileHeld('PUT', () => fetch(`${iam.httpUrl}/acs/api/v1/acls/${LOG}/users/svc/read`, { method: 'PUT', headers: { authorization: `token=${token}` } }));
    const g = await c.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {});
    expect(g.results).toEqual([expect.objectContaining({ outcome: 'already held' })]);
    expect(warnings.at(-1)).toMatch(
      new RegExp(`the outcome of this grant of svc ${LOG} read is not recorded, so undo will treat it as maybe applied, though it ended already held: \`audit2grant undo --session ${c.sessionId}\` would revoke it, even if it was held before`),
    );
  });

  it("undo's own revoke whose outcome could not be written says that the next undo of the session sends it again", async () => {
    const c = await connect();
    const g = await c.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {});
    expect(g.results).toEqual([expect.objectContaining({ outcome: 'granted' })]);
    // While undo's DELETE waits, the ledger is swapped for a link: its outcome line cannot be written.
    swapLedgerWhileHeld('DELETE');
    const u = await c.undo(c.sessionId);
    expect(u.results).toEqual([expect.objectContaining({ outcome: 'revoked' })]);
    expect(warnings.at(-1)).toMatch(
      new RegExp(`the outcome of this revoke of svc ${LOG} read is not recorded: it does not count as done, so the next \`audit2grant undo --session ${c.sessionId}\` sends it again`),
    );
  });
});
