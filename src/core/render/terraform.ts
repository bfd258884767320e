// `--format terraform`: one `dcos_security_org_user_grant` resource per grantable finding, for teams
// that manage IAM with the DC/OS Terraform provider and want to commit exactly what was discovered.
// The provider turns each `/` of the rid into `%252F` itself, so the rid is written as it is.
// What a reviewed script would not run live is written commented out, inferred mappings (derived
// findings) among them (script-plan.ts): a committed file is applied again and again.
import { createHash } from 'node:crypto';
import type { ScanResult } from '../types.js';
import { denialsText } from './denials.js';
import { joinLines, notes, partialNotes } from './scripts.js';
import { headline, live, partition, type Planned } from './script-plan.js';
import { safeText } from '../text.js';

export const TERRAFORM_RESOURCE = 'dcos_security_org_user_grant';

/** Longest readable part of a resource name (the hash after it keeps names apart). */
const MAX_SLUG = 80;

/** The characters a name keeps: lower-case letters, digits, `_` (`-` too is legal, but `_` reads as one word). */
function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/**
 * The resource name of a grant: a function of (uid, rid, action) alone, so the same finding keeps its
 * name from one scan to the next (Terraform would otherwise destroy and re-create it), and a valid
 * identifier (a letter first, then letters, digits, `_`). The readable part can coincide for two rids
 * (`a/b` and `a:b`), so a hash of the exact triple ends the name.
 */
export function terraformName(uid: string, rid: string, action: string, hexDigits = 8): string {
  const readable = slug(`${uid}_${rid.replace(/^dcos:/i, '')}_${action}`).slice(0, MAX_SLUG).replace(/_+$/, '');
  const hash = createHash('sha256').update(`${uid}\n${rid}\n${action}`).digest('hex').slice(0, hexDigits);
  return `${/^[a-z]/.test(readable) ? '' : 'grant_'}${readable}_${hash}`;
}

/** An HCL quoted string: `\` and `"` escaped, and `${` / `%{` (template sequences) doubled so they stay text. */
export function hclString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{')}"`;
}

/** Names for the whole output: the 8-digit hash, or the full one for the (astronomically rare) pairs whose short names meet. */
function names(grant: readonly Planned[]): string[] {
  const short = grant.map((p) => ({ p, name: terraformName(p.f.uid, p.f.rid, p.f.action) }));
  const seen = new Map<string, number>();
  for (const { name } of short) seen.set(name, (seen.get(name) ?? 0) + 1);
  return short.map(({ p, name }) => ((seen.get(name) ?? 0) > 1 ? terraformName(p.f.uid, p.f.rid, p.f.action, 64) : name));
}

export function renderTerraform(result: ScanResult): string {
  return joinLines(renderTerraformLines(result));
}

/** renderTerraform's lines, without their newlines (written in pieces, as the other scripts). */
export function* renderTerraformLines(result: ScanResult): Generator<string> {
  const { grant, skipped } = partition(result.findings);
  yield* [
    `# audit2grant: ${headline(grant)} from ${denialsText(result, () => 'denial(s)')}. Review before applying.`,
    '# Needs the DC/OS provider (mesosphere/dcos); it encodes the "/" of a resource id itself.',
    '# Resource names depend only on uid, resource and action: a later scan names the same grant the same.',
    ...partialNotes(result),
  ];
  const resourceNames = names(grant);
  for (const [i, p] of grant.entries()) {
    const block = [
      `resource "${TERRAFORM_RESOURCE}" "${resourceNames[i]}" {`,
      `  uid      = ${hclString(p.f.uid)}`,
      `  resource = ${hclString(p.f.rid)}`,
      `  action   = ${hclString(p.f.action)}`,
      '}',
    ];
    const off = !live(p);
    yield* ['', ...notes(p), ...block.map((l) => (off ? `# ${safeText(l)}` : l))];
  }
  if (skipped.length) yield* ['', ...skipped];
}
