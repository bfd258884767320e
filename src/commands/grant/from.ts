// `grant --from FILE|-`: the findings of a `scan --format json` (version 1) as grant pairs, each
// with its own uid. What the policy refuses for good is skipped with a note (non-rid findings,
// native accounts) or is a usage error (an invalid pair); a malformed file is a usage error. The
// file's own `risk` is not read: the policy rates each pair from the catalog.
import { createReadStream, type ReadStream } from 'node:fs';
import { addAbortSignal, Readable } from 'node:stream';
import { asciiText, safeRedacted, safeText } from '../../core/text.js';
import { decide, EVERY_CONSENT } from '../../core/policy/index.js';
import type { Finding, GrantPair, ScanWarning } from '../../core/types.js';
import { NO_VERDICT_KINDS } from '../../core/findings/verdict.js';
import { OperationalError, UsageError } from '../../errors.js';
import { describeSourceError } from '../../sources/describe-error.js';

export interface FromFile {
  pairs: GrantPair[];
  notes: string[];
  /** Set when the scan was partial (interrupted, findings past the memory bound not kept, a source failed, input not judged): said before any grant. */
  partial: string | null;
  /** The pairs that come from derived findings (an inferred mapping, not the logged permission), with where. */
  derived: { at: string; pair: GrantPair }[];
  /** How many derived findings were left out for want of `--allow-derived`. */
  derivedLeftOut: number;
  /** With `onlyUid`: the other accounts the file holds findings of (at most a few), for a hint when none is that one. */
  others: string[];
}

/** Why a derived finding is left out: nothing a log did not name is granted without its own consent. */
const DERIVED_SKIPPED = 'derived: inferred from what was logged, not the permission the log named; check it, then pass --allow-derived to grant derived findings';

/** Other accounts named in a "nothing to grant" hint. */
const OTHERS_SHOWN = 5;

/**
 * The most `--from` reads. A scan's or a report's JSON is far smaller; anything larger (a device,
 * a log passed by mistake) is refused rather than held in memory.
 */
export const MAX_FROM_BYTES = 64 * 1024 * 1024;

/** For a finding with no kind: where pairs without evidence go instead. */
const KIND_HINT = 'produce the file with `audit2grant scan SOURCE... --format json`, or name pairs yourself with `grant --uid UID RID ACTION`';

/** The stream's text, read without blocking (a signal ends it) and never past MAX_FROM_BYTES. */
async function readBounded(stream: NodeJS.ReadableStream, file: string, signal?: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const hint = 'pass the output of `audit2grant scan --format json` (or `unused --format json` for revoke)';
  try {
    for await (const c of stream) {
      const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
      size += b.length;
      if (size > MAX_FROM_BYTES) throw new UsageError(`--from ${file === '-' ? '- (stdin)' : file} is larger than ${MAX_FROM_BYTES / 1024 / 1024} MiB: not a findings file`, hint);
      chunks.push(b);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (signal?.aborted) throw new OperationalError('interrupted');
    throw new UsageError(`--from: ${describeSourceError(e, file === '-' ? 'stdin' : file)}`, hint);
  } finally {
    if (file !== '-') (stream as ReadStream).destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The text of `--from FILE|-`, read asynchronously, bounded, and abortable by `signal` (SIGINT/SIGTERM). */
export async function readFindingsFile(file: string, stdin: NodeJS.ReadableStream = process.stdin, signal?: AbortSignal): Promise<string> {
  if (file === '-') {
    if (signal && stdin instanceof Readable) addAbortSignal(signal, stdin);
    return readBounded(stdin, file, signal);
  }
  return readBounded(createReadStream(file, signal ? { signal } : {}), file, signal);
}

/**
 * Pairs from the scan JSON text; `onlyUid` keeps one principal's findings. Only a finding of kind
 * `permission` (the very pair a log line denied) is granted as it is: a derived one (a mapping
 * audit2grant inferred) is left out with a note unless `allowDerived` (`--allow-derived`) consents.
 */
export function pairsFromScanJson(text: string, where: string, onlyUid?: string, allowDerived = false): FromFile {
  const hint = 'produce it with `audit2grant scan SOURCE... --format json`';
  let doc: unknown;
  // An empty pipe is the usual `scan … --format json | grant --from -` whose scan failed.
  if (text.trim() === '') throw new UsageError(`${where} is empty${where === 'stdin' ? ' (did the command before the pipe fail?)' : ''}: no scan result`, hint);
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${where} is not valid JSON`, hint);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${where} is not a scan result (expected a JSON object)`, hint);
  const d = doc as { version?: unknown; findings?: unknown; findingsNotKept?: unknown; warnings?: unknown; errors?: unknown };
  if (d.version !== 1) throw new UsageError(`${where}: unsupported version ${JSON.stringify(d.version ?? null)} (this audit2grant reads version 1)`, hint);
  if (!Array.isArray(d.findings)) throw new UsageError(`${where}: "findings" must be an array`, hint);
  const pairs: GrantPair[] = [];
  const notes: string[] = [];
  const derived: FromFile['derived'] = [];
  let derivedLeftOut = 0;
  const others = new Set<string>();
  d.findings.forEach((f: unknown, i: number) => {
    const at = `${where}: finding #${i + 1}`;
    if (!f || typeof f !== 'object') throw new UsageError(`${at} is not an object`, hint);
    const o = f as Record<string, unknown>;
    for (const k of ['uid', 'rid', 'action'] as const) {
      if (typeof o[k] !== 'string') throw new UsageError(`${at} has no string "${k}"`, hint);
    }
    // No kind is no evidence: a scan result always says whether a log line denied the very pair
    // (docs/policy.md); one without it would be granted as one that did, without --allow-derived.
    const kind = o.kind;
    if (kind === undefined) throw new UsageError(`${at} has no "kind" ("permission", "derived" or "non-rid", as scan --format json writes)`, KIND_HINT);
    if (kind !== 'permission' && kind !== 'derived' && kind !== 'non-rid') throw new UsageError(`${at} has an unknown kind ${JSON.stringify(kind)}`, hint);
    const finding = { uid: o.uid, rid: o.rid, action: o.action, kind } as Pick<Finding, 'uid' | 'rid' | 'action' | 'kind'>;
    if (onlyUid !== undefined && finding.uid !== onlyUid) {
      if (others.size < OTHERS_SHOWN) others.add(finding.uid);
      return;
    }
    // Refused whatever the consents: non-rid findings and DC/OS's own accounts (a whole-cluster scan
    // holds them) are left out with a note; the task:user exception for dcos_marathon/dcos_metronome
    // stays and meets the rails with the other pairs.
    const d = decide(finding, EVERY_CONSENT);
    if (d.final && d.rule !== 'invalid') {
      notes.push(`skipped ${at} (${asciiText(finding.uid)} ${asciiText(finding.rid)} ${asciiText(finding.action)}): ${safeText(d.reason)}`);
      return;
    }
    if (d.final) throw new UsageError(`${at}: ${d.reason}`, 'fix or remove that finding');
    const pair = { uid: finding.uid, rid: finding.rid, action: finding.action };
    if (kind === 'derived' && !allowDerived) {
      notes.push(`skipped ${at} (${asciiText(finding.uid)} ${asciiText(finding.rid)} ${asciiText(finding.action)}): ${DERIVED_SKIPPED}`);
      derivedLeftOut++;
      return;
    }
    if (kind === 'derived') derived.push({ at, pair });
    pairs.push(pair);
  });
  return { pairs, notes, partial: interruptedOf(d.warnings, where) ?? partialOf(d.findingsNotKept, where) ?? unjudgedOf(d.errors, d.warnings, where), derived, derivedLeftOut, others: [...others] };
}

/** The scan was stopped before its end (its `interrupted` warning): what it did not read may need more grants. */
function interruptedOf(warnings: unknown, where: string): string | null {
  const stopped = Array.isArray(warnings) && warnings.some((w: unknown) => !!w && typeof w === 'object' && (w as { kind?: unknown }).kind === 'interrupted');
  return stopped ? `${where} is a partial scan: it was interrupted before its end, so these grants may not be all the account needs; scan again to the end` : null;
}

/** The scan's findings were bounded (json `findingsNotKept`): a grant from it must not pass for complete. */
function partialOf(n: unknown, where: string): string | null {
  if (!n || typeof n !== 'object') return null;
  const { findings, denials } = n as { findings?: unknown; denials?: unknown };
  const count = typeof findings === 'number' ? `${findings}` : 'some';
  const of = typeof denials === 'number' ? ` (${denials} denial(s))` : '';
  return `${where} is a partial scan: ${count} distinct finding(s)${of} past its memory bound were not kept, so these grants may not be all the account needs; scan again with --uid UID (its findings are always kept)`;
}

/** Sources that failed or input not judged (the warnings that leave no verdict): a grant from it must not pass for complete. */
function unjudgedOf(errors: unknown, warnings: unknown, where: string): string | null {
  const failed = Array.isArray(errors) ? errors.length : 0;
  const kindOf = (w: unknown): unknown => (w && typeof w === 'object' ? (w as { kind?: unknown }).kind : undefined);
  const unread = Array.isArray(warnings) ? warnings.filter((w) => NO_VERDICT_KINDS.has(kindOf(w) as ScanWarning['kind'])).length : 0;
  if (failed + unread === 0) return null;
  const what = [...(failed ? [`${failed} source(s) failed`] : []), ...(unread ? [`${unread} warning(s) say input was not judged whole`] : [])].join(' and ');
  return `${where} is a partial scan: ${what} (see its "errors" and "warnings"), so these grants may not be all the account needs; fix what it says and scan again`;
}

/**
 * Why `--from FILE --uid U` found nothing for U, when the file holds other accounts: which (escaped:
 * the file's text), and the one U likely meant when only case tells them apart.
 */
export function otherAccountsHint(file: FromFile, uid: string): string {
  if (file.others.length === 0) return '';
  const close = file.others.find((o) => o.toLowerCase() === uid.toLowerCase());
  const guess = close === undefined ? '' : `; did you mean --uid ${asciiText(close)}? (uids are compared exactly)`;
  return ` (it holds findings of ${file.others.map(asciiText).join(', ')}${file.others.length === OTHERS_SHOWN ? ', …' : ''}${guess})`;
}

/** The accounts whose findings a file holds, each with how many pairs, in the file's order. */
function accountsOf(pairs: readonly GrantPair[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of pairs) m.set(p.uid, (m.get(p.uid) ?? 0) + 1);
  return m;
}

/**
 * A scan made without --uid holds every principal that was denied anything, anyone probing the
 * cluster included: granting all of it takes a choice, --uid (one account) or --all-accounts.
 */
export function checkAccounts(file: FromFile, where: string, o: { uid?: string; allAccounts?: boolean }): void {
  const accounts = accountsOf(file.pairs);
  if (o.uid !== undefined || o.allAccounts || accounts.size <= 1) return;
  const names = [...accounts.keys()];
  const shown = names.slice(0, 5).map(asciiText).join(', ') + (names.length > 5 ? `, … (${names.length - 5} more)` : '');
  throw new UsageError(
    `${where} holds findings of ${names.length} accounts (${shown}): grant --from grants one account's findings unless told otherwise: nothing was granted`,
    `pass --uid UID to grant one account's (audit2grant grant --from ${where === 'stdin' ? '-' : where} --uid ${asciiText(names[0] as string)}), or --all-accounts to grant every account's`,
  );
}

/**
 * What grant --from is about to do, said before anything is sent: how many grants, to whom, on which
 * cluster; then each derived finding granted with --allow-derived (an inferred mapping: the loop's `a` leaves them out, the scan's scripts comment them out).
 */
export function fromSummary(file: FromFile, where: string, o: { grants: number; gid?: string; cluster: string | null; dryRun: boolean }): string[] {
  const accounts = accountsOf(file.pairs);
  const list = [...accounts].map(([uid, n]) => (accounts.size === 1 ? asciiText(uid) : `${asciiText(uid)} (${n})`));
  const whose = `${accounts.size === 1 ? 'account' : `${accounts.size} accounts:`} ${list.join(', ')}`;
  const to = o.gid !== undefined ? `group ${asciiText(o.gid)} (every member gets them; the findings of ${whose})` : whose;
  const on = o.cluster !== null ? safeRedacted(o.cluster) : 'no cluster (none configured)';
  const n = file.derived.length;
  const derived = n > 0 ? `; ${n} of them from derived findings (see the notes)` : '';
  const lines = [`${o.dryRun ? 'would grant' : 'granting'} ${o.grants} permission${o.grants === 1 ? '' : 's'} to ${to} on ${on} (from ${where})${derived}`];
  for (const { at, pair } of file.derived) {
    lines.push(`note: ${at} (${asciiText(pair.uid)} ${asciiText(pair.rid)} ${asciiText(pair.action)}) is derived: inferred from what was logged, not a permission the log named; granted as --allow-derived asks (the loop's \`a\` leaves such findings out; --format dcos, curl and terraform write them commented out)`);
  }
  return lines;
}
