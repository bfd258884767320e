// Entry point of the local sources: source specs → one stream at a time (files, directories,
// globs, stdin, gzip, diagnostics bundles, binary journals), each failure a SourceError while the
// other sources still run. `ssh://` specs go to the ssh sources and `dcos://` specs to the logging
// API sources, after every local one (local files end; live remote sources may not).
//
// Contract for the consumer: read each stream's `chunks` to the end (or break out of it) before
// pulling the next item, except live streams (`live: true`: followed files, the ssh follow stream),
// which never end by themselves: read them alongside the next items, and always iterate (or
// return) them, since that releases them. A failure in the middle of a stream (truncated gzip, read
// error, journalctl exit status) ends its `chunks` normally and is reported as the next item, a
// SourceError (a live stream's through its `failure()`): the bytes before it are still scanned. A
// stream read only in part without failing (bytes after a gzip's end, a file truncated while read)
// is reported the same way, its SourceError marked `incomplete`: a warning. On abort, chunks end and
// no more items come.
import { redactUrls } from '../core/redact.js';
import type { Readable } from 'node:stream';
import type { Framing, IncompleteKind, SourceError, StreamMeta } from '../core/types.js';
import { describeSourceError, IncompleteInput } from './describe-error.js';
import { isDcosSpec } from './dcos/spec.js';
import { expandSpec, isSshSpec } from './expand.js';
import { mergeItems } from './fan-out.js';
import { openFile } from './file.js';
import type { LocalOptions } from './local-options.js';
import { isOpened, type Item, type Opened } from './opened.js';
import { ReadOnce } from './same-file.js';
import { openStdin, STDIN_LABEL } from './stdin.js';
import type { DcosOptions } from './dcos/options.js';
import type { SshOptions } from './ssh/options.js';

export interface SourceStream {
  meta: StreamMeta;
  /** Size of the bytes `chunks` yields when known (plain files, plain bundle entries); null when decompressed or streamed. */
  size: number | null;
  /** `export`: journal export format (binary journal files, `*.export`, or text starting with `__CURSOR=` or `__REALTIME_TIMESTAMP=`). */
  framing: Framing;
  /**
   * Raw, already decompressed bytes in big chunks (up to 1 MiB, usually ≥ 256 KiB). Plain files
   * reuse a pool of read buffers: a chunk's bytes stay valid until FILE_CHUNK_LIFETIME (file.ts) further
   * chunks of the stream have been pulled; copy what must live longer.
   */
  chunks: AsyncIterable<Buffer>;
  /**
   * Keeps yielding until aborted (a followed file, the ssh follow stream): the consumer reads it
   * concurrently with the next items (which may come before it ends) and flushes its scanner when
   * it goes quiet. Its chunk lifetime is the same as above.
   */
  live?: boolean;
  /** Live streams only: after `chunks` ended, why they ended early (one line), or null. Non-live streams report it as the next item. */
  failure?(): string | null;
  /**
   * Lines over the line cap that the source dropped before the scan (a dcos:// entry kept only for
   * its cursor): the scan counts them with the ones its scanner cut (`long-lines-cut`).
   */
  cutLines?(): number;
  /** The source as the user named it (a directory, glob, bundle or `-`; the url for ssh://): what warnings name. */
  spec?: string;
}

export interface OpenOptions extends LocalOptions {
  /** Passed through to the ssh sources. */
  ssh?: SshOptions;
  /** Passed through to the dcos:// sources. */
  dcos?: DcosOptions;
  /** What `-` reads; default process.stdin (tests pass a Readable). */
  stdin?: Readable;
}

export type { SourceError };

export function isSourceError(item: SourceStream | SourceError): item is SourceError {
  return !('chunks' in item);
}

type SshOpener = (urls: string[], opts: OpenOptions) => AsyncIterable<SourceStream | SourceError>;

export async function* openSources(specs: string[], opts: OpenOptions): AsyncGenerator<SourceStream | SourceError> {
  const sshUrls: string[] = [];
  const dcosSpecs: string[] = [];
  let stdinUsed = false;
  // Across specs too: a directory and a file in it, or one file named twice, is read once.
  const readOnce = new ReadOnce();
  for (const spec of specs) {
    if (opts.signal.aborted) return;
    if (isSshSpec(spec)) {
      sshUrls.push(spec);
      continue;
    }
    if (isDcosSpec(spec)) {
      dcosSpecs.push(spec);
      continue;
    }
    if (spec === '-') {
      if (stdinUsed) {
        yield { source: STDIN_LABEL, message: 'stdin (-) was given more than once: it can be read only once' };
        continue;
      }
      stdinUsed = true;
      yield* bySpec(deliverAll(openStdin(opts.stdin ?? process.stdin, opts), opts.signal), STDIN_LABEL);
      continue;
    }
    for await (const target of expandSpec(spec, opts.signal, readOnce)) {
      if (opts.signal.aborted) return;
      if ('source' in target) yield target;
      else yield* bySpec(deliverAll(openFile(target.path, target.label, target.inDirectory ? { ...opts, follow: false, walked: true } : opts), opts.signal), spec);
    }
  }
  if (opts.signal.aborted) return;
  const remote: AsyncGenerator<SourceStream | SourceError>[] = [];
  if (sshUrls.length > 0) remote.push(openSsh(sshUrls, opts));
  if (dcosSpecs.length > 0) remote.push(openDcos(dcosSpecs, opts));
  const [only] = remote;
  if (only && remote.length === 1) yield* only;
  else if (remote.length > 1) yield* mergeItems(remote);
}

async function* openDcos(specs: string[], opts: OpenOptions): AsyncGenerator<SourceStream | SourceError> {
  yield* (await import('./dcos/index.js')).openDcosSources(specs, opts);
}

async function* openSsh(urls: string[], opts: OpenOptions): AsyncGenerator<SourceStream | SourceError> {
  let open: SshOpener | undefined;
  try {
    open = (await import('./ssh/index.js')).openSshSources;
  } catch {
    open = undefined; // a build without the ssh sources
  }
  if (!open) {
    for (const url of urls.map(redactUrls)) yield { source: url, message: `ssh sources are not available in this build: cannot read ${url}` };
    return;
  }
  yield* open(urls, opts);
}

/** Tags each stream with the spec it came from (errors already name their source). */
async function* bySpec(items: AsyncGenerator<SourceStream | SourceError>, spec: string): AsyncGenerator<SourceStream | SourceError> {
  for await (const item of items) yield isSourceError(item) ? item : Object.assign(item, { spec });
}

/** Turns an opener's items into streams; after each stream, its failure (if any) as a SourceError. */
async function* deliverAll(items: AsyncGenerator<Item>, signal: AbortSignal): AsyncGenerator<SourceStream | SourceError> {
  try {
    for await (const item of items) {
      if (!isOpened(item)) {
        yield item;
        continue;
      }
      yield* deliver(item, signal);
      if (signal.aborted) return;
    }
  } finally {
    await items.return(undefined);
  }
}

async function* deliver(opened: Opened, signal: AbortSignal): AsyncGenerator<SourceStream | SourceError> {
  const { meta, progress } = opened;
  let failure: string | null = null;
  // Read only in part (every byte read was scanned): a warning of that kind, the source did not fail.
  let incomplete: IncompleteKind | null = null;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const c of opened.chunks) yield c;
    } catch (err) {
      failure = describeSourceError(err, meta.label);
      if (err instanceof IncompleteInput) incomplete = err.kind;
    } finally {
      await opened.close();
      // A live stream outlives this generator's turn: it reports its own end. Ended by the abort
      // is its normal end.
      if (opened.live) {
        if (failure !== null) progress.failed(failure);
        else progress.done();
      }
    }
  }
  const iter = chunks();
  progress.start(opened.note);
  if (opened.live) {
    yield { meta, size: opened.size, framing: opened.framing, chunks: iter, live: true, failure: () => failure };
    return;
  }
  try {
    yield { meta, size: opened.size, framing: opened.framing, chunks: iter };
  } finally {
    // The consumer moved on (or stopped): release whatever it did not read.
    await iter.return(undefined);
    await opened.close();
    if (failure !== null && incomplete === null) progress.failed(failure);
    else if (signal.aborted) progress.failed('aborted');
    else progress.done();
  }
  if (failure !== null) yield incomplete === null ? { source: meta.label, message: failure, midway: true } : { source: meta.label, message: failure, incomplete };
}
