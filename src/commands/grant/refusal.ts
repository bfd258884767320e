// What a grant batch the rails refused says next: the flags that would let it all through, and for
// `--from` a filter keeping only the NORMAL findings, the ones granted with no consent at all (a
// pipeline has no terminal to confirm the others, and the batch is applied whole or not at all).
import type { BatchDecision, Consent } from '../../core/policy/index.js';
import { asciiText } from '../../core/text.js';

const FLAGS: readonly [Consent, string][] = [['allow-dangerous', '--allow-dangerous'], ['force-native', '--force-native'], ['yes', '--yes']];

/** The jq filter keeping a `scan --format json`'s NORMAL findings (its `risk` field, the catalog's rating). */
export const NORMAL_ONLY = '.findings |= map(select(.risk == "normal"))';

/** A word as a POSIX shell reads it back: bare when it is safe so, else single-quoted. */
function shellWord(w: string): string {
  const s = asciiText(w);
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface RefusalContext {
  /** `--from`'s argument (`-` for stdin), or undefined for pairs given on the command line. */
  from?: string;
  uid?: string;
  /** `--gid`: the batch goes to this group; the command to copy must say so too. */
  gid?: string;
  allAccounts?: boolean;
  /** `--allow-derived`: the file's derived findings are in the batch; the copied command keeps them. */
  allowDerived?: boolean;
  /** Consents given already, carried on so the command grants what this one was asked to. */
  forceNative?: boolean;
  allowDangerous?: boolean;
}

/** The options of `o` that say to whom and with which consents: the copied command must keep every one. */
function whoOf(o: RefusalContext): string {
  const words = [
    ...(o.allAccounts ? ['--all-accounts'] : []),
    ...(o.allowDerived ? ['--allow-derived'] : []),
    ...(o.uid !== undefined ? ['--uid', shellWord(o.uid)] : []),
    ...(o.gid !== undefined ? ['--gid', shellWord(o.gid)] : []),
    ...(o.forceNative ? ['--force-native'] : []),
    ...(o.allowDangerous ? ['--allow-dangerous'] : []),
  ];
  return words.map((w) => ` ${w}`).join('');
}

/**
 * The way past a refusal that consents can lift (null when a refusal is for good, or none is about
 * consent): the flags, and with --from the jq filter, as a command to copy.
 */
export function wayForward(refused: readonly BatchDecision[], o: RefusalContext): string | null {
  if (refused.length === 0 || refused.some((d) => d.final)) return null;
  const needs = new Set(refused.flatMap((d) => d.needs));
  const flags = FLAGS.filter(([c]) => needs.has(c)).map(([, f]) => f);
  if (flags.length === 0) return null;
  const all = `to grant the whole batch, run it again with ${flags.join(' ')}`;
  // The filter helps only when every refused pair is one it drops (a native account's NORMAL pair stays).
  if (o.from === undefined || refused.some((d) => d.risk === 'normal')) return `${all}, or leave the refused pair${refused.length === 1 ? '' : 's'} out`;
  // Dropping one of them would grant elsewhere: without --gid, to the accounts instead of the group.
  const who = whoOf(o);
  const jq = `jq '${NORMAL_ONLY}'`;
  const keep = o.from === '-' ? `audit2grant scan ... --json | ${jq} | audit2grant grant --from -${who}` : `${jq} ${shellWord(o.from)} | audit2grant grant --from -${who}`;
  return `${all}; to grant only the NORMAL findings (none needs a confirmation), with the same cluster options: ${keep}`;
}
