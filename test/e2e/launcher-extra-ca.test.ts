// bin/audit2grant.js run as a command (through /bin/sh, as npm links it): NODE_EXTRA_CA_CERTS is kept
// from Node's start and the CLI's own HTTPS trusts those certificates as Node would have
// (src/cluster/extra-ca.ts). Whole program against the sandbox IAM over real HTTPS, no --ca-cert.
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { runCommand, sandboxSuite, writeFile, type Run } from '../iam/helpers.js';

const s = sandboxSuite('a2g-extra-ca-', (iam) => ['svc', 'svc2', 'svc3'].forEach((uid) => iam.addUser(uid, 'pw')));
const RID = 'dcos:mesos:master:log';

const grant = (uid: string, env: NodeJS.ProcessEnv): Promise<Run> => runCommand(['grant', '--uid', uid, RID, 'read', '--cluster-url', s.iam.httpsUrl, '--token-file', '-'], env, `${s.token}\n`);

describe('the launcher and NODE_EXTRA_CA_CERTS', () => {
  it('the cluster CA in NODE_EXTRA_CA_CERTS is trusted without --ca-cert', async () => {
    const r = await grant('svc', { ...s.env, NODE_EXTRA_CA_CERTS: s.iam.caPath });
    expect([r.code, r.stdout]).toEqual([0, expect.stringMatching(/^granted /)]);
    expect(r.stderr).not.toMatch(/warning|trusted/);
    expect(s.aces('svc')).toEqual([`${RID} read`]);
  });

  it('other certificates in it do not make the cluster trusted', async () => {
    const other = writeFile(s.dir, 'roots.pem', rootCertificates.join('\n'));
    const r = await grant('svc2', { ...s.env, NODE_EXTRA_CA_CERTS: other });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/certificate of 127\.0\.0\.1:\d+ is not trusted/);
    expect(s.aces('svc2')).toEqual([]);
  });

  it('a file that cannot be read is said, and trusts nothing', async () => {
    const missing = join(s.dir, 'no-such.pem');
    const r = await grant('svc3', { ...s.env, NODE_EXTRA_CA_CERTS: missing });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`warning: NODE_EXTRA_CA_CERTS ${missing} cannot be read (ENOENT): its certificates are not trusted`);
    expect(r.stderr).toMatch(/certificate of 127\.0\.0\.1:\d+ is not trusted/);
    expect(s.aces('svc3')).toEqual([]);
  });

  it('the processes the CLI starts get the variable back; Node itself never read it', async () => {
    // A preload prints what Node loaded at start and what the CLI leaves in its environment.
    const probe = writeFile(
      s.dir,
      'probe.cjs',
      `process.stderr.write('start ' + JSON.stringify(process.env.NODE_EXTRA_CA_CERTS ?? null) + '\\n');
process.on('exit', () => process.stderr.write('end ' + process.env.NODE_EXTRA_CA_CERTS + '\\n'));`,
    );
    const r = await runCommand(['--version'], { ...s.env, NODE_EXTRA_CA_CERTS: s.iam.caPath, NODE_OPTIONS: `--require ${probe}` });
    expect([r.code, r.stdout.trim()]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+/)]);
    expect(r.stderr).toBe(`start null\nend ${s.iam.caPath}\n`);
  });

  it('NODE_OPTIONS choosing a CA store leaves the variable to Node', async () => {
    const probe = writeFile(s.dir, 'probe.cjs', `process.stderr.write('start ' + process.env.NODE_EXTRA_CA_CERTS + '\\n');`);
    const r = await runCommand(['--version'], { ...s.env, NODE_EXTRA_CA_CERTS: s.iam.caPath, NODE_OPTIONS: `--use-bundled-ca --require ${probe}` });
    expect([r.code, r.stderr]).toEqual([0, `start ${s.iam.caPath}\n`]);
  });
});
