// Reads one node: connect, run the journalctl|grep command, hand whole lines to a bounded queue
// (a line over the cap: its head, cut), and, when the connection drops, reconnect with backoff and
// resume with `--after-cursor` set to the cursor of the last line handed over (a partial line is
// dropped and re-read), so nothing is lost or counted twice.
import { remoteText } from '../../core/text.js';
import type { SourceState } from '../../core/types.js';
import type { ChunkQueue } from './chunk-queue.js';
import { buildRemoteCommand, EXIT_MARKER, type RemoteCommandInput } from './command.js';
import type { SshTarget } from './config.js';
import { openSession, type ConnectParams, type SshSession } from './connection.js';
import { isRetriable } from './errors.js';
import { WholeLines, type Handover } from './whole-lines.js';
import { backoff, pause } from '../reconnect-wait.js';

export interface HostRun {
  target: SshTarget;
  params: ConnectParams;
  command: Omit<RemoteCommandInput, 'afterCursor'>;
  commandTimeoutMs: number;
  maxReconnects: number;
  reconnectBaseMs: number;
  queue: ChunkQueue;
  progress(state: SourceState, bytes: number, error?: string): void;
  /** Sessions are registered so an abort or the CLI's cleanup closes them. */
  track(session: SshSession): () => void;
  /** Called each time the remote command runs (follow mode frees its connect slot then). */
  onStarted?(): void;
}

export type HostResult = { ok: true } | { ok: false; message: string };

type Once = { kind: 'done' } | { kind: 'stopped' } | { kind: 'dropped'; why: string } | { kind: 'failed'; message: string };

const CURSOR_KEY = Buffer.from('"__CURSOR"');
/** Following: a session that ran this long before it dropped resets the reconnects, output or not. */
const FOLLOW_HELD_MS = 30_000;

/** JSON whitespace (space, tab, CR, LF). */
function isJsonSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/**
 * The `__CURSOR` of one `-o json` line, or null. Matches `"__CURSOR"\s*:\s*"`: systemd before ~240
 * (CentOS 7's 219) prints `{ "__CURSOR" : "s=…", … }`, newer ones `{"__CURSOR":"s=…",…}`.
 */
export function cursorOf(line: Buffer): string | null {
  const i = line.indexOf(CURSOR_KEY);
  if (i < 0) return null;
  let p = i + CURSOR_KEY.length;
  while (isJsonSpace(line[p])) p++;
  if (line[p] !== 0x3a) return null; // ':'
  p++;
  while (isJsonSpace(line[p])) p++;
  if (line[p] !== 0x22) return null; // '"'
  const start = p + 1;
  const end = line.indexOf(0x22, start);
  return end < 0 ? null : line.toString('latin1', start, end);
}


/** The marker line; `$` only at the very end (a marker the output ended on without its newline). */
const MARKER_LINE = new RegExp(`${EXIT_MARKER}(\\d+)\\n`);
const MARKER_AT_END = new RegExp(`${EXIT_MARKER}(\\d+)$`);

/**
 * A command's stderr, bounded: its start and its end (a node can print megabytes of journalctl
 * warnings; the exit marker and journalctl's own error come last). The marker is looked for in every
 * chunk as it arrives, with a little carry-over for a marker cut between two chunks.
 */
export class StderrLog {
  private head = '';
  private tail = '';
  private carry = '';
  /** journalctl's exit status from the marker, once seen. */
  status: number | null = null;
  constructor(private readonly headMax = 8192, private readonly tailMax = 4096) {}

  add(chunk: string): void {
    const scan = this.carry + chunk;
    // Only a marker closed by its newline: one at the very end of a chunk may still lack digits.
    const m = MARKER_LINE.exec(scan);
    if (m) this.status = Number(m[1]);
    this.carry = scan.slice(-(EXIT_MARKER.length + 16));
    if (this.head.length < this.headMax) this.head += chunk;
    else this.tail = (this.tail + chunk).slice(-this.tailMax);
  }

  /** At the end: a marker the stream ended on without a newline counts too. */
  finalStatus(): number | null {
    if (this.status === null) {
      const m = MARKER_AT_END.exec(this.carry);
      if (m) this.status = Number(m[1]);
    }
    return this.status;
  }

  get text(): string {
    return this.tail ? `${this.head}\n${this.tail}` : this.head;
  }
}

/** Turn the remote script's stderr and statuses into a verdict (`jcStatus`: the marker's, when already found). */
export function judgeExit(host: string, exitCode: number | null, stderr: string, user: string, jcStatus?: number | null, gotOutput = false): Once {
  if (jcStatus === undefined) {
    const m = new RegExp(`${EXIT_MARKER}(\\d+)`).exec(stderr);
    jcStatus = m ? Number(m[1]) : null;
  }
  const text = stderr.replace(new RegExp(`${EXIT_MARKER}\\d+\\n?`, 'g'), '').trim();
  // The node's words: they go into the error as one terminal-safe line each.
  const textLines = text.split('\n').filter((l) => l.trim()).map((l) => remoteText(l));
  const first = textLines[0] ?? '';
  if (/sudo:.*(password is required|terminal is required|no tty present|askpass)/i.test(text)) {
    return { kind: 'failed', message: `sudo needs a password on ${host}: configure NOPASSWD for journalctl or add the user to systemd-journal` };
  }
  if (/insufficient permissions|not seeing messages from other users/i.test(text)) {
    return { kind: 'failed', message: `${user} cannot read the system journal on ${host}: use --sudo or add ${user} to the systemd-journal group` };
  }
  if (/sudo: (command )?not found/.test(text)) return { kind: 'failed', message: `sudo not found on ${host} (--sudo): install it there, or drop --sudo and add ${user} to the systemd-journal group` };
  if (jcStatus === 127 || /journalctl: (command )?not found/.test(text)) return { kind: 'failed', message: `journalctl not found on ${host}` };
  // journalctl's fatal error is its last word (warnings may come before it).
  const last = textLines.at(-1) ?? '';
  if (jcStatus !== null && jcStatus !== 0) return { kind: 'failed', message: `journalctl failed on ${host} (exit ${jcStatus})${last ? `: ${last}` : ''}` };
  // grep: 0 = lines matched, 1 = none matched (a quiet node, not an error), 2+ = trouble. But the
  // script reports journalctl's status before it ends: without it and without a line, journalctl
  // never ran (a forced command, a nologin shell, a banner in its place), and the node's silence
  // says nothing. (Lines prove it ran: a wrapper may send its stderr, the status with it, elsewhere.)
  if ((exitCode === 0 || exitCode === 1) && jcStatus === null && !gotOutput) {
    return { kind: 'failed', message: `journalctl did not run on ${host}: the session ended (exit ${exitCode}) without the status audit2grant's command reports${first ? `: ${first}` : ''} (a forced command or a shell that runs no commands for ${user}?)` };
  }
  if (exitCode === 0 || exitCode === 1) return { kind: 'done' };
  if (exitCode === null) return { kind: 'dropped', why: 'the remote command ended without a status' };
  return { kind: 'failed', message: `remote filter failed on ${host} (exit ${exitCode})${first ? `: ${first}` : ''}` };
}

export async function runHost(run: HostRun): Promise<HostResult> {
  const { target, params, queue } = run;
  const signal = params.signal;
  let cursor: string | null = null;
  let bytes = 0;
  let attempts = 0;
  let everConnected = false;
  for (;;) {
    if (signal.aborted || queue.stopped) return { ok: true };
    run.progress('connecting', bytes);
    let session: SshSession;
    try {
      session = await openSession(target, params);
    } catch (e) {
      const msg = (e as Error).message;
      if (signal.aborted) return { ok: true };
      // A host key, authentication or name failure will fail the same way again (errors.ts).
      if (!everConnected || !isRetriable(e)) return { ok: false, message: msg };
      if (++attempts > run.maxReconnects) {
        return { ok: false, message: `connection to ${target.hostname} lost; gave up after ${run.maxReconnects} reconnects: ${msg}` };
      }
      run.progress('connecting', bytes, `reconnecting: ${msg}`);
      await pause(backoff(run.reconnectBaseMs, attempts), signal);
      continue;
    }
    everConnected = true;
    const untrack = run.track(session);
    let once: Once;
    let startedAt: number | null = null;
    try {
      // Reconnects are counted until the node makes progress: a connection that drops before any
      // output, again and again, fails the node after maxReconnects (it reset on each start, and a
      // scan reconnected forever). Following, a quiet node's session that held resets it too (below).
      once = await runOnce(run, session, cursor, (n, c, handed) => {
        bytes += n;
        if (c) cursor = c;
        if (handed) attempts = 0;
      }, () => bytes, () => {
        startedAt = Date.now();
      });
    } finally {
      untrack();
      session.close();
    }
    if (once.kind === 'done' || once.kind === 'stopped') return { ok: true };
    if (once.kind === 'failed') return { ok: false, message: once.message };
    if (signal.aborted) return { ok: true };
    // Following, a quiet node's session that held a while is progress too (an idle connection a
    // firewall drops); one dropped at once, again and again, is not (it reconnected forever).
    if (run.command.follow && startedAt !== null && Date.now() - startedAt >= FOLLOW_HELD_MS) attempts = 0;
    if (++attempts > run.maxReconnects) {
      return { ok: false, message: `connection to ${target.hostname} lost (${once.why}); gave up after ${run.maxReconnects} reconnects` };
    }
    run.progress('connecting', bytes, `reconnecting: ${once.why}`);
    await pause(backoff(run.reconnectBaseMs, attempts), signal);
  }
}

async function runOnce(
  run: HostRun,
  session: SshSession,
  cursor: string | null,
  /** Bytes read; the cursor of the last line handed over, if any; whether any line was (progress). */
  received: (n: number, cursor: string | null, handed: boolean) => void,
  total: () => number,
  started: () => void,
): Promise<Once> {
  const { target, queue, params } = run;
  const follow = !!run.command.follow;
  let cmd: string;
  try {
    cmd = buildRemoteCommand({ ...run.command, afterCursor: cursor });
  } catch (e) {
    // The cursor came from the node's own output: a node that sends one journalctl never would.
    return { kind: 'failed', message: `${target.hostname} sent a journal cursor that cannot be resumed from: ${(e as Error).message}` };
  }
  let rc;
  try {
    rc = await session.exec(cmd, params.connectTimeoutMs);
  } catch (e) {
    return { kind: 'dropped', why: (e as Error).message };
  }
  const ch = rc.channel;
  const exit = rc.exit;
  started();
  run.onStarted?.();
  run.progress(follow ? 'following' : 'reading', total());
  return new Promise<Once>((resolve) => {
    let settled = false;
    // Only whole lines go to the queue (whole-lines.ts): a merged stream never joins two nodes' lines.
    const lines = new WholeLines(cursorOf);
    const hand = (h: Handover): boolean => h.pieces.reduce((room, p) => queue.push(p) && room, true);
    const stderr = new StderrLog();
    let lastReport = 0;
    const finish = (o: Once): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      params.signal.removeEventListener('abort', onAbort);
      removeStop();
      run.progress(follow ? 'following' : 'reading', total());
      resolve(o);
    };
    let gotOutput = false; // a line of journal output in this session
    const onAbort = (): void => finish({ kind: 'stopped' });
    params.signal.addEventListener('abort', onAbort, { once: true });
    // An idle timeout: it restarts with every byte received and is off while the channel is paused
    // for backpressure (per host, the consumer reads nodes one at a time; a node read late must not
    // fail for having waited).
    const idleMs = !follow && run.commandTimeoutMs > 0 ? run.commandTimeoutMs : 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let paused = false;
    const onIdle = (): void =>
      finish({ kind: 'failed', message: `timed out after ${Math.round(idleMs / 1000)} s reading the journal on ${target.hostname}: no output for that long` });
    const arm = (): void => {
      clearTimeout(timer);
      timer = idleMs && !paused && !settled ? setTimeout(onIdle, idleMs) : undefined;
    };
    arm();
    // Last: a consumer that already stopped finishes at once.
    let removeStop = (): void => undefined;
    removeStop = queue.onStop(() => finish({ kind: 'stopped' }));
    ch.on('data', (d: Buffer) => {
      if (settled) return;
      gotOutput = true;
      arm();
      const h = lines.push(d);
      received(d.length, h.cursor, h.pieces.length > 0);
      const now = Date.now();
      if (now - lastReport > 200) {
        lastReport = now;
        run.progress(follow ? 'following' : 'reading', total());
      }
      if (!hand(h)) {
        ch.pause();
        paused = true;
        arm();
        void queue.whenDrained().then(() => {
          paused = false;
          arm();
          ch.resume();
        });
      }
    });
    ch.stderr.on('data', (d: Buffer) => {
      arm();
      stderr.add(d.toString('utf8'));
    });
    ch.on('close', () => {
      if (exit.code !== null) {
        // The command ended cleanly on a line without a newline: that line is complete.
        const h = lines.end();
        received(0, h.cursor, h.pieces.length > 0);
        hand(h);
      }
      finish(judgeExit(target.hostname, exit.code, stderr.text, target.user, stderr.finalStatus(), gotOutput));
    });
    session.onClose((err) => finish({ kind: 'dropped', why: err ? remoteText(err.message) : 'connection closed' }));
  });
}
