// `--format dcos` and `--format curl`: scripts a user reviews and runs. Everything from the logs is
// shell-quoted (commands) or neutralised (comments); the token is only ever a variable reference.
import { decide, finalRefusal, NO_CONSENT, type PolicyDecision } from '../policy/index.js';
import type { Finding, ScanResult } from '../types.js';
import { dcosCliLine, httpRequestsFor } from './requests.js';
import { safeText, shellQuote } from './text.js';

const comment = (s: string): string => `# ${safeText(s)}`;

/** A finding that becomes a command: live when the policy allows it with no consent, else disabled. */
interface Planned {
  f: Finding;
  /** The policy with no consent and nobody to ask: running a script asks nobody. */
  d: PolicyDecision;
}

const live = (p: Planned): boolean => p.d.verdict === 'allow';
const maybeDisabled = (p: Planned, line: string): string => (live(p) ? line : `# ${line}`);

/**
 * Comment lines shown above a finding's command: risk, why it is written disabled (exactly what the
 * policy refuses without consent: running a reviewed script must never grant by surprise), the
 * derived mapping, warnings.
 */
function notes({ f, d }: Planned): string[] {
  const out: string[] = [];
  if (d.risk === 'dangerous') out.push(comment(`DANGEROUS: ${f.rid} ${f.action}: ${f.explanation}`));
  else if (d.risk === 'sensitive') out.push(comment(`SENSITIVE: ${f.rid} ${f.action}: ${f.explanation}`));
  else if (d.risk === 'unknown') out.push(comment(`not in the permission catalog: ${f.rid}`));
  if (!live({ f, d })) out.push(comment(`Commented out (${d.reason}): uncomment it only if you mean it.`));
  if (f.kind === 'derived' && f.derived) out.push(comment(`derived from ${f.derived.rawAction} ${f.derived.path}: inferred mapping, check it`));
  for (const w of f.warnings) if (!(f.kind === 'derived' && w.startsWith('inferred from'))) out.push(comment(`warning: ${w}`));
  return out;
}

/** Findings split into what becomes a command (live or disabled) and what only gets a comment. */
function partition(findings: readonly Finding[]): { grant: Planned[]; skipped: string[] } {
  const grant: Planned[] = [];
  const skipped: string[] = [];
  for (const f of findings) {
    const why = finalRefusal(f);
    if (why) skipped.push(comment(`skipped ${f.uid} ${f.rid} ${f.action} (${f.count}×): ${why}`));
    else grant.push({ f, d: decide(f, NO_CONSENT) });
  }
  return { grant, skipped };
}

const headline = (grant: readonly Planned[]): string => {
  const off = grant.filter((p) => !live(p)).length;
  return `${grant.length - off} grant(s)${off ? ` and ${off} commented out (they need a consent)` : ''}`;
};

/** One `dcos security org users grant UID RID ACTION` line per grantable finding. */
export function renderDcos(result: ScanResult): string {
  const { grant, skipped } = partition(result.findings);
  const lines = [comment(`audit2grant: ${headline(grant)} from ${result.stats.denyLines} denial(s). Review before running.`)];
  for (const p of grant) {
    lines.push(...notes(p));
    lines.push(maybeDisabled(p, dcosCliLine(p.f, 'grant')));
  }
  lines.push(...skipped);
  return `${lines.join('\n')}\n`;
}

export interface CurlOptions {
  /** Variable holding the cluster URL (default DCOS_URL). */
  urlVar?: string;
  /** Variable holding the auth token (default DCOS_ACS_TOKEN); its value is never written. */
  tokenVar?: string;
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A POSIX sh script with the two IAM calls per grant. Each call checks its HTTP status itself
 * (`curl -f` would abort on the 409 that means "ACL exists" / "already granted", which is success).
 */
export function renderCurl(result: ScanResult, opts: CurlOptions = {}): string {
  const urlVar = opts.urlVar ?? 'DCOS_URL';
  const tokenVar = opts.tokenVar ?? 'DCOS_ACS_TOKEN';
  if (!VAR_NAME.test(urlVar) || !VAR_NAME.test(tokenVar)) throw new Error('renderCurl: variable names must be shell identifiers');
  const { grant, skipped } = partition(result.findings);
  const auth = `-H "Authorization: token=\${${tokenVar}}"`;
  const call = (method: string, path: string, body: string | null, ok: string): string =>
    [
      // --globoff: rids may hold [ ] { }, which curl would otherwise expand as URL patterns.
      'curl -sS --globoff -o /dev/null -w',
      `'%{http_code}\\n'`,
      `-X ${method}`,
      auth,
      ...(body === null ? [] : [`-H 'Content-Type: application/json'`, `-d ${shellQuote(body)}`]),
      `"\${${urlVar}}"${shellQuote(path)}`,
      `| expect_status ${ok}`,
    ].join(' ');
  const lines = [
    '#!/bin/sh',
    comment(`audit2grant: ${headline(grant)} through the DC/OS IAM API. Review before running.`),
    comment(`Needs ${urlVar} (cluster URL) and ${tokenVar} (e.g. from \`dcos config show core.dcos_acs_token\`).`),
    'set -eu',
    `: "\${${urlVar}:?set ${urlVar} to the cluster URL}"`,
    `: "\${${tokenVar}:?set ${tokenVar} to a DC/OS auth token}"`,
    `${urlVar}=\${${urlVar}%/}`,
    comment('201/204 = done; 409 = the ACL already exists / the grant is already held.'),
    'expect_status() { read -r code; for ok in "$@"; do [ "$code" = "$ok" ] && return 0; done; echo "unexpected HTTP status $code" >&2; return 1; }',
  ];
  for (const p of grant) {
    lines.push('', comment(`${p.f.uid} ${p.f.rid} ${p.f.action}`), ...notes(p));
    // The very calls the IAM client makes: the ACL (201 created, 409 exists), then the grant (204, 409 held).
    const [acl, ace] = httpRequestsFor(p.f, 'grant');
    lines.push(maybeDisabled(p, call(acl.method, acl.path, acl.body ?? null, '201 409')));
    lines.push(maybeDisabled(p, call(ace.method, ace.path, ace.body ?? null, '204 409')));
  }
  if (skipped.length) lines.push('', ...skipped);
  return `${lines.join('\n')}\n`;
}
