// `grant --from FILE|-`: the findings of a `scan --format json` (version 1) as grant pairs, each
// with its own uid. What the policy refuses for good is skipped with a note (non-rid findings,
// native accounts) or is a usage error (an invalid pair); a malformed file is a usage error. The
// file's own `risk` is not read: the policy rates each pair from the catalog.
import { readFileSync } from 'node:fs';
import { asciiText, safeText } from '../../core/text.js';
import { decide, EVERY_CONSENT } from '../../core/policy/index.js';
import type { Finding, GrantPair } from '../../core/types.js';
import { UsageError } from '../../errors.js';

export interface FromFile {
  pairs: GrantPair[];
  notes: string[];
  /** Set when the scan was partial (its findings past the memory bound were not kept): said before any grant. */
  partial: string | null;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function readFindingsFile(file: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if (file === '-') return readAll(stdin);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --from ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'pass the output of `audit2grant scan --format json`');
  }
}

/** Pairs from the scan JSON text; `onlyUid` keeps one principal's findings. */
export function pairsFromScanJson(text: string, where: string, onlyUid?: string): FromFile {
  const hint = 'produce it with `audit2grant scan SOURCE... --format json`';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${where} is not valid JSON`, hint);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${where} is not a scan result (expected a JSON object)`, hint);
  const d = doc as { version?: unknown; findings?: unknown; findingsNotKept?: unknown };
  if (d.version !== 1) throw new UsageError(`${where}: unsupported version ${JSON.stringify(d.version ?? null)} (this audit2grant reads version 1)`, hint);
  if (!Array.isArray(d.findings)) throw new UsageError(`${where}: "findings" must be an array`, hint);
  const pairs: GrantPair[] = [];
  const notes: string[] = [];
  d.findings.forEach((f: unknown, i: number) => {
    const at = `${where}: finding #${i + 1}`;
    if (!f || typeof f !== 'object') throw new UsageError(`${at} is not an object`, hint);
    const o = f as Record<string, unknown>;
    for (const k of ['uid', 'rid', 'action'] as const) {
      if (typeof o[k] !== 'string') throw new UsageError(`${at} has no string "${k}"`, hint);
    }
    const kind = o.kind === undefined ? 'permission' : o.kind;
    if (kind !== 'permission' && kind !== 'derived' && kind !== 'non-rid') throw new UsageError(`${at} has an unknown kind ${JSON.stringify(kind)}`, hint);
    const finding = { uid: o.uid, rid: o.rid, action: o.action, kind } as Pick<Finding, 'uid' | 'rid' | 'action' | 'kind'>;
    if (onlyUid !== undefined && finding.uid !== onlyUid) return;
    // Refused whatever the consents: non-rid findings and DC/OS's own accounts (a whole-cluster scan
    // holds them) are left out with a note; the task:user exception for dcos_marathon/dcos_metronome
    // stays and meets the rails with the other pairs.
    const d = decide(finding, EVERY_CONSENT);
    if (d.final && d.rule !== 'invalid') {
      notes.push(`skipped ${at} (${asciiText(finding.uid)} ${asciiText(finding.rid)} ${asciiText(finding.action)}): ${safeText(d.reason)}`);
      return;
    }
    if (d.final) throw new UsageError(`${at}: ${d.reason}`, 'fix or remove that finding');
    pairs.push({ uid: finding.uid, rid: finding.rid, action: finding.action });
  });
  return { pairs, notes, partial: partialOf(d.findingsNotKept, where) };
}

/** The scan's findings were bounded (json `findingsNotKept`): a grant from it must not pass for complete. */
function partialOf(n: unknown, where: string): string | null {
  if (!n || typeof n !== 'object') return null;
  const { findings, denials } = n as { findings?: unknown; denials?: unknown };
  const count = typeof findings === 'number' ? `${findings}` : 'some';
  const of = typeof denials === 'number' ? ` (${denials} denial(s))` : '';
  return `${where} is a partial scan: ${count} distinct finding(s)${of} past its memory bound were not kept, so these grants may not be all the account needs; scan again with --uid UID (its findings are always kept)`;
}
