// Whole-program runs of grant / revoke / undo / history against the sandbox IAM (needs `npm run build`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRid } from '../../src/core/plan/index.js';
import { cleanEnv, run, sandboxSuite, tempDir, writeFile } from '../iam/helpers.js';

const DEV = 'dcos:service:marathon:marathon:services:/dev';

const sb = sandboxSuite('a2g-e2e-', (iam) => {
  iam.addUser('svc', 'svc-pw');
  iam.addUser('web', 'web-pw');
});

const aces = (uid: string) => sb.aces(uid);
const flags = () => sb.flags();

describe('grant / history / undo', () => {
  it('grants over HTTPS, records the session, lists it, and undo takes it back', async () => {
    const g = await run(['grant', '--uid', 'svc', DEV, 'create', 'dcos:mesos:master:framework:role:dev', 'create', ...flags()], sb.env);
    expect(g.code).toBe(0);
    expect(g.stdout).toBe(`granted        svc ${DEV} create  (ACL created)\ngranted        svc dcos:mesos:master:framework:role:dev create  (ACL created)\n`);
    const session = /session (\S+) \(undo with: audit2grant undo --session \1\)/.exec(g.stderr)?.[1];
    expect(session).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(aces('svc')).toEqual([`dcos:mesos:master:framework:role:dev create`, `${DEV} create`]);

    const again = await run(['grant', '--uid', 'svc', DEV, 'create', ...flags()], sb.env);
    expect(again.stdout).toBe(`already held   svc ${DEV} create  (held directly)\n`);
    expect(again.stderr).not.toMatch(/session/);

    const h = await run(['history', '--format', 'json'], sb.env);
    const recs = JSON.parse(h.stdout);
    expect(recs).toHaveLength(2);
    expect(recs[0]).toMatchObject({ session, uid: 'svc', rid: DEV, action: 'create', op: 'grant', outcome: 'granted', aclCreated: true, cluster: sb.iam.httpsUrl });
    const table = await run(['history'], sb.env);
    expect(table.stdout.split('\n')[0]).toMatch(/^TIME\s+SESSION\s+OP\s+OUTCOME\s+UID\s+RID\s+ACTION/);
    expect(table.stdout).toContain(`${session}  grant  granted  svc`);

    const dry = await run(['undo', '--dry-run'], sb.env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`DELETE ${sb.iam.httpsUrl}/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev/users/svc/create`);
    expect(aces('svc')).toHaveLength(2);

    const u = await run(['undo', ...flags()], sb.env);
    expect(u.code).toBe(0);
    expect(u.stdout).toBe(`revoked        svc dcos:mesos:master:framework:role:dev create\nrevoked        svc ${DEV} create\n`);
    expect(aces('svc')).toEqual([]);
    expect(sb.iam.acls()).toContain(DEV); // ACLs stay
    const u2 = await run(['undo', ...flags()], sb.env);
    expect(u2.code).toBe(1);
    expect(u2.stderr).toContain(`audit2grant: the ledger has no session with grants left to undo on ${sb.iam.httpsUrl}\n`);
  });

  it('revoke: revoked / already absent', async () => {
    await run(['grant', '--uid', 'web', 'dcos:mesos:master:log', 'read', ...flags()], sb.env);
    const r = await run(['revoke', '--uid', 'web', 'dcos:mesos:master:log', 'read', 'dcos:mesos:master:log', 'full', ...flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^revoked {8}web dcos:mesos:master:log read\nalready absent web dcos:mesos:master:log full {2}\(ERR_(USER_NOT_IN_ACL|ACTION_NOT_YET_STORED)\)\n$/);
  });

  it('--dry-run prints the exact requests and dcos lines and sends nothing', async () => {
    const before = sb.iam.requests.length;
    const d = await run(['grant', '--uid', 'svc', DEV, 'create', ...flags(), '--dry-run'], sb.env);
    expect(d.code).toBe(0);
    expect(d.stdout).toBe([
      `# grant svc ${DEV} create`,
      `PUT ${sb.iam.httpsUrl}/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev {"description":"Created by audit2grant"}`,
      `PUT ${sb.iam.httpsUrl}/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev/users/svc/create`,
      `dcos security org users grant svc ${DEV} create`,
      '',
    ].join('\n'));
    const r = await run(['revoke', '--uid', 'svc', DEV, 'create', ...flags(), '--dry-run'], sb.env);
    expect(r.stdout).toContain(`DELETE ${sb.iam.httpsUrl}/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev/users/svc/create\ndcos security org users revoke svc`);
    expect(sb.iam.requests.length).toBe(before);
  });

  it('the DC/OS CLI config alone is enough (token and ssl_verify CA path)', async () => {
    const d = join(sb.env.DCOS_DIR as string, 'clusters', 'abc');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'dcos.toml'), `[core]\ndcos_url = "${sb.iam.httpsUrl}"\ndcos_acs_token = "${sb.token}"\nssl_verify = "${sb.iam.caPath}"\n[cluster]\nname = "sbx"\n`);
    writeFileSync(join(d, 'attached'), '');
    const g = await run(['grant', '--uid', 'web', 'dcos:mesos:master:flags', 'read'], sb.env);
    expect(g.stderr).toBe(g.stderr.replace(/audit2grant:/, 'X')); // no error line
    expect(g.code).toBe(0);
    expect(aces('web')).toContain('dcos:mesos:master:flags read');
    expect((await run(['undo'], sb.env)).code).toBe(0);
  });
});

// These send nothing, so they run concurrently (each is a process start).
describe.concurrent('rails from the command line', () => {
  let own: ReturnType<typeof tempDir>;
  let renv: NodeJS.ProcessEnv;
  beforeAll(() => {
    own = tempDir('a2g-rails-');
    renv = cleanEnv(own.dir);
  });
  afterAll(() => own.cleanup());

  it.each([
    [['--uid', 'svc', 'dcos:x'], /takes RID ACTION pairs: got 1 word/],
    [['--uid', 'svc mallory', 'dcos:x', 'read'], /characters DC\/OS does not allow/],
    [['--uid', 'svc', 'dcos:x?y', 'read'], /contains '\?'/],
    [['--uid', 'svc', 'dcos:x', 'write'], /not one of full, create/],
    [['dcos:x', 'read'], /grant needs --uid UID/],
    [['--uid', '..', 'dcos:x', 'read'], /uid "\.\." is only dots/],
    [['--uid', '.', 'dcos:x', 'read'], /uid "\." is only dots/],
  ])('usage error, exit 2: %j', async (args, msg) => {
    const before = sb.iam.requests.length;
    const r = await run(['grant', ...args, ...flags()], renv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    // Nothing about these pairs reached the IAM (paths, not counts: the other runs here send requests).
    expect(sb.iam.requests.slice(before).filter((q) => q.rawPath.includes('dcos:x'))).toEqual([]);
  });

  it('--from leaves out native accounts with a note and grants the rest', async () => {
    const r = await run(['grant', '--from', '-', ...flags()], renv, JSON.stringify({ version: 1, findings: [
      { uid: 'web', rid: 'dcos:mesos:master:flags', action: 'read', kind: 'permission' },
      { uid: 'dcos_mesos_master', rid: 'dcos:mesos:master:log', action: 'read', kind: 'permission' },
    ] }));
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).toMatch(/skipped .*dcos_mesos_master dcos:mesos:master:log read\): dcos_mesos_master is a DC\/OS native account/);
    expect(sb.iam.aces()).toContainEqual({ rid: 'dcos:mesos:master:flags', uid: 'web', action: 'read' });
    expect(sb.iam.aces().some((a) => a.uid === 'dcos_mesos_master')).toBe(false);
  });

  it.each<[[string, string, string], string[], RegExp]>([
    [['dcos_marathon', 'dcos:mesos:master:task:user:nobody', 'create'], [], /--force-native/],
    [['svc', 'dcos:superuser', 'full'], [], /DANGEROUS/],
    [['svc', 'dcos:mesos:master:task:user:root', 'create'], [], /DANGEROUS/],
    [['svc', 'dcos:adminrouter:package', 'full'], [], /SENSITIVE/], // no TTY, no --yes
    // Unknown risk needs the same confirmation as SENSITIVE: no TTY, no --yes, refused.
    [['svc', 'dcos:made:up', 'read'], [], /not in the permission catalog \(unknown risk\): granted unattended only with --yes/],
    // Case does not get around a rail, nor does --yes around --allow-dangerous.
    [['svc', 'dcos:SuperUser', 'full'], ['--yes'], /DANGEROUS .*refused without --allow-dangerous/],
    [['svc', 'dcos:mesos:master:task:user:ROOT', 'create'], ['--yes'], /DANGEROUS/],
    // Over-broad rids: Marathon's root group, secrets at the root.
    [['svc', 'dcos:service:marathon:marathon:services:/', 'full'], ['--yes'], /DANGEROUS \(the root group/],
    [['svc', 'dcos:secrets:default:/', 'read'], ['--yes'], /DANGEROUS \(the root path/],
  ])('refused, exit 2, nothing applied: %j', async ([uid, rid, action], extra, msg) => {
    const before = sb.iam.requests.length;
    // A harmless pair for another uid rides along: it must not be applied either.
    const r = await run(['grant', '--from', '-', '--all-accounts', ...flags(), ...extra], renv, JSON.stringify({ version: 1, findings: [
      { uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read', kind: 'permission' },
      { uid, rid, action, kind: 'permission' },
    ] }));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(msg);
    expect(r.stdout).toContain('refused        svc dcos:mesos:master:log read  (not applied: 1 other pair in this batch was refused)');
    expect(r.stderr).toContain('nothing was granted');
    // Nothing reached the IAM for either pair (paths, not counts: other runs log requests too).
    const touched = sb.iam.requests.slice(before).filter((q) => q.rawPath.includes('dcos:mesos:master:log') || q.rawPath.includes(`${encodeRid(rid)}/users/`));
    expect(touched).toEqual([]);
    expect(sb.iam.aces().some((a) => a.rid === 'dcos:mesos:master:log' || (a.rid === rid && a.uid === uid))).toBe(false);
  });

});

describe('rails let through', () => {
  it('--yes, --allow-dangerous and --force-native let them through (with warnings)', async () => {
    const r = await run(['grant', '--uid', 'svc', 'dcos:adminrouter:package', 'full', ...flags(), '--yes'], sb.env);
    expect(r.code).toBe(0);
    // DANGEROUS needs the confirmation too: without a terminal, --yes gives it.
    const noYes = await run(['grant', '--uid', 'dcos_marathon', 'dcos:mesos:master:task:user:root', 'create', ...flags(), '--force-native', '--allow-dangerous'], sb.env);
    expect(noYes.code).toBe(2);
    expect(noYes.stdout).toMatch(/^refused +dcos_marathon dcos:mesos:master:task:user:root create {2}\(DANGEROUS \(.*\) with --allow-dangerous: granted unattended only with --yes\)$/m);
    const n = await run(['grant', '--uid', 'dcos_marathon', 'dcos:mesos:master:task:user:root', 'create', ...flags(), '--force-native', '--allow-dangerous', '--yes'], sb.env);
    expect(n.code).toBe(1); // let through by the rails, then failed at the IAM
    expect(n.stderr).toMatch(/warning: changing native account dcos_marathon.*DANGEROUS/);
    // Each warning once (the rails' and the client's were both printed).
    const warned = n.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warned.length).toBeGreaterThan(0);
    expect(new Set(warned).size).toBe(warned.length);
    // dcos_marathon does not exist in the sandbox: the pair fails at the IAM.
    expect(n.stdout).toMatch(/^failed .*does not know dcos_marathon/);
    expect((await run(['undo', ...flags()], sb.env)).code).toBe(0);
    expect(aces('svc')).toEqual([]);
  });

  it('an unknown-risk pair goes through with --yes (no terminal to confirm on)', async () => {
    const r = await run(['grant', '--uid', 'web', 'dcos:made:up', 'read', ...flags(), '--yes'], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^granted +web dcos:made:up read/);
    expect((await run(['undo', ...flags()], sb.env)).code).toBe(0);
    expect(aces('web')).not.toContain('dcos:made:up read');
  });

  it('a failed pair exits 1', async () => {
    const r = await run(['grant', '--uid', 'nobody-here', 'dcos:mesos:master:log', 'read', ...flags()], sb.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^failed +nobody-here dcos:mesos:master:log read {2}\(the IAM does not know nobody-here/);
  });
});

describe('grant --from', () => {
  const scan = (findings: unknown[]) => JSON.stringify({ version: 1, findings, authFailures: [], stats: {}, errors: [] });
  const f = (uid: string, rid: string, action: string, kind = 'permission') => ({ uid, rid, action, kind, count: 1, risk: 'normal', catalog: null, example: '' });

  it('grants each finding to its own uid, skips non-rid findings with a note; reads stdin with -', async () => {
    const file = writeFile(sb.dir, 'scan.json', scan([f('svc', 'dcos:mesos:master:log', 'read'), f('web', 'dcos:mesos:master:log', 'read'), f('svc', '/v1/secret/thing', 'GET', 'non-rid')]));
    const r = await run(['grant', '--from', file, '--all-accounts', ...flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^granted {8}svc dcos:mesos:master:log read.*\ngranted {8}web dcos:mesos:master:log read\n$/);
    expect(r.stderr).toMatch(/note: skipped .*finding #3 .*cannot be granted/);
    const s = await run(['grant', '--from', '-', '--uid', 'web', ...flags()], sb.env, readFileSync(file, 'utf8'));
    expect(s.stdout).toBe('already held   web dcos:mesos:master:log read  (held directly)\n');
    await run(['undo', ...flags()], sb.env);
    expect(aces('svc')).toEqual([]);
  });

  it.each([
    ['not json', /is not valid JSON/],
    ['', /stdin is empty \(did the command before the pipe fail\?\)/],
    [JSON.stringify({ version: 2, findings: [] }), /unsupported version 2/],
    [JSON.stringify({ version: 1 }), /"findings" must be an array/],
    [JSON.stringify({ version: 1, findings: [{ uid: 'svc', rid: 'dcos:x' }] }), /finding #1 has no string "action"/],
    // No kind is no evidence that a log line denied the very pair: never granted as a permission.
    [JSON.stringify({ version: 1, findings: [{ uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read' }] }), /finding #1 has no "kind" \("permission", "derived" or "non-rid"/],
  ])('a bad file is a usage error: %s', async (text, msg) => {
    const r = await run(['grant', '--from', '-', ...flags()], sb.env, text);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
  });

  it('a --from file that does not exist is named, in words', async () => {
    const t = tempDir('a2g-from-');
    const r = await run(['grant', '--from', join(t.dir, 'nonexistent.json'), ...flags()], sb.env);
    t.cleanup();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--from: no such file or directory: .*nonexistent\.json/);
  });
});
