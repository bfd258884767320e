// bin/audit2grant.js run as a command (through /bin/sh, as npm links it): NODE_EXTRA_CA_CERTS is kept
// from Node's start and the CLI's own HTTPS trusts those certificates as Node would have
// (src/cluster/extra-ca.ts). Whole program against the sandbox IAM over real HTTPS, no --ca-cert.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { HIDDEN_CA } from '../../src/cluster/extra-ca.js';
import { run, runCommand, sandboxSuite, writeFile, type Run } from '../iam/helpers.js';

const s = sandboxSuite('a2g-extra-ca-', (iam) => ['svc', 'svc2', 'svc3', 'svc4', 'svc5'].forEach((uid) => iam.addUser(uid, 'pw')));
const RID = 'dcos:mesos:master:log';

const grantArgs = (uid: string, more: string[] = []): string[] => ['grant', '--uid', uid, RID, 'read', '--cluster-url', s.iam.httpsUrl, '--token-file', '-', ...more];
const grant = (uid: string, env: NodeJS.ProcessEnv, more: string[] = []): Promise<Run> => runCommand(grantArgs(uid, more), env, `${s.token}\n`);
const NOT_TRUSTED = /certificate of 127\.0\.0\.1:\d+ is not trusted/;

/** NODE_OPTIONS that print, before the CLI starts, whether Node was given NODE_EXTRA_CA_CERTS. */
function probe(): string {
  const file = writeFile(s.dir, 'probe.cjs', `process.stderr.write('at start: ' + (process.env.NODE_EXTRA_CA_CERTS ?? 'unset') + '\\n');`);
  return `--require ${file}`;
}

describe('the launcher and NODE_EXTRA_CA_CERTS', () => {
  it('keeps the file from Node and still trusts the cluster CA in it, without --ca-cert', async () => {
    const r = await grant('svc', { ...s.env, NODE_EXTRA_CA_CERTS: s.iam.caPath, NODE_OPTIONS: probe() });
    expect([r.code, r.stdout]).toEqual([0, expect.stringMatching(/^granted /)]);
    expect(r.stderr).toMatch(/^at start: unset\n/);
    expect(r.stderr).not.toMatch(/warning|trusted/);
    expect(s.aces('svc')).toEqual([`${RID} read`]);
  });

  it('trusts it the same with --use-openssl-ca (the system store, plus the file)', async () => {
    const r = await grant('svc4', { ...s.env, NODE_EXTRA_CA_CERTS: s.iam.caPath, NODE_OPTIONS: `--use-openssl-ca ${probe()}` });
    expect([r.code, r.stdout]).toEqual([0, expect.stringMatching(/^granted /)]);
    expect(r.stderr).toMatch(/^at start: unset\n/);
  });

  it('other certificates in it do not make the cluster trusted', async () => {
    const other = writeFile(s.dir, 'roots.pem', rootCertificates.join('\n'));
    const r = await grant('svc2', { ...s.env, NODE_EXTRA_CA_CERTS: other });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(NOT_TRUSTED);
    expect(s.aces('svc2')).toEqual([]);
  });

  it('a cluster CA given leaves the file out, as Node does (same answer with `node bin/audit2grant.js`)', async () => {
    const other = writeFile(s.dir, 'roots.pem', rootCertificates.join('\n'));
    const env = { ...s.env, NODE_EXTRA_CA_CERTS: s.iam.caPath };
    const viaCommand = await grant('svc3', env, ['--ca-cert', other]);
    const viaNode = await run(grantArgs('svc3', ['--ca-cert', other]), env, `${s.token}\n`);
    for (const r of [viaCommand, viaNode]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(NOT_TRUSTED);
    }
    expect(s.aces('svc3')).toEqual([]);
  });

  it('a file that cannot be read is said, and trusts nothing; a value left in the environment is not taken', async () => {
    const missing = join(s.dir, 'no-such.pem');
    const r = await grant('svc5', { ...s.env, NODE_EXTRA_CA_CERTS: missing, [HIDDEN_CA]: s.iam.caPath });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`warning: NODE_EXTRA_CA_CERTS ${missing} cannot be read (ENOENT): its certificates are not trusted`);
    expect(r.stderr).toMatch(NOT_TRUSTED);
    const stale = await grant('svc5', { ...s.env, [HIDDEN_CA]: s.iam.caPath });
    expect([stale.code, stale.stderr]).toEqual([1, expect.stringMatching(NOT_TRUSTED)]);
    expect(s.aces('svc5')).toEqual([]);
  });

  it('a process the CLI starts (a ProxyCommand) gets NODE_EXTRA_CA_CERTS back', async () => {
    const home = join(s.dir, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'known_hosts'), '');
    const seen = join(s.dir, 'seen');
    const r = await runCommand(['scan', 'ssh://probe', '-F', 'none', '-o', `ProxyCommand=echo "$NODE_EXTRA_CA_CERTS" > ${seen}`], {
      ...s.env,
      HOME: home,
      SHELL: '/bin/sh',
      NODE_EXTRA_CA_CERTS: s.iam.caPath,
    });
    expect(r.stderr).toContain('ProxyCommand (-o ProxyCommand) exited with status 0');
    expect(readFileSync(seen, 'utf8')).toBe(`${s.iam.caPath}\n`);
  });
});
