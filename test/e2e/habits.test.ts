// Operator habits, whole-program (needs `npm run build`): `--gid` and `--json` on grant, revoke,
// undo and history against the sandbox IAM; `--help` listing the new flags; scan's terraform
// output and --gid scripts; a command word as a SOURCE; `--uid` followed by a SOURCE.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, sandboxSuite } from '../iam/helpers.js';

const ROLE = 'dcos:mesos:master:framework:role:dev';
const DEV = 'dcos:service:marathon:marathon:services:/dev';
const SAMPLE = fileURLToPath(new URL('../../fixtures/sample', import.meta.url));

const sb = sandboxSuite('a2g-habits-', (iam) => {
  iam.addUser('svc', 'svc-pw');
  iam.addGroup('ops', ['svc']);
});

const flags = () => sb.flags();
const groupAces = (gid: string) => sb.iam.groupAces().filter((a) => a.gid === gid).map((a) => `${a.rid} ${a.action}`).sort();

describe('--gid and --json on grant, revoke, undo, history', () => {
  it('grant --gid --json: the group gets it, the document says so, history and undo follow the group', async () => {
    const g = await run(['grant', '--gid', 'ops', ROLE, 'create', DEV, 'read', '--json', ...flags()], sb.env);
    expect(g.code).toBe(0);
    const doc = JSON.parse(g.stdout);
    expect(doc).toMatchObject({ version: 1, op: 'grant', dryRun: false, cluster: sb.iam.httpsUrl, session: expect.stringMatching(/^\d{8}T\d{6}Z-/), stopped: null });
    expect(doc.results).toEqual([
      { uid: '', gid: 'ops', rid: ROLE, action: 'create', outcome: 'granted', detail: 'ACL created', aclCreated: true },
      { uid: '', gid: 'ops', rid: DEV, action: 'read', outcome: 'granted', detail: 'ACL created', aclCreated: true },
    ]);
    expect(g.stderr).toMatch(/^2 granted$/m);
    expect(groupAces('ops')).toEqual([`${ROLE} create`, `${DEV} read`]);

    // The member now holds it through the group: a grant to the account is not needed.
    const held = await run(['grant', '--uid', 'svc', ROLE, 'create', ...flags()], sb.env);
    expect(held.stdout).toBe(`already held   svc ${ROLE} create  (held through group ops)\n`);

    const h = await run(['history', '--json'], sb.env);
    expect(JSON.parse(h.stdout).map((r: Record<string, unknown>) => [r.gid, r.uid, r.rid, r.outcome])).toEqual([['ops', '', ROLE, 'granted'], ['ops', '', DEV, 'granted']]);
    expect((await run(['history'], sb.env)).stdout).toMatch(/grant {2}granted {2}group:ops {2}dcos:mesos/);

    const dry = await run(['undo', '--dry-run', '--json'], sb.env);
    const dryDoc = JSON.parse(dry.stdout);
    expect(dryDoc).toMatchObject({ op: 'undo', dryRun: true, undoOf: doc.session });
    expect(dryDoc.results[0]).toMatchObject({ gid: 'ops', outcome: 'dry-run', dcos: `dcos security org groups revoke ops ${DEV} read` });
    expect(dryDoc.results[0].requests).toEqual([{ method: 'DELETE', url: `${sb.iam.httpsUrl}/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev/groups/ops/read` }]);

    const u = await run(['undo', '--gid', 'ops', '--json', ...flags()], sb.env);
    expect(u.code).toBe(0);
    const undoDoc = JSON.parse(u.stdout);
    expect(undoDoc).toMatchObject({ op: 'undo', undoOf: doc.session });
    expect(undoDoc.results.map((r: Record<string, unknown>) => [r.outcome, r.gid, r.rid])).toEqual([['revoked', 'ops', DEV], ['revoked', 'ops', ROLE]]);
    expect(groupAces('ops')).toEqual([]);
  });

  it('revoke --gid --json, grant --dry-run --gid --json; --uid with --gid is a usage error', async () => {
    // update and delete are not actions the catalog lists for a role: they need a confirmation (--yes).
    expect((await run(['grant', '--gid', 'ops', ROLE, 'update', '--yes', ...flags()], sb.env)).code).toBe(0);
    const r = await run(['revoke', '--gid', 'ops', ROLE, 'update', '--json', ...flags()], sb.env);
    expect(JSON.parse(r.stdout).results).toEqual([{ uid: '', gid: 'ops', rid: ROLE, action: 'update', outcome: 'revoked', detail: '', aclCreated: false }]);
    expect(groupAces('ops')).toEqual([]);

    const dry = await run(['grant', '--gid', 'ops', ROLE, 'delete', '--yes', '--dry-run', '--json', '--cluster-url', sb.iam.httpsUrl], sb.env);
    expect(JSON.parse(dry.stdout).results[0]).toMatchObject({ outcome: 'dry-run', dcos: `dcos security org groups grant ops ${ROLE} delete` });
    const text = await run(['grant', '--gid', 'ops', ROLE, 'delete', '--yes', '--dry-run'], sb.env);
    expect(text.stdout).toBe(`# grant group ops ${ROLE} delete\nPUT /acs/api/v1/acls/${ROLE} {"description":"Created by audit2grant"}\nPUT /acs/api/v1/acls/${ROLE}/groups/ops/delete\ndcos security org groups grant ops ${ROLE} delete\n`);

    const both = await run(['grant', '--uid', 'svc', '--gid', 'ops', ROLE, 'create', ...flags()], sb.env);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/grant takes --uid \(an account\) or --gid \(a group\), not both/);
    const su = await run(['grant', '--gid', 'superusers', ROLE, 'create', ...flags()], sb.env);
    expect(su.code).toBe(2);
    expect(su.stderr).toMatch(/--gid: superusers is DC\/OS's own group/);
  });

  it('a refused batch with --json is still one document (exit 2, nothing sent)', async () => {
    const r = await run(['grant', '--gid', 'ops', 'dcos:superuser', 'full', '--json', ...flags()], sb.env);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ op: 'grant', session: null, results: [{ gid: 'ops', outcome: 'refused', detail: expect.stringMatching(/--allow-dangerous/) }] });
  });

  it('grant --from FILE --gid: every grantable finding goes to the group, once per permission', async () => {
    const scan = await run(['scan', SAMPLE, '--json'], sb.env);
    const file = join(sb.dir, 'findings.json');
    (await import('node:fs')).writeFileSync(file, scan.stdout);
    const g = await run(['grant', '--from', file, '--all-accounts', '--gid', 'ops', '--dry-run', '--yes', '--json'], sb.env);
    expect(g.code).toBe(0);
    const results = JSON.parse(g.stdout).results as Array<{ gid: string; rid: string; action: string }>;
    expect(results.length).toBeGreaterThan(3);
    expect(results.every((x) => x.gid === 'ops')).toBe(true);
    expect(new Set(results.map((x) => `${x.rid} ${x.action}`)).size).toBe(results.length);
  });
});

describe('--help lists the new flags', () => {
  it.each([
    ['grant', ['--gid', '--json']],
    ['revoke', ['--gid', '--json']],
    ['undo', ['--gid', '--json']],
    ['history', ['--json']],
    ['scan', ['--gid', 'terraform']],
    ['completion', ['bash', 'zsh']],
  ])('%s --help', async (cmd, want) => {
    const r = await run([cmd, '--help'], sb.env);
    expect(r.code).toBe(0);
    for (const w of want) expect(r.stdout).toContain(w);
  });

  it('the top-level help lists completion', async () => {
    expect((await run(['--help'], sb.env)).stdout).toMatch(/audit2grant completion \[shell\]/);
  });
});

describe('scan: terraform, --gid scripts, arguments', () => {
  it('--format terraform writes the resources; --gid with it (or with json) is a usage error', async () => {
    const tf = await run(['scan', SAMPLE, '--uid', 'cassandra-sa', '--format', 'terraform'], sb.env);
    expect(tf.code).toBe(0);
    expect(tf.stdout).toMatch(/^resource "dcos_security_org_user_grant" "cassandra_sa_[a-z0-9_]+_[0-9a-f]{8}" \{$/m);
    const bad = await run(['scan', SAMPLE, '--format', 'terraform', '--gid', 'ops'], sb.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Terraform provider has no group grant resource/);
    expect((await run(['scan', SAMPLE, '--json', '--gid', 'ops'], sb.env)).code).toBe(2);
    const dcos = await run(['scan', SAMPLE, '--format', 'dcos', '--gid', 'ops'], sb.env);
    expect(dcos.stdout).toMatch(/^dcos security org groups grant ops /m);
  });

  it('--uid followed by a SOURCE reads the SOURCE (the option takes one value)', async () => {
    const r = await run(['scan', '--uid', 'cassandra-sa', SAMPLE, '--json'], sb.env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(doc.findings.every((f: { uid: string }) => f.uid === 'cassandra-sa')).toBe(true);
  });

  it('a command word among the default command\'s SOURCEs is a usage error, never a file', async () => {
    (await import('node:fs')).writeFileSync(join(sb.dir, 'completion'), 'not a log\n');
    const r = await run([SAMPLE, 'completion'], { ...sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"completion" is a command, not a SOURCE: give it first/);
    expect(r.stderr).toMatch(/write \.\/completion/);
  });
});
