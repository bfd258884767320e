// SSH sources: `ssh://[user@]host[:port]` specs → journal lines read live from each node, many nodes
// at once (`concurrency`), each node's failure a SourceError while the others go on.
//
// Two delivery modes (see docs in the report / DESIGN):
// - per host (default without --follow): one SourceStream per node, yielded when the node has data
//   or has finished; nodes keep reading in the background into a bounded per-host queue (their SSH
//   channel is paused when it is full), and a node holds its concurrency slot until its stream was
//   read to the end, so memory stays ≤ concurrency × highWaterBytes.
// - merged (default with --follow, or `merge: true`): ONE SourceStream whose chunks are whole lines
//   (each chunk from one node) from every node as they arrive; the host of each line is in the
//   `-o json` line itself (`_HOSTNAME`). The stream ends on abort or when every node is done;
//   failures are reported live via onProgress (state `failed`) and as SourceErrors: after the stream
//   when it ends, as they happen with --follow (a followed stream never ends).
import { warningNote } from '../../core/source-notes.js';
import { redactUrls } from '../../core/redact.js';
import { homedir, userInfo } from 'node:os';
import type { SourceError, SourceProgress, SourceState, StreamMeta } from '../../core/types.js';
import { onCleanup } from '../../lifecycle.js';
import type { OpenOptions, SourceStream } from '../index.js';
import { takeTurn } from '../host-turn.js';
import { defaultKeyFiles, KeyLoader, terminalPrompt } from './auth.js';
import { ChunkQueue, queueStream } from './chunk-queue.js';
import { validateUnit } from './command.js';
import { parseSshUrl, resolveTarget, type ResolveEnv, type SshTarget } from './config.js';
import type { ConnectParams, SshSession } from './connection.js';
import { runHost } from './host-reader.js';
import { SSH_DEFAULTS, type SshOptions } from './options.js';
import { loadSshConfigs, resolveEnvOf } from './setup.js';
import { ItemQueue, Slots } from '../fan-out.js';


export async function* openSshSources(urls: string[], opts: OpenOptions): AsyncGenerator<SourceStream | SourceError> {
  const o: SshOptions = opts.ssh ?? {};
  const home = o.home ?? homedir();
  const follow = !!o.follow;
  const merge = o.merge ?? follow;
  const concurrency = Math.max(1, Math.floor(o.concurrency ?? SSH_DEFAULTS.concurrency));
  const highWater = o.highWaterBytes ?? SSH_DEFAULTS.highWaterBytes;
  const units = o.units?.length ? o.units : [...SSH_DEFAULTS.units];
  try {
    units.forEach(validateUnit);
  } catch (e) {
    for (const u of urls) yield { source: redactUrls(u), message: (e as Error).message };
    return;
  }
  const read = loadSshConfigs(o, home);
  if (read.error !== null) {
    for (const u of urls) yield { source: redactUrls(u), message: read.error };
    return;
  }
  const env: ResolveEnv = resolveEnvOf(o, home, read.configs, o.localUser ?? safeUser());
  const params = connectParamsOf(o, home, opts.signal);

  const out = new ItemQueue<SourceStream | SourceError>();
  const targets: SshTarget[] = [];
  // Notes about the config (a `Match exec` not run, StrictHostKeyChecking no read as accept-new)
  // are said once per run, on the first source they concern.
  const noted = new Set<string>();
  for (const url of urls) {
    const notes: string[] = [];
    env.note = (text) => {
      if (!noted.has(text)) {
        noted.add(text);
        notes.push(text);
      }
    };
    try {
      targets.push(resolveTarget(parseSshUrl(url), url, env, o.jump ?? null));
    } catch (e) {
      // A spec refused here may hold a password (parseSshUrl refuses it): never shown.
      yield { source: redactUrls(url), message: (e as Error).message };
    }
    for (const note of notes) opts.onProgress?.({ label: url, state: 'pending', bytes: 0, size: null, note: warningNote(note) });
  }
  if (targets.length === 0) return;

  // Every open session is closed on abort and by the CLI's single exit path.
  const sessions = new Set<SshSession>();
  const closeAll = (): void => {
    for (const s of sessions) s.close();
  };
  const unregister = onCleanup(closeAll);
  const onAbort = (): void => {
    closeAll();
    merged?.end();
  };
  opts.signal.addEventListener('abort', onAbort, { once: true });

  const slots = new Slots(concurrency);
  let running = targets.length;
  const errors: SourceError[] = [];
  const merged = merge ? new ChunkQueue(highWater) : null;
  if (merged) {
    const only = targets.length === 1 ? targets[0] : undefined;
    const label = only ? only.label : `ssh://{${targets.map((t) => t.alias).join(',')}}`;
    out.push(queueStream({ label, host: only ? only.alias : null, unit: null, envelope: 'json', year: opts.year }, merged, follow));
  }

  const startHost = async (t: SshTarget): Promise<void> => {
    const report = (state: SourceState, bytes: number, error?: string): void => {
      const p: SourceProgress = { label: t.label, state, bytes, size: null };
      if (error) p.error = error;
      opts.onProgress?.(p);
    };
    report('pending', 0);
    const meta: StreamMeta = { label: t.label, host: t.alias, unit: null, envelope: 'json', year: opts.year };
    const { queue, release, finish } = await takeTurn({ slots, merged, highWater, out, errors, meta, follow, signal: opts.signal });
    let bytes = 0;
    const result = await runHost({
      target: t,
      params,
      command: { units, since: o.since ?? null, until: o.until ?? null, follow, sudo: !!o.sudo },
      commandTimeoutMs: follow ? 0 : (o.commandTimeoutMs ?? SSH_DEFAULTS.commandTimeoutMs),
      maxReconnects: o.maxReconnects ?? SSH_DEFAULTS.maxReconnects,
      reconnectBaseMs: o.reconnectBaseMs ?? SSH_DEFAULTS.reconnectBaseMs,
      queue,
      progress: (state, b, error) => {
        bytes = b;
        report(state, b, error);
      },
      track: (s) => {
        sessions.add(s);
        return () => sessions.delete(s);
      },
      // Follow mode never ends: the slot only bounds how many handshakes run at once.
      onStarted: follow ? release : undefined,
    }).catch((e: unknown) => ({ ok: false as const, message: `internal error reading ${t.label}: ${String(e)}` }));
    if (result.ok) report('done', bytes);
    else report('failed', bytes, result.message);
    finish(result.ok, result.ok ? null : { source: t.label, message: result.message });
    running--;
    if (running === 0) {
      merged?.end();
      out.kick();
    }
  };

  for (const t of targets) void startHost(t);

  try {
    yield* out.drain(() => running === 0, opts.signal);
    // Merged mode without --follow reports failures after its stream ended (see sayError()).
    for (const e of errors) yield e;
  } finally {
    closeAll();
    merged?.end();
    unregister();
    opts.signal.removeEventListener('abort', onAbort);
  }
}



/** How every host of the run connects (keys, agent, timeouts), from the SSH options. */
export function connectParamsOf(o: SshOptions, home: string, signal: AbortSignal): ConnectParams {
  return {
    keys: new KeyLoader(o.askPassphrase === undefined ? terminalPrompt() : o.askPassphrase),
    agent: o.agent === undefined ? (process.env.SSH_AUTH_SOCK ?? null) || null : o.agent,
    identity: o.identity ?? [],
    defaultFiles: o.defaultKeys === false ? [] : defaultKeyFiles(home),
    connectTimeoutMs: SSH_DEFAULTS.connectTimeoutMs,
    keepaliveIntervalMs: o.keepaliveIntervalMs ?? SSH_DEFAULTS.keepaliveIntervalMs,
    keepaliveCountMax: o.keepaliveCountMax ?? SSH_DEFAULTS.keepaliveCountMax,
    signal,
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}
