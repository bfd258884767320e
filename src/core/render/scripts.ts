// `--format dcos` and `--format curl`: scripts a user reviews and runs. Everything from the logs is
// shell-quoted (commands) or neutralised (comments); the token is only ever a variable reference.
// With a group (`scan --gid`), each finding becomes a grant to that group instead of its account.
import type { ScanResult } from '../types.js';
import { dcosCliLine, httpRequestsFor } from '../plan/requests.js';
import { safeText, shellQuote } from '../text.js';
import { NO_VERDICT_KINDS, notKeptText } from '../findings/verdict.js';
import { disabledWhy, headline, inferredNote, live, partition, type Planned, type PlanOptions } from './script-plan.js';
import { curlStatusLines } from './curl-status.js';
import { denialsText } from './denials.js';

const comment = (s: string): string => `# ${safeText(s)}`;

/** Other no-verdict warnings and failed sources said at a script's top; past these, a count. */
const MAX_UNJUDGED_NOTES = 5;

/**
 * A script from partial findings says so at its top (the warning on stderr is easily missed by the
 * one who later runs the script, or commits it): its grants answer only the denials that were kept,
 * or, from an interrupted scan (SIGINT/SIGTERM), only those read before the stop, or only those of
 * the input that could be judged (a source that failed, a file not read, lines not checked: the
 * warnings that leave "no denials" no verdict).
 */
export const partialNotes = (result: Pick<ScanResult, 'findingsNotKept' | 'warnings' | 'errors'>): string[] => {
  const stopped = result.warnings?.find((w) => w.kind === 'interrupted');
  const unjudged = [
    ...(result.warnings ?? []).filter((w) => NO_VERDICT_KINDS.has(w.kind) && w.kind !== 'interrupted' && w.kind !== 'findings-not-kept').map((w) => w.message),
    ...(result.errors ?? []).map((e) => `a source failed (${e.source}): ${e.message}`),
  ];
  const more = unjudged.length - MAX_UNJUDGED_NOTES;
  return [
    ...(stopped ? [comment(`PARTIAL: ${stopped.message}.`)] : []),
    ...(result.findingsNotKept ? [comment(`PARTIAL: ${notKeptText(result.findingsNotKept)}.`)] : []),
    ...unjudged.slice(0, MAX_UNJUDGED_NOTES).map((m) => comment(`PARTIAL: ${m}`)),
    ...(more > 0 ? [comment(`PARTIAL: ${more} more source error(s) or warning(s) like these (see the scan's stderr or --format json).`)] : []),
  ];
};

const maybeDisabled = (p: Planned, line: string): string => (live(p) ? line : `# ${line}`);

/**
 * Comment lines shown above a finding's command: risk, why it is written disabled (exactly what the
 * policy refuses without consent: running a reviewed script must never grant by surprise), the
 * derived mapping, warnings.
 */
export function notes(p: Planned): string[] {
  const { f, d } = p;
  const out: string[] = [];
  if (p.pair.gid !== undefined) out.push(comment(`for ${p.for.join(', ')}`));
  if (d.risk === 'dangerous') out.push(comment(`DANGEROUS: ${f.rid} ${f.action}: ${f.explanation}`));
  else if (d.risk === 'sensitive') out.push(comment(`SENSITIVE: ${f.rid} ${f.action}: ${f.explanation}`));
  else if (d.risk === 'unknown') out.push(comment(f.catalog === null ? `not in the permission catalog: ${f.rid}` : `unknown risk: ${f.rid} ${f.action}: an action ${f.catalog} does not list`));
  if (!live(p)) out.push(comment(`Commented out (${disabledWhy(p)}): uncomment it only if you mean it.`));
  if (f.kind === 'derived' && f.derived) out.push(comment(`derived from ${f.derived.rawAction} ${f.derived.path}: ${inferredNote(p)}`));
  for (const w of f.warnings) if (!(f.kind === 'derived' && w.startsWith('inferred from'))) out.push(comment(`warning: ${w}`));
  return out;
}

const toGroup = (gid: string | undefined): string => (gid === undefined ? '' : ` to group ${gid} (every member of the group gets them)`);

/** A group to grant to (`scan --gid`); `granted`: the loop's export of what this session granted. */
export type ScriptOptions = PlanOptions;

/** Lines joined as one text, each ending in a newline. */
export const joinLines = (lines: Iterable<string>): string => `${[...lines].join('\n')}\n`;

/** One `dcos security org users grant UID RID ACTION` line per grantable finding (`… groups grant GID …` with a group). */
export function renderDcos(result: ScanResult, opts: ScriptOptions = {}): string {
  return joinLines(renderDcosLines(result, opts));
}

/**
 * renderDcos's lines, without their newlines. The scripts are generators, as the table is: the
 * command writes their lines in pieces instead of holding a script of thousands of grants whole
 * (7,797 findings as curl calls: 110 MB of peak RSS held whole).
 */
export function* renderDcosLines(result: ScanResult, opts: ScriptOptions = {}): Generator<string> {
  const { grant, skipped } = partition(result.findings, opts);
  yield comment(`audit2grant: ${headline(grant)}${toGroup(opts.gid)} from ${denialsText(result, () => 'denial(s)')}. Review before running.`);
  yield* partialNotes(result);
  for (const p of grant) {
    yield* notes(p);
    yield maybeDisabled(p, dcosCliLine(p.pair, 'grant'));
  }
  yield* skipped;
}

export interface CurlOptions extends ScriptOptions {
  /** Variable holding the cluster URL (default DCOS_URL). */
  urlVar?: string;
  /** Variable holding the auth token (default DCOS_ACS_TOKEN); its value is never written. */
  tokenVar?: string;
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The script's curl with the token's header: every IAM call goes through it. */
const CURL_FN = 'a2g_curl';

/**
 * The function every call goes through. The token reaches curl on its stdin, as a config line
 * (`-K -`, in every curl DC/OS runs on: `-H @-` needs 7.55, and CentOS/RHEL 7's 7.29 would send no
 * token), written by printf, a shell builtin: on curl's command line any local user would read it
 * (`ps`, /proc/PID/cmdline), and a here-document may go through a temp file (bash < 5.1). The bodies
 * stay inline (`-d`), so curl reads nothing else on stdin. Within the config's double quotes `"` and
 * `\` are escapes: tokenCheckLines refuses a token holding them (docs/iam-api.md).
 */
const curlAuthLines = (tokenVar: string): readonly string[] => [
  '# The token goes to curl on its stdin (a config line, -K -), never on a command line, where ps shows it.',
  `${CURL_FN}() {`,
  String.raw`  printf 'header = "Authorization: token=%s"\n' "$${tokenVar}" | curl -K - "$@"`,
  '}',
];

/**
 * Before any call: a token with a `"`, `\`, line break or CR would not survive curl's config line
 * (a DC/OS token is a JWT: none of them). Refused without echoing it.
 */
const tokenCheckLines = (tokenVar: string): readonly string[] => [
  String.raw`case "$${tokenVar}" in *'"'*|*'\'*|*"$(printf '\r')"*|*'`,
  `'*) echo "${tokenVar} holds a double quote, backslash or line break (not shown): set it to the token alone" >&2; exit 1;; esac`,
];

/** What a DC/OS CLI plugin receives for the cluster's CA (docs/iam-api.md). */
const CA_VAR = 'DCOS_TLS_CA_PATH';

/**
 * A POSIX sh script with the two IAM calls per grant. Each call checks its HTTP status itself
 * (`curl -f` would abort on the 409 that means "ACL exists" / "already granted", which is success
 * when its body is the IAM's JSON error: curl-status.ts).
 * A cluster's own CA is trusted through DCOS_TLS_CA_PATH, the variable a DC/OS CLI plugin gets.
 */
export function renderCurl(result: ScanResult, opts: CurlOptions = {}): string {
  return joinLines(renderCurlLines(result, opts));
}

/** renderCurl's lines, without their newlines (see renderDcosLines). */
export function* renderCurlLines(result: ScanResult, opts: CurlOptions = {}): Generator<string> {
  const urlVar = opts.urlVar ?? 'DCOS_URL';
  const tokenVar = opts.tokenVar ?? 'DCOS_ACS_TOKEN';
  if (!VAR_NAME.test(urlVar) || !VAR_NAME.test(tokenVar)) throw new Error('renderCurl: variable names must be shell identifiers');
  const { grant, skipped } = partition(result.findings, opts);
  const call = (method: string, path: string, body: string | null, ok: string): string =>
    [
      // --globoff: rids may hold [ ] { }, which curl would otherwise expand as URL patterns.
      // The cluster's CA when DCOS_TLS_CA_PATH names it; unset, curl trusts the system roots.
      `${CURL_FN} -sS --globoff \${${CA_VAR}:+--cacert "$${CA_VAR}"} -o "$a2g_body" -w`,
      `'%{http_code}\\n'`,
      `-X ${method}`,
      ...(body === null ? [] : [`-H 'Content-Type: application/json'`, `-d ${shellQuote(body)}`]),
      `"\${${urlVar}}"${shellQuote(path)}`,
      `| expect_status ${ok}`,
    ].join(' ');
  yield* [
    '#!/bin/sh',
    comment(`audit2grant: ${headline(grant)}${toGroup(opts.gid)} through the DC/OS IAM API. Review before running.`),
    ...partialNotes(result),
    comment(`Needs ${urlVar} (cluster URL) and ${tokenVar} (e.g. from \`dcos config show core.dcos_acs_token\`).`),
    comment(`A cluster with its own CA (the DC/OS default): export ${CA_VAR}=PATH of its certificate, e.g. the`),
    comment(`dcos_ca.crt that \`dcos cluster setup\` saved under ~/.dcos/clusters/<id>/, or \${${urlVar}}/ca/dcos-ca.crt`),
    comment('downloaded once and checked by its fingerprint. Unset, curl trusts the system CAs.'),
    'set -eu',
    'command -v curl >/dev/null || { echo "this script needs curl" >&2; exit 1; }',
    `: "\${${urlVar}:?set ${urlVar} to the cluster URL}"`,
    `: "\${${tokenVar}:?set ${tokenVar} to a DC/OS auth token}"`,
    ...tokenCheckLines(tokenVar),
    `if [ -n "\${${CA_VAR}:-}" ] && [ ! -r "$${CA_VAR}" ]; then echo "${CA_VAR}=$${CA_VAR} is not a readable file: set it to the cluster's CA certificate (PEM)" >&2; exit 1; fi`,
    `${urlVar}=\${${urlVar}%/}`,
    // As audit2grant itself: no user name, password or query in the cluster URL (docs/iam-api.md), and never echoed.
    `a2g_host=\${${urlVar}#*://}; a2g_host=\${a2g_host%%/*}`,
    `case "$a2g_host" in *@*) echo "${urlVar} holds a user name or password (not shown): remove it, the token authenticates" >&2; exit 1;; esac`,
    `case "$${urlVar}" in *[?#]*) echo "${urlVar} has a query or fragment (not shown): give only scheme, host, port and path prefix" >&2; exit 1;; esac`,
    ...curlStatusLines(tokenVar),
    ...curlAuthLines(tokenVar),
  ];
  for (const p of grant) {
    yield* ['', comment(`${p.pair.gid !== undefined ? `group ${p.pair.gid}` : p.f.uid} ${p.f.rid} ${p.f.action}`), ...notes(p)];
    // The very calls the IAM client makes: the ACL (201 created, 409 ERR_ACL_EXISTS), then the grant
    // (204, 409 held: any IAM code, as the client accepts).
    const [acl, ace] = httpRequestsFor(p.pair, 'grant');
    if (!acl || !ace) throw new Error('a grant is two requests (the ACL, then the grant)');
    yield maybeDisabled(p, call(acl.method, acl.path, acl.body ?? null, '201 ERR_ACL_EXISTS'));
    yield maybeDisabled(p, call(ace.method, ace.path, ace.body ?? null, '204 any'));
    // Each pair said as it is done (set -e stops the script before it on a failure).
    yield maybeDisabled(p, `echo ${shellQuote(`granted (or already held): ${p.pair.gid !== undefined ? `group ${p.pair.gid}` : p.f.uid} ${p.f.rid} ${p.f.action}`)}`);
  }
  if (skipped.length) yield* ['', ...skipped];
}
