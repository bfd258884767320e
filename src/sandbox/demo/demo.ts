// The demo's world: the sandbox IAM, a service account with a fresh RS256 key pair, the simulated
// Cassandra-like service appending its journal (short-iso) to a file in a temp dir and to the
// leading master's journal behind the sandbox's logging API, and an optional state file (the uid's
// ACL entries and the service's stage) for tests and the curious.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectIam, type IamClient } from '../../iam/client.js';
import { startSandboxIam, type SandboxIam } from '../iam/index.js';
import { createService, neededPairs, type ServiceStatus, type SimulatedService } from '../service/index.js';

export const DEMO_UID = 'cassandra-sa';

export interface DemoOptions {
  /** Seconds between the service's attempts (default 2 s). */
  retryMs?: number;
  /** JSON file rewritten after every attempt: `{uid, aces, service}`. */
  stateFile?: string;
  /** Directory for the journal (default: a new temp dir, removed at close). */
  dir?: string;
}

export interface DemoWorld {
  uid: string;
  dir: string;
  journalPath: string;
  sandbox: SandboxIam;
  service: SimulatedService;
  /** The service's private key PEM (never printed; kept in memory only). */
  privateKeyPem: string;
  status(): ServiceStatus;
  /** The rights the service needs that its account does not hold now (an undo takes back what it reached its last stage with). */
  lacking(): Array<{ rid: string; action: string }>;
  close(): Promise<void>;
}

export interface DemoState {
  uid: string;
  aces: Array<{ rid: string; action: string }>;
  service: ServiceStatus;
}

/** Log in to the world's sandbox as its superuser, through the real IAM client (ledger in the world's dir). */
export function connectDemoIam(world: DemoWorld, signal: AbortSignal, onWarning?: (w: string) => void): Promise<IamClient> {
  return connectIam({
    flags: { clusterUrl: world.sandbox.httpsUrl, caCert: world.sandbox.caPath, loginUid: world.sandbox.superuser.uid },
    env: { DCOS_PASSWORD: world.sandbox.superuser.password },
    ledgerPath: join(world.dir, 'ledger.jsonl'),
    signal,
    onWarning,
  });
}

/** What a service that reached its last stage holds now: everything it needs, or not (`lacking`: what an undo took back since). */
function lastStage(lacking: ReadonlyArray<{ rid: string; action: string }>): string {
  if (!lacking.length) return 'The demo service reached its last stage with exactly the rights above.\n';
  const pairs = lacking.map((p) => `${p.rid} ${p.action}`).join(', ');
  return `The demo service reached its last stage, but no longer holds ${lacking.length} right(s) it needs (taken back since): ${pairs}; it is denied again when it uses them.\n`;
}

/** Where the service got to, for the end of both demos; the undo hint only after a session summary. */
export function demoEnding(st: ServiceStatus, summaryShown: boolean, lacking: ReadonlyArray<{ rid: string; action: string }> = []): string {
  const stage = st.done ? lastStage(lacking) : `The demo service stopped at stage ${st.stage + 1}/${st.stages} (${st.doing}).\n`;
  return summaryShown ? `${stage}The sandbox is gone with the demo; on a real cluster, \`audit2grant undo --session ID\` reverts a session.\n` : stage;
}

export async function startDemo(o: DemoOptions = {}): Promise<DemoWorld> {
  const ownDir = !o.dir;
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'audit2grant-demo-'));
  const sandbox = await startSandboxIam({ logs: true });
  let fh: FileHandle | null = null;
  try {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    sandbox.addServiceAccount(DEMO_UID, keys.publicKey);
    const journalPath = join(dir, 'dcos-master-1.journal.log');
    fh = await open(journalPath, 'a');
    const file = fh;
    await file.write(`-- Logs begin at ${new Date().toUTCString()}. --\n`);
    // Appends are serialised by the service (it awaits each write), so lines never interleave.
    const logs = sandbox.logs!;
    const write = async (lines: string[]) => {
      if (!lines.length) return;
      logs.writeLines(logs.leader, lines);
      await file.write(lines.join('\n') + '\n');
    };
    let saving: Promise<void> = Promise.resolve();
    const saveState = async (service: ServiceStatus) => {
      if (!o.stateFile) return;
      const state: DemoState = {
        uid: DEMO_UID,
        aces: sandbox.aces().filter((a) => a.uid === DEMO_UID).map(({ rid, action }) => ({ rid, action })),
        service,
      };
      const tmp = `${o.stateFile}.tmp`;
      await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
      await rename(tmp, o.stateFile);
    };
    const service = createService({
      uid: DEMO_UID,
      authorizer: sandbox,
      write,
      retryMs: o.retryMs ?? 2000,
      // A short authorizer cache: right after a grant, one more denial shows "propagation delay".
      cacheMs: Math.round((o.retryMs ?? 2000) * 1.25),
      // One save at a time, in order: two writes of the same tmp file at once left the longer
      // one's tail behind the shorter (a flaky test's "non-whitespace after JSON").
      onAttempt: (st) => void (saving = saving.then(() => saveState(st)).catch(() => undefined)),
    });
    service.start();
    let closed: Promise<void> | null = null;
    return {
      uid: DEMO_UID,
      dir,
      journalPath,
      sandbox,
      service,
      privateKeyPem: keys.privateKey,
      status: () => service.status(),
      lacking: () => neededPairs().filter((p) => !sandbox.isAllowed(DEMO_UID, p.rid, p.action)),
      close: () =>
        (closed ??= (async () => {
          await service.stop();
          await saving;
          await file.close().catch(() => undefined);
          await sandbox.close();
          if (ownDir) rmSync(dir, { recursive: true, force: true });
        })()),
    };
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await sandbox.close();
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
