// A dry run connects to nothing, but cluster options a real run would refuse are refused with their
// own reason (exit 2), never taken for "no cluster configured"; what a real run would warn about is
// said too. Every command with --dry-run, whole-program (needs `npm run build`); the sandbox IAM
// is the cluster named, and hears nothing.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { run, sandboxSuite, writeFile } from '../iam/helpers.js';

const LOG = 'dcos:mesos:master:log';
const sb = sandboxSuite('a2g-dry-options-', (iam) => iam.addUser('svc', 'svc-pw'));

/** A `scan --format json` with one finding of svc's (what `grant --from` reads). */
const findings = () =>
  JSON.stringify({
    version: 1,
    findings: [{ uid: 'svc', rid: LOG, action: 'read', kind: 'permission', count: 1, firstSeen: '2026-10-01T00:00:00.000Z', lastSeen: '2026-10-01T00:00:00.000Z', hosts: [], components: [], risk: 'normal', catalog: LOG, example: '' }],
    authFailures: [],
    stats: { sources: 1, bytes: 1, lines: 1, auditLines: 1, allowLines: 0, denyLines: 1, malformedLines: 0, elapsedMs: 1 },
    errors: [],
  });

/** An `unused --format json` report of this cluster, whole (what `revoke --from` reads). */
const unused = (cluster: string) => {
  // Ten days up to an hour ago: the window judged runs to when the revoke is made.
  const days = [{ first: new Date(Date.now() - 240 * 3_600_000).toISOString(), last: new Date(Date.now() - 3_600_000).toISOString() }];
  return JSON.stringify({
    version: 1, kind: 'unused', uid: 'svc', cluster, grants: [{ rid: LOG, action: 'read', held: 'direct', status: 'unused', uses: 0 }], warnings: [],
    coverage: { since: null, until: null, spans: days, components: { adminrouter: { spans: days }, 'mesos-master': { spans: days } } },
    incomplete: [], nodes: { masters: 0, agents: 0 },
  });
};

/** Each command's dry run, with `extra` cluster options. */
const dryRuns = (extra: string[]): string[][] => [
  ['grant', '--uid', 'svc', LOG, 'read', '--dry-run', ...extra],
  ['revoke', '--uid', 'svc', LOG, 'read', '--dry-run', '--json', ...extra],
  ['grant', '--from', writeFile(sb.dir, 'findings.json', findings()), '--dry-run', ...extra],
  ['revoke', '--from', writeFile(sb.dir, 'unused.json', unused(sb.iam.httpsUrl)), '--dry-run', ...extra],
  ['undo', '--dry-run', ...extra],
];

describe('a dry run whose cluster options a real run would refuse', () => {
  it.each([
    ['a --token-file that cannot be read', (): string[] => ['--token-file', join(sb.dir, 'missing')], /cannot read the --token-file .*missing \(ENOENT\)/],
    ['a --sa-secret that is not JSON', (): string[] => ['--sa-secret', writeFile(sb.dir, 'sa.json', '{not json')], /the --sa-secret file .*sa\.json is not JSON/],
    ['a --ca-cert with no certificate', (): string[] => ['--ca-cert', writeFile(sb.dir, 'ca.pem', 'nothing')], /ca\.pem holds no PEM certificate/],
  ])('%s: a usage error with that reason (exit 2), not "no cluster configured"', async (_what, opts, reason) => {
    const before = sb.iam.requests.length;
    for (const args of dryRuns(['--cluster-url', sb.iam.httpsUrl, ...opts()])) {
      const r = await run(args, sb.env);
      expect([r.code, r.stdout], `${args.join(' ')}\n${r.stderr}`).toEqual([2, '']);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).not.toMatch(/no cluster/);
    }
    expect(sb.iam.requests.length).toBe(before);
  });

  it('a real run\'s warnings are said by the dry run too (a token file others may read, plain HTTP)', async () => {
    const tok = writeFile(sb.dir, 'token', `${sb.token}\n`, 0o644);
    const r = await run(['grant', '--uid', 'svc', LOG, 'read', '--dry-run', '--cluster-url', 'http://c.example', '--token-file', tok], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`PUT http://c.example/acs/api/v1/acls/${LOG}/users/svc/read`);
    expect(r.stderr.match(/warning: the --token-file .* may be read by other users/g)).toHaveLength(1);
    expect(r.stderr).toContain('warning: http://c.example is plain HTTP');
    expect(r.stdout + r.stderr).not.toContain(sb.token);
  });
});
