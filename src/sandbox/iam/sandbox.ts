// The sandbox IAM: an emulator of the DC/OS Enterprise IAM subset audit2grant speaks (see
// docs/iam-api.md), behind an emulated Admin Router, over HTTP and HTTPS on loopback.
// Faithful where clients can trip: the `%252F` rule, 401 vs 403, ACL-before-grant, 409s, codes.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSandboxLogs, type SandboxLogs, type SandboxLogsOptions } from '../logs/index.js';
import type { SandboxFault } from './faults.js';
import type { NodeApis, SandboxNode } from './nodes.js';
import { makeHandler } from './server.js';
import { restoreInto, snapshotOf, type SandboxSnapshot } from './persist.js';
import { IamState } from './state.js';
import { sandboxTls } from './tls.js';

export interface SandboxIam {
  httpUrl: string;
  httpsUrl: string;
  /** PEM file of the sandbox CA (in a temp dir, removed on close). */
  caPath: string;
  caPem: string;
  superuser: { uid: string; password: string };
  addUser(uid: string, password: string, opts?: { superuser?: boolean }): void;
  addServiceAccount(uid: string, publicKeyPem: string): void;
  /** A group (as `PUT /groups/{gid}`), with these existing accounts as members. */
  addGroup(gid: string, members?: string[]): void;
  /** Makes an existing account a member of an existing group. */
  addToGroup(gid: string, uid: string): void;
  /** Direct, synchronous look at the state: the exact action, or `full` on the same rid (superusers: anything). */
  isAllowed(uid: string, rid: string, action: string): boolean;
  aces(): Array<{ rid: string; uid: string; action: string }>;
  /** The groups' entries (the superusers group's `dcos:superuser full` included). */
  groupAces(): Array<{ rid: string; gid: string; action: string }>;
  acls(): string[];
  hasUser(uid: string): boolean;
  /** ACLs and service accounts as plain data (for `--state`); restore skips what it cannot apply. */
  snapshot(): SandboxSnapshot;
  restore(snapshot: SandboxSnapshot, warn?: (message: string) => void): void;
  /** Requests seen, oldest first, at most MAX_LOGGED_REQUESTS (no bodies, no headers, no secrets); `fault` names an injected one. */
  requests: Array<{ method: string; rawPath: string; status: number; fault?: string }>;
  /** Faults for tests (faults.ts), consulted in order on each request; push to add, a used-up one stays inert. */
  faults: SandboxFault[];
  /** The node list the cluster APIs answer with; replace its items to change what they list. */
  nodes: SandboxNode[];
  /** Which node APIs answer (set a key to false for a 404); changes apply to the next request. */
  nodeApis: NodeApis;
  /** Warnings the IAM would log (e.g. a login token without exp), at most MAX_LOGGED_REQUESTS. */
  warnings: string[];
  /** The logging API's simulated nodes and journals (when started with `logs`). */
  logs: SandboxLogs | null;
  /** Make every auth token issued so far invalid (as a rotated signing key does): their next use is a 401. */
  revokeTokens(): void;
  close(): Promise<void>;
}

export interface SandboxIamOptions {
  /** Lifetime of the auth tokens login hands out (default: 5 days, the DC/OS default). */
  tokenTtlSeconds?: number;
  port?: number;
  httpsPort?: number;
  host?: string;
  /** Clock in ms since the epoch (tests move it to expire tokens without sleeping). */
  now?: () => number;
  /** Superuser uid (default `bootstrapuser`); the password is random. */
  superuserUid?: string;
  /** Cap of `requests` and `warnings` (default MAX_LOGGED_REQUESTS). */
  maxLoggedRequests?: number;
  /** Nodes listed by GET /system/health/v1/nodes, /mesos/master/slaves, /exhibitor/…/cluster/status (default none). */
  nodes?: SandboxNode[];
  /** Turn some of those APIs off (404), e.g. to exercise a client's fallback. Default: all on. */
  nodeApis?: NodeApis;
  /**
   * Serve the logging API for simulated nodes: masters on their own loopback addresses (the same
   * ports as 127.0.0.1), agents through the agent route. Without `nodes`, the node APIs list them.
   */
  logs?: boolean | SandboxLogsOptions;
  /** Faults to inject from the start (tests only: nothing outside this process can set them). */
  faults?: SandboxFault[];
}



const generateRsa = promisify(generateKeyPair);
let sharedTokenKey: ReturnType<typeof generateRsa> | null = null;

/** The auth-token signing key, made once per process (key generation is what makes start slow). */
function tokenKey(): ReturnType<typeof generateRsa> {
  sharedTokenKey ??= generateRsa('rsa', { modulusLength: 2048 }).catch((e: unknown) => {
    sharedTokenKey = null;
    throw e;
  });
  return sharedTokenKey;
}

export const MAX_LOGGED_REQUESTS = 10_000;

/** The node list of a logging sandbox: its masters (also the offline ones) and agents. */
function logNodes(logs: SandboxLogs): SandboxNode[] {
  return [
    ...logs.masters.map((ip) => ({ ip, role: 'master' })),
    ...logs.agents.map((a) => ({ ip: a.ip, role: a.public ? 'agent_public' : 'agent', id: a.id })),
  ];
}
export const DEFAULT_TOKEN_TTL_SECONDS = 5 * 24 * 3600;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function pushCapped<T>(list: T[], item: T, cap: number): void {
  if (list.length >= cap) list.splice(0, list.length - cap + 1);
  list.push(item);
}

export async function startSandboxIam(opts: SandboxIamOptions = {}): Promise<SandboxIam> {
  const host = opts.host ?? '127.0.0.1';
  const ttl = opts.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('tokenTtlSeconds must be a positive integer');
  const state = new IamState();
  const superuser = { uid: opts.superuserUid ?? 'bootstrapuser', password: randomBytes(12).toString('base64url') };
  state.addUser(superuser.uid, superuser.password, true);

  const [pair, tls] = await Promise.all([tokenKey(), sandboxTls()]);
  const keys = { ...pair, kid: randomBytes(8).toString('hex') };
  const dir = mkdtempSync(join(tmpdir(), 'audit2grant-sandbox-'));
  const caPath = join(dir, 'dcos-ca.crt');
  writeFileSync(caPath, tls.caPem, { mode: 0o644 });

  const cap = Math.max(1, opts.maxLoggedRequests ?? MAX_LOGGED_REQUESTS);
  const requests: SandboxIam['requests'] = [];
  const warnings: string[] = [];
  const logs = opts.logs ? createSandboxLogs(opts.logs === true ? {} : opts.logs) : null;
  const nodes: SandboxNode[] = (opts.nodes ?? (logs ? logNodes(logs) : [])).map((n) => ({ ...n }));
  const nodeApis: NodeApis = { ...opts.nodeApis };
  const faults: SandboxFault[] = [...(opts.faults ?? [])];
  const handler = makeHandler({
    state,
    keys,
    tokenTtlSeconds: ttl,
    now: opts.now ?? Date.now,
    caPem: tls.caPem,
    log: (e) => pushCapped(requests, e, cap),
    warn: (w) => pushCapped(warnings, w, cap),
    cluster: { nodes, apis: nodeApis, leader: logs?.leader ?? null },
    logs: logs?.nodes,
    faults,
  });
  const http = createHttpServer(handler);
  const https = createHttpsServer({ cert: tls.certPem, key: tls.keyPem, ca: tls.caPem }, handler);
  let httpPort: number;
  let httpsPort: number;
  try {
    httpPort = await listen(http, opts.port ?? 0, host);
    httpsPort = await listen(https, opts.httpsPort ?? 0, host);
  } catch (e) {
    await Promise.all([closeServer(http), closeServer(https)]);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  // The other masters answer at their own addresses, on the same ports (as a client reaches a
  // master: the cluster URL with the master's address in place of the host).
  const extra: Server[] = [];
  for (const ip of logs?.masters ?? []) {
    if (ip === host || logs?.offline.includes(ip)) continue;
    for (const [port, make] of [[httpPort, () => createHttpServer(handler)], [httpsPort, () => createHttpsServer({ cert: tls.certPem, key: tls.keyPem, ca: tls.caPem }, handler)]] as const) {
      const server = make();
      try {
        await listen(server, port, ip);
        extra.push(server);
      } catch (e) {
        pushCapped(warnings, `master ${ip} not served on port ${port}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, cap);
      }
    }
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | null = null;

  return {
    httpUrl: `http://${urlHost}:${httpPort}`,
    httpsUrl: `https://${urlHost}:${httpsPort}`,
    caPath,
    caPem: tls.caPem,
    superuser,
    addUser: (uid, password, o) => state.addUser(uid, password, o?.superuser ?? false),
    addServiceAccount: (uid, pem) => state.addServiceAccount(uid, pem),
    addGroup: (gid, members = []) => {
      state.addGroup(gid);
      for (const uid of members) state.addMember(gid, uid);
    },
    addToGroup: (gid, uid) => void state.addMember(gid, uid),
    isAllowed: (uid, rid, action) => state.isAllowed(uid, rid, action),
    aces: () => state.aces(),
    groupAces: () => state.groupAces(),
    acls: () => [...state.acls.keys()].sort(),
    hasUser: (uid) => state.users.has(uid),
    snapshot: () => snapshotOf(state),
    restore: (snap, warn = () => {}) => restoreInto(state, snap, warn),
    requests,
    warnings,
    nodes,
    nodeApis,
    logs,
    revokeTokens: () => {
      keys.kid = randomBytes(8).toString('hex');
    },
    faults,
    close: () => {
      closed ??= Promise.all([http, https, ...extra].map(closeServer)).then(() => rmSync(dir, { recursive: true, force: true }));
      return closed;
    },
  };
}
