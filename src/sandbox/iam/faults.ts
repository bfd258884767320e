// Faults tests can inject into the sandbox IAM, to see what a client does when the network or the
// server misbehaves (docs/ledger.md). Only the in-process API sets them (`startSandboxIam({ faults })`
// or `iam.faults.push(…)`): no request, flag or state file can, so a real client never meets one.
import { ServerResponse, type IncomingMessage } from 'node:http';
import { send } from './responses.js';

export type SandboxFaultKind =
  /** Run the request (the state changes), then close the connection without an answer. */
  | { kind: 'drop-after-apply' }
  /** Run the request, then never answer (until the client gives up or the sandbox closes). */
  | { kind: 'hang-after-apply' }
  /** Do not run it; send 200 headers, then one byte every `intervalMs` (default 50), never finishing. */
  | { kind: 'trickle'; intervalMs?: number }
  /** Do not run it; answer 429 Too Many Requests, with this `Retry-After` value when given. */
  | { kind: 'rate-limit'; retryAfter?: string }
  /** Hold it (not run yet) until `until` settles, then run and answer it as usual: a slow IAM the test releases. */
  | { kind: 'hold'; until: Promise<unknown> };

export type SandboxFault = SandboxFaultKind & {
  /** Only this method (default: any). */
  method?: string;
  /** Only requests whose raw path contains this (default: any). */
  path?: string;
  /** How many requests it hits before it is used up (default 1; Infinity: every one). */
  times?: number;
  /** Called on each hit, so tests wait for the event instead of sleeping. */
  onHit?: (hit: { method: string; rawPath: string }) => void;
};

/** The first fault matching the request, counted as used; null when none applies. */
export function takeFault(faults: SandboxFault[], method: string, rawPath: string): SandboxFault | null {
  for (const f of faults) {
    if ((f.times ?? 1) <= 0) continue;
    if (f.method && f.method !== method) continue;
    if (f.path && !rawPath.includes(f.path)) continue;
    f.times = (f.times ?? 1) - 1;
    return f;
  }
  return null;
}

/**
 * Serve a request under its fault, then tell `onHit`. `run(res)` runs the request against the state
 * and writes the answer to `res`; `log` records it in the sandbox's request list.
 */
export function serveFault(
  fault: SandboxFault,
  req: IncomingMessage,
  res: ServerResponse,
  run: (res: ServerResponse) => void,
  log: (status: number) => void,
): void {
  switch (fault.kind) {
    case 'drop-after-apply':
    case 'hang-after-apply': {
      // A response with no socket buffers what is written and never sends it.
      const sink = new ServerResponse(req);
      run(sink);
      log(sink.statusCode);
      if (fault.kind === 'drop-after-apply') req.socket.destroy();
      break;
    }
    case 'trickle': {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(1 << 20) });
      const t = setInterval(() => res.write(' '), fault.intervalMs ?? 50);
      res.on('close', () => clearInterval(t));
      log(200);
      break;
    }
    case 'hold': {
      const go = (): void => {
        if (res.destroyed || res.writableEnded) return;
        run(res);
        log(res.statusCode);
      };
      void fault.until.then(go, go);
      break;
    }
    case 'rate-limit': {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter };
      send(res, { status: 429, headers, body: { title: 'Too Many Requests', description: 'Rate limit exceeded (sandbox fault).' } });
      break;
    }
  }
  fault.onHit?.({ method: req.method ?? '?', rawPath: req.url ?? '' });
}
