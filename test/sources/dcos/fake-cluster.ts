// A minimal cluster on 127.0.0.1 over plain HTTP for dcos:// tests that need the logging API to
// misbehave in ways the sandbox does not (hostile bodies, trickled pages): Mesos-DNS names
// 127.0.0.1 as the leader, and every logging-API request goes to the test's handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { entryOfLine } from '../../../src/sandbox/logs/entries.js';
import type { DcosCluster } from '../../../src/sources/dcos/connect.js';
import { fakeJwt, json, serve, type Served } from '../../helpers/hostile.js';

export interface FakeLogCluster {
  server: Served;
  /** A static token for `log-reader` (the reader's own lines are left out under that uid). */
  cluster: DcosCluster;
}

export async function fakeLogCluster(logs: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeLogCluster> {
  const server = await serve((req, res) => {
    if (req.url === '/mesos_dns/v1/hosts/leader.mesos') return json(res, 200, [{ host: 'leader.mesos.', ip: '127.0.0.1' }]);
    if (req.url?.includes('/logs/v1/')) return logs(req, res);
    res.writeHead(404);
    res.end();
  });
  return { server, cluster: readerOf(server) };
}

/** The server as a cluster read with a static token for `log-reader`. */
function readerOf(server: Served): DcosCluster {
  return { clusterUrl: server.url, tls: {}, login: { kind: 'token', token: fakeJwt('log-reader'), from: '--token' }, warnings: [], readerUid: 'log-reader' };
}

/** A cluster whose lists the test answers (`route` returns true when it did); every log read is an empty journal. */
export async function listingCluster(route: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<FakeLogCluster> {
  const server = await serve((req, res) => {
    if (route(req, res)) return;
    if (req.url?.includes('/logs/v1/range/')) {
      res.writeHead(204);
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  return { server, cluster: readerOf(server) };
}

/** A journal line the sandbox writes (`denial()` in helpers.ts) as one logging-API entry line (application/json), as dcos-log writes it. */
export function entryLine(i: number, line: string): string {
  const e = entryOfLine(line, 'master');
  if (!e) throw new Error(`not a short-iso line: ${line}`);
  const fields = { MESSAGE: e.message, _SYSTEMD_UNIT: e.unit, SYSLOG_IDENTIFIER: e.ident ?? '', _PID: String(e.pid ?? 1), _HOSTNAME: 'm1' };
  return `${JSON.stringify({ fields, cursor: `s=ab;i=${i.toString(16)};b=cd;m=10;t=5f;x=99`, monotonic_timestamp: 16, realtime_timestamp: (e.timeMs ?? 0) * 1000 + i })}\n`;
}

/** A range that answers `page` to the first request and 204 (nothing more) after a cursor. */
export function firstPageOnly(page: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (new URL(req.url ?? '/', 'http://x').searchParams.get('cursor')) {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(page);
  };
}
