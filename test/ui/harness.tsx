// A small harness over ink-testing-library: waits for frames with a bounded poll instead of sleeping,
// and fakes the scan and IAM ports. `mount` can give the terminal a size (and resize it).
import { EventEmitter } from 'node:events';
import { render as inkRender } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { App } from '../../src/ui/App.js';
import type { Finding, GrantPair, PairResult } from '../../src/core/types.js';
import type { GrantPort, LiveSnapshot, StartScan } from '../../src/ui/ports.js';
import { UID } from '../core/session/helpers.js';
import { untilWith, waitFor } from '../helpers/wait.js';

/** Bounded wait (3 s by default) for a condition, e.g. a frame's text. */
export const until = untilWith({ timeoutMs: 3000 });

/** A terminal of a given size for ink (debug mode: every write is a whole frame). */
class SizedStdout extends EventEmitter {
  frames: string[] = [];
  constructor(public columns: number, public rows: number) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
  lastFrame = () => this.frames.at(-1);
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

function renderSized(el: ReactElement, cols: number, rows: number) {
  const stdout = new SizedStdout(cols, rows);
  const stdin = new FakeStdin();
  const inst = inkRender(el, { stdout: stdout as never, stderr: new SizedStdout(cols, rows) as never, stdin: stdin as never, debug: true, exitOnCtrlC: false, patchConsole: false });
  return { stdin, stdout, lastFrame: stdout.lastFrame, unmount: inst.unmount, resize: (c: number, r: number) => stdout.resize(c, r) };
}

export function mount(el: ReactElement, size?: { cols: number; rows: number }) {
  const r = size ? renderSized(el, size.cols, size.rows) : { ...render(el), resize: () => undefined };
  const frame = () => r.lastFrame() ?? '';
  return {
    ...r,
    frame,
    /** Wait until the frame contains `text` (or matches). */
    see: (text: string | RegExp, timeoutMs = 3000) =>
      waitFor(() => (typeof text === 'string' ? frame().includes(text) : text.test(frame())), { what: `frame to show ${text}`, timeoutMs, detail: () => `\n--- last frame:\n${frame()}` }),
    /** Type keys; waits a macrotask first so effects (useInput) are attached. */
    press: async (...keys: string[]) => {
      for (const k of keys) {
        await new Promise((res) => setImmediate(res));
        r.stdin.write(k);
      }
      await new Promise((res) => setImmediate(res));
    },
  };
}

export const KEY = { up: '\u001B[A', down: '\u001B[B', enter: '\r', esc: '\u001B', backspace: '\u007F' };

/** A scan whose snapshot the test edits. */
export function fakeScan() {
  const state: LiveSnapshot = { version: 1, findings: [], authFailures: [], sources: [{ label: 'journal.log', state: 'following', bytes: 2048, size: null }], errors: [], lines: 0, denyLines: 0, done: false };
  let starts = 0;
  let finish = () => undefined as void;
  const start: StartScan = () => {
    starts++;
    return { done: new Promise<void>((r) => (finish = r)), snapshot: () => state };
  };
  return {
    start,
    state,
    starts: () => starts,
    /** End the current job (its `done` resolves). */
    finish: () => finish(),
    set(findings: Finding[], lines = state.lines + 1) {
      state.findings = findings;
      state.lines = lines;
      state.version++;
    },
  };
}

/** An IAM that records grants and answers from a held set. */
export function fakeGrants(opts: { fail?: boolean; dryRun?: boolean } = {}) {
  const held = new Set<string>();
  /** Grants the account holds through a group (the unused list shows them, never revokes them). */
  const groupHeld: Array<{ rid: string; action: string; gid: string | null }> = [];
  const calls: Array<{ op: string; pairs: GrantPair[] }> = [];
  const k = (p: GrantPair) => `${p.rid} ${p.action}`;
  let release: (() => void) | null = null;
  let gate: Promise<void> | null = null;
  const port: GrantPort = {
    clusterUrl: 'https://sandbox.test',
    sessionId: 'sess-1',
    actingUid: 'bootstrapuser',
    dryRun: opts.dryRun ?? false,
    held: async () => [],
    grant: async (pairs) => {
      calls.push({ op: 'grant', pairs });
      if (gate) await gate;
      if (opts.fail) throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      return pairs.map<PairResult>((p) => {
        if (opts.dryRun) return { ...p, outcome: 'dry-run', detail: '', aclCreated: false };
        const had = held.has(k(p));
        held.add(k(p));
        return { ...p, outcome: had ? 'already held' : 'granted', detail: '', aclCreated: !had };
      });
    },
    revoke: async (pairs) => {
      calls.push({ op: 'revoke', pairs });
      return pairs.map<PairResult>((p) => ({ ...p, outcome: held.delete(k(p)) ? 'revoked' : 'already absent', detail: '', aclCreated: false }));
    },
    holdings: async () => {
      calls.push({ op: 'holdings', pairs: [] });
      const direct = [...held].map((h) => ({ rid: h.split(' ')[0] ?? '', action: h.split(' ')[1] ?? '', gid: null as string | null }));
      return [...direct, ...groupHeld];
    },
    revokeHeld: async (pairs) => {
      calls.push({ op: 'revokeHeld', pairs });
      return pairs.map<PairResult>((p) => ({ ...p, outcome: held.delete(k(p)) ? 'revoked' : 'already absent', detail: '', aclCreated: false }));
    },
    regrant: async (pairs) => {
      calls.push({ op: 'regrant', pairs });
      return pairs.map<PairResult>((p) => {
        const had = held.has(k(p));
        held.add(k(p));
        return { ...p, outcome: had ? 'already held' : 'granted', detail: '', aclCreated: false };
      });
    },
  };
  return {
    port,
    held,
    groupHeld,
    calls,
    /** Make grants wait until release() (to test in-flight behaviour). */
    hold() {
      gate = new Promise((r) => (release = r));
    },
    release() {
      release?.();
      gate = null;
    },
  };
}

/** The loop for one account on a 120x30 terminal, over a fake scan and IAM; its unmount goes to `unmounts`. */
export function mountLoop(unmounts: Array<() => void>) {
  const scan = fakeScan();
  const grants = fakeGrants();
  const m = mount(<App uid={UID} startScan={scan.start} grants={grants.port} exporter={null} sessionId="s" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => undefined} flushMs={5} />, { cols: 120, rows: 30 });
  unmounts.push(m.unmount);
  return { m, scan, grants };
}
