// The "Environment:" part of each command's --help: every variable the command reads, with its
// default, in one table so that no command forgets one and all describe it the same way
// (README.md, "Granting safely"; docs/ledger.md and docs/logging-api.md, "Time limits").

const ENV = {
  DCOS_URL: 'the cluster URL when --cluster-url is not given (else the DC/OS CLI config\'s dcos_url)',
  DCOS_ACS_TOKEN: 'the auth token when neither --token nor a login is given (used only toward DCOS_URL when both are set)',
  DCOS_PASSWORD: 'the password of --login-uid (a user login)',
  DCOS_TLS_CA_PATH: 'a PEM CA bundle to trust (default: the system roots, or ssl_verify of the DC/OS CLI config)',
  DCOS_TLS_INSECURE: '1/true: do not verify TLS certificates (dangerous)',
  DCOS_SSL_VERIFY: 'as the DC/OS CLI reads it: true, false or a CA bundle path (overrides ssl_verify)',
  DCOS_DIR: 'the DC/OS CLI configuration directory (default ~/.dcos)',
  DCOS_CLUSTER: 'the configured cluster to use, by name or id (default: the attached one)',
  DCOS_CONFIG: 'the legacy single-file DC/OS CLI config (default $DCOS_DIR/dcos.toml)',
  AUDIT2GRANT_IAM_DEADLINE: 'seconds one request to the cluster API (IAM, login, node list) may take, retries and waits included (default 60; 1-3600)',
  AUDIT2GRANT_LOG_DEADLINE: 'seconds one range request of a dcos:// source (a page, a --since probe) may take (default 120; 1-3600; the --follow stream has none)',
  XDG_STATE_HOME: 'where the ledger is kept: $XDG_STATE_HOME/audit2grant/ledger.jsonl (default ~/.local/state)',
  SUDO_UID: 'set by sudo: as root in that user\'s own home (sudo -E), the default ledger is refused rather than made root\'s there',
  SSH_AUTH_SOCK: 'the ssh-agent of ssh:// sources (unset: the -i files, then the default keys)',
  SHELL: 'the shell that runs an ssh_config ProxyCommand (default /bin/sh)',
  NO_COLOR: 'set and not empty: no colours',
  TERM: 'dumb: no colours and no progress line',
} as const;

type EnvName = keyof typeof ENV;

/** The cluster connection: credentials, TLS trust, the DC/OS CLI config, the request limit. */
export const CLUSTER_ENV: readonly EnvName[] = [
  'DCOS_URL', 'DCOS_ACS_TOKEN', 'DCOS_PASSWORD', 'DCOS_TLS_CA_PATH', 'DCOS_TLS_INSECURE', 'DCOS_SSL_VERIFY',
  'DCOS_DIR', 'DCOS_CLUSTER', 'DCOS_CONFIG', 'AUDIT2GRANT_IAM_DEADLINE',
];

/** What reading ssh:// and dcos:// sources adds. */
export const SOURCE_ENV: readonly EnvName[] = ['AUDIT2GRANT_LOG_DEADLINE', 'SSH_AUTH_SOCK', 'SHELL'];

/**
 * `Environment:`, then each variable on its own line and what it does indented below it
 * (`[name, text]` when a command reads it its own way): help text wraps at the terminal's width
 * and keeps a line's indent, so the text stays under its name at any width.
 */
export function environmentHelp(vars: ReadonlyArray<EnvName | readonly [string, string]>): string {
  const rows = [...new Map(vars.map((v) => (typeof v === 'string' ? [v, ENV[v]] : v))).entries()];
  return ['Environment:', ...rows.flatMap(([n, text]) => [`  ${n}`, `      ${text}`])].join('\n');
}
