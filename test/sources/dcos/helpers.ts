// A sandbox cluster with the logging API (masters on 127.0.0.1-3, agents behind the agent route),
// accounts to read it with, and realistic audit lines to write into its journals.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam, type SandboxIamOptions } from '../../../src/sandbox/iam/index.js';
import { auditLines, type LineContext } from '../../../src/sandbox/service/lines.js';
import type { Check } from '../../../src/sandbox/service/stages.js';
import { resolveDcosCluster, type ClusterFlags, type DcosCluster } from '../../../src/sources/dcos/connect.js';
import type { DcosOptions } from '../../../src/sources/dcos/options.js';
import { runScan } from '../../../src/pipeline/scan.js';
import type { ScanFilter, SourceProgress } from '../../../src/core/types.js';
import { API, call, loginPassword } from '../../sandbox/iam/client.js';

export const LOG_RIDS = ['dcos:adminrouter:ops:system-logs', 'dcos:adminrouter:system:agent'];
/** What listing the nodes takes: Mesos-DNS (masters, the leader) and Mesos (agents). */
export const LIST_RIDS = ['dcos:adminrouter:ops:mesos-dns', 'dcos:adminrouter:ops:mesos'];
export const READER_RIDS = [...LOG_RIDS, ...LIST_RIDS];

export interface LogCluster {
  iam: SandboxIam;
  dir: string;
  /** A superuser token (relogin() after revokeTokens()). */
  su: string;
  relogin(): Promise<void>;
  /** Password users: `reader(uid, rids)` creates one with those rids (full). */
  reader(uid: string, rids?: string[]): Promise<DcosCluster>;
  /** A service account reading with RS256 service login (its key in a file). */
  serviceReader(uid: string, rids?: string[]): Promise<DcosCluster>;
  grant(uid: string, rid: string): Promise<void>;
  close(): Promise<void>;
}

export async function logCluster(o: SandboxIamOptions = {}): Promise<LogCluster> {
  const iam = await startSandboxIam({ logs: { streamIntervalMs: 40 }, ...o });
  const dir = mkdtempSync(join(tmpdir(), 'a2g-dcos-'));
  const st = { su: await loginPassword(iam.httpUrl, iam.superuser.uid, iam.superuser.password) };
  const grant = async (uid: string, rid: string) => {
    await call(iam.httpUrl, 'PUT', `${API}/acls/${rid}`, { token: st.su, body: { description: rid } });
    const r = await call(iam.httpUrl, 'PUT', `${API}/acls/${rid}/users/${uid}/full`, { token: st.su });
    if (r.status !== 204 && r.status !== 409) throw new Error(`grant ${uid} ${rid}: ${r.status} ${r.text}`);
  };
  const flags = (extra: ClusterFlags): ClusterFlags => ({ clusterUrl: iam.httpsUrl, caCert: iam.caPath, ...extra });
  return {
    iam,
    dir,
    get su() {
      return st.su;
    },
    async relogin() {
      st.su = await loginPassword(iam.httpUrl, iam.superuser.uid, iam.superuser.password);
    },
    grant,
    async reader(uid, rids = READER_RIDS) {
      iam.addUser(uid, `pw-${uid}`);
      for (const r of rids) await grant(uid, r);
      return resolveDcosCluster(flags({ loginUid: uid }), { DCOS_PASSWORD: `pw-${uid}` });
    },
    async serviceReader(uid, rids = READER_RIDS) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      iam.addServiceAccount(uid, publicKey.export({ format: 'pem', type: 'spki' }).toString());
      for (const r of rids) await grant(uid, r);
      const keyFile = join(dir, `${uid}.pem`);
      writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), { mode: 0o600 });
      return resolveDcosCluster(flags({ loginUid: uid, privateKey: keyFile }), {});
    },
    async close() {
      await iam.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;

/** The journal lines a component writes for one denial (Admin Router: its uid notice and its audit line). */
export function denial(uid: string, rid: string, o: { checker?: Check['checker']; host?: string; now?: number; action?: string; result?: 'allow' | 'deny' } = {}): string[] {
  const ctx: LineContext = { uid, now: o.now ?? Date.now(), host: o.host ?? 'dcos-master-1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq: seq++ };
  const checker = o.checker ?? 'mesos';
  const c: Check = { checker, rid, action: o.action ?? (checker === 'adminrouter' ? 'full' : 'create'), request: { method: 'GET', uri: '/service/x/v1/state' } };
  return auditLines(ctx, c, o.result ?? 'deny');
}

export interface ScanRun {
  findings: Array<{ uid: string; rid: string; action: string; count: number; hosts: string[] }>;
  errors: Array<{ source: string; message: string }>;
  stats: { sources: number; denyLines: number; auditLines: number; bytes: number };
  progress: SourceProgress[];
  warnings: Array<{ kind: string; message: string }>;
}

export async function scanDcos(sources: string[], cluster: DcosCluster, dcos: DcosOptions = {}, filter: Partial<ScanFilter> = {}, signal = new AbortController().signal): Promise<ScanRun> {
  const progress: SourceProgress[] = [];
  const r = await runScan({
    sources,
    filter: { uids: [], since: null, until: null, ...filter },
    year: null,
    signal,
    dcos: { cluster, reconnectBaseMs: 20, ...dcos },
    onProgress: (p) => progress.push(p),
  });
  return {
    findings: r.findings.map((f) => ({ uid: f.uid, rid: f.rid, action: f.action, count: f.count, hosts: f.hosts })),
    errors: r.errors,
    stats: r.stats,
    progress,
    warnings: r.warnings ?? [],
  };
}

/** Findings as sortable `uid rid action ×count` strings. */
export function keys(r: ScanRun): string[] {
  return r.findings.map((f) => `${f.uid} ${f.rid} ${f.action} ×${f.count}`).sort();
}
