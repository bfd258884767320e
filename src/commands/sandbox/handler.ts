// `audit2grant sandbox`: the IAM emulator and the logging API of its simulated nodes in the
// foreground until Ctrl-C, with what a user needs to point a client at it, while the simulated
// service runs as the example account and writes its denials into the leader's journal. The
// credentials it prints belong to a throwaway local sandbox.
import { generateKeyPair } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OperationalError, UsageError } from '../../errors.js';
import { onCleanup } from '../../lifecycle.js';
import { createService, type SimulatedService } from '../../sandbox/service/index.js';
import { startSandboxIam, type SandboxIam } from '../../sandbox/iam/index.js';
import { readSnapshotFile, saveState } from '../../sandbox/iam/persist.js';

export interface RunSandboxOptions {
  port?: number;
  httpsPort?: number;
  tokenTtlSeconds?: number;
  serviceAccounts: Array<{ uid: string; publicKeyFile: string }>;
  stateFile?: string;
  /** Pause between the simulated service's attempts (default 2 s). */
  serviceRetryMs?: number;
  out: (text: string) => void;
  err: (text: string) => void;
}

export const EXAMPLE_SERVICE_UID = 'sandbox-service';
const generateRsa = promisify(generateKeyPair);

function q(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function banner(iam: SandboxIam, exampleUid: string, exampleKey: string | null): string {
  const su = iam.superuser;
  const loginCurl = `curl --cacert ${q(iam.caPath)} -X POST ${iam.httpsUrl}/acs/api/v1/auth/login -H 'Content-Type: application/json' -d '{"uid":"${su.uid}","password":"${su.password}"}'`;
  const lines = [
    'audit2grant sandbox: a local, throwaway emulation of the DC/OS Enterprise IAM behind Admin Router.',
    'Its credentials are printed on purpose: they exist only in this process and die with it.',
    '',
    `  HTTP        ${iam.httpUrl}`,
    `  HTTPS       ${iam.httpsUrl}`,
    `  CA          ${iam.caPath}`,
    `  superuser   uid ${su.uid}   password ${su.password}`,
    `  service     uid ${exampleUid}${exampleKey ? `   private key ${exampleKey}` : ''}`,
    '',
    'Point audit2grant at it (in another terminal):',
    `  export DCOS_URL=${iam.httpsUrl}`,
    `  export DCOS_TLS_CA_PATH=${q(iam.caPath)}`,
    `  export DCOS_PASSWORD=${q(su.password)}`,
    `  audit2grant grant --login-uid ${su.uid} --uid ${exampleUid} dcos:mesos:master:framework:role:my-role create --dry-run`,
    `  audit2grant grant --login-uid ${su.uid} --uid ${exampleUid} dcos:mesos:master:framework:role:my-role create`,
    `  audit2grant revoke --login-uid ${su.uid} --uid ${exampleUid} dcos:mesos:master:framework:role:my-role create`,
    '',
    `A simulated service runs as ${exampleUid} and is denied what it needs; read it through the logging API`,
    `(masters ${iam.logs?.masters.join(', ')}, each at its own address; ${iam.logs?.agents.length} agents through the agent route), no SSH:`,
    `  audit2grant dcos://all --uid ${exampleUid} --login-uid ${su.uid}`,
    'Or by hand:',
    `  ${loginCurl}`,
    '',
    'Ctrl-C stops it.',
    '',
  ];
  return lines.join('\n');
}

function readKey(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new OperationalError(`cannot read public key ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'give a PEM public key file (e.g. from `dcos security org service-accounts keypair`)');
  }
}

/** Runs until `signal` aborts; resolves after the servers are closed (and the state saved). */
export async function runSandbox(opts: RunSandboxOptions, signal: AbortSignal): Promise<void> {
  const keys = opts.serviceAccounts.map((sa) => ({ uid: sa.uid, pem: readKey(sa.publicKeyFile), file: sa.publicKeyFile }));
  // Read the state before starting anything: a broken file fails fast and is never overwritten.
  const snapshot = opts.stateFile ? readSnapshotFile(opts.stateFile) : null;
  let iam: SandboxIam;
  try {
    iam = await startSandboxIam({ port: opts.port, httpsPort: opts.httpsPort, tokenTtlSeconds: opts.tokenTtlSeconds, logs: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new OperationalError('a sandbox port is already in use', 'pick other ports with --port/--https-port, or 0 for any free port');
    throw e;
  }
  const keyDir = mkdtempSync(join(tmpdir(), 'audit2grant-sandbox-keys-'));
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => (stopping ??= stopOnce());
  let saveTo = opts.stateFile;
  let service: SimulatedService | null = null;
  const stopOnce = async (): Promise<void> => {
    await service?.stop();
    if (saveTo) {
      try {
        saveState(saveTo, iam);
      } catch (e) {
        opts.err(`audit2grant sandbox: cannot save state to ${saveTo}: ${(e as Error).message}\n`);
      }
    }
    await iam.close();
    rmSync(keyDir, { recursive: true, force: true });
  };
  const unregister = onCleanup(stop);
  try {
    for (const k of keys) {
      try {
        iam.addServiceAccount(k.uid, k.pem);
      } catch (e) {
        throw new UsageError(`--service-account ${k.uid} with ${k.file}: ${(e as Error).message}`);
      }
    }
    // The example account comes before the state: a saved one would have lost its private key.
    const exampleUid = keys[0]?.uid ?? EXAMPLE_SERVICE_UID;
    let exampleKey: string | null = null;
    if (keys.length === 0) {
      const pair = await generateRsa('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
      iam.addServiceAccount(EXAMPLE_SERVICE_UID, pair.publicKey);
      exampleKey = join(keyDir, `${EXAMPLE_SERVICE_UID}.pem`);
      writeFileSync(exampleKey, pair.privateKey, { mode: 0o600 });
    }
    if (snapshot) {
      try {
        iam.restore(snapshot, (m) => opts.err(`audit2grant sandbox: ${m}\n`));
      } catch (e) {
        saveTo = undefined; // keep the user's file as it is
        throw new OperationalError(`cannot load sandbox state: ${(e as Error).message}`, 'fix or remove the file, or start without --state');
      }
    }
    const logs = iam.logs!;
    service = createService({ uid: exampleUid, authorizer: iam, write: (lines) => logs.writeLines(logs.leader, lines), retryMs: opts.serviceRetryMs ?? 2000 });
    service.start();
    opts.out(banner(iam, exampleUid, exampleKey));
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    opts.err('audit2grant sandbox: stopping\n');
  } finally {
    unregister();
    await stop();
  }
}
