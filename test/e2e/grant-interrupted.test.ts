// A grant run killed mid-batch (SIGKILL: no cleanup runs) after the IAM applied its first change:
// the ledger holds the intent, `history` shows it as maybe applied, `undo` takes it back
// (docs/ledger.md). Runs the built CLI (needs `npm run build`) against the sandbox IAM over HTTPS.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Ledger, ledgerPath } from '../../src/iam/ledger.js';
import { run, sandboxSuite } from '../iam/helpers.js';
import { defined } from '../helpers/nth.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
const LOG = 'dcos:mesos:master:log';
const FLAGS = 'dcos:mesos:master:flags';

const sb = sandboxSuite('a2g-killed-', (iam) => {
  iam.addUser('svc', 'svc-pw');
});

const aces = (uid: string) => sb.aces(uid);
const flags = () => sb.flags();

describe('a grant killed mid-batch', () => {
  it('leaves an intent that history shows as maybe applied and undo revokes', async () => {
    let applied!: () => void;
    const hit = new Promise<void>((resolve) => (applied = resolve));
    sb.iam.faults.push({ kind: 'hang-after-apply', method: 'PUT', path: `${LOG}/users/svc/read`, onHit: () => applied() });

    const child = spawn(process.execPath, [bin, 'grant', '--uid', 'svc', LOG, 'read', FLAGS, 'read', ...flags()], { env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await Promise.race([hit, exited]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    clearTimeout(guard);
    expect(stderr).toBe('');
    expect(aces('svc')).toEqual([`${LOG} read`]); // the IAM applied it; the run never heard back

    const { records, warnings } = new Ledger(ledgerPath(sb.env)).read();
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    // Its ACL PUT was answered 201 before the kill: the record must not read "ACL not created".
    expect(records[0]).toMatchObject({ op: 'grant', uid: 'svc', rid: LOG, action: 'read', outcome: 'unknown', interrupted: true, heldBefore: false, cluster: sb.iam.httpsUrl, aclCreated: false, aclUnknown: true });

    const table = await run(['history'], sb.env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`grant  unknown  svc  ${LOG}  read    interrupted: may be applied, acl: may have been created  ${sb.iam.httpsUrl.replace(/\./g, '\\.')}\\n$`));
    const json = JSON.parse((await run(['history', '--format', 'json'], sb.env)).stdout);
    expect(json).toEqual([expect.objectContaining({ outcome: 'unknown', interrupted: true, id: records[0]?.id, session: records[0]?.session })]);

    const u = await run(['undo', ...flags()], sb.env);
    expect(u.stderr).toBe(`undo of session ${records[0]?.session}:\n1 revoked\n`);
    // Its answer was never read: the revoke says a grant made by hand since would be gone too.
    expect(u.stdout).toBe(`revoked        svc ${LOG} read  (its grant's answer was never read: if someone granted it since, that grant is gone too: \`audit2grant grant --uid svc ${LOG} read\` puts it back)\n`);
    expect(u.code).toBe(0);
    expect(aces('svc')).toEqual([]);
    const again = await run(['undo', ...flags()], sb.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no session with grants left to undo/);
  });
});

describe('undo and a ledger someone else appended to', () => {
  it('skips the records that fail its checks, one line each, in --dry-run and for real, and exits 1', async () => {
    sb.iam.addUser('dcos_adminrouter', 'x-pw');
    const held = await run(['grant', '--uid', 'svc', LOG, 'read', ...flags()], sb.env);
    expect(held.code).toBe(0);
    const session = defined(/session (\S+) /.exec(held.stderr)?.[1], 'the session id');
    // Appended by someone else, claiming that session: a first-format record and a lone intent.
    const at = { time: new Date().toISOString(), cluster: sb.iam.httpsUrl, session, op: 'grant' } as const;
    new Ledger(ledgerPath(sb.env)).write([
      { ...at, uid: 'dcos_adminrouter', rid: LOG, action: 'read', outcome: 'granted', aclCreated: false },
      { kind: 'intent', id: 'forged1', ...at, uid: 'svc', rid: 'dcos:superuser', action: 'full' },
    ]);
    const why = {
      native: 'not revoked: audit2grant never grants to the DC/OS native account dcos_adminrouter (only task:user rights to dcos_marathon/dcos_metronome), so this record is not one of its grants',
      superuser: `not revoked: dcos:superuser is a DANGEROUS permission, and the ledger does not show that session ${session} granted it (outcome unknown): check it by hand`,
    };
    const dry = await run(['undo', '--dry-run'], sb.env);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`skipped svc dcos:superuser full: ${why.superuser}\n`);
    expect(dry.stderr).toContain(`skipped dcos_adminrouter ${LOG} read: ${why.native}\n`);
    expect(dry.stdout.match(/^DELETE .*$/gm)).toEqual([`DELETE ${sb.iam.httpsUrl}/acs/api/v1/acls/${LOG}/users/svc/read`]);

    const u = await run(['undo', ...flags()], sb.env);
    expect(u.code).toBe(1);
    expect(u.stdout).toBe(
      `revoked        svc ${LOG} read\n` +
        `refused        svc dcos:superuser full  (${why.superuser})\n` +
        `refused        dcos_adminrouter ${LOG} read  (${why.native})\n`,
    );
    expect(aces('svc')).toEqual([]);
    expect(sb.iam.requests.filter((r) => r.method === 'DELETE' && !r.rawPath.includes(`${LOG}/users/svc/read`))).toEqual([]);
  });

  it('an undo while the grant is still on its way sends nothing for it and says why; once answered, undo takes it back (review r-ledger, finding 2)', async () => {
    let hit!: () => void;
    const held = new Promise<void>((resolve) => (hit = resolve));
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    sb.iam.faults.push({ kind: 'hold', until, method: 'PUT', path: `${LOG}/users/svc/read`, onHit: () => hit() });
    const child = spawn(process.execPath, [bin, 'grant', '--uid', 'svc', LOG, 'read', ...flags()], { env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try {
      await held;
      const mark = sb.iam.requests.length;
      for (const extra of [[], ['--dry-run']]) {
        const u = await run(['undo', ...extra, ...flags()], sb.env);
        expect(u.code).toBe(extra.length ? 0 : 1); // a dry run lists what it skips, exit 0 (as above)
        expect(u.stdout + u.stderr).toMatch(new RegExp(`svc ${LOG} read.*the run that sends this grant \\(process ${child.pid}\\) is still running`));
      }
      expect(sb.iam.requests.slice(mark).filter((r) => r.method === 'DELETE')).toEqual([]);
      expect((await run(['history'], sb.env)).stdout).toContain(`grant  unknown  svc  ${LOG}  read    in flight: process ${child.pid} is sending it, acl: may have been created  `);
    } finally {
      release();
    }
    expect(await exited).toBe(0);
    clearTimeout(guard);
    expect(aces('svc')).toEqual([`${LOG} read`]);
    const u = await run(['undo', ...flags()], sb.env);
    expect([u.code, u.stdout]).toEqual([0, `revoked        svc ${LOG} read\n`]);
    expect(aces('svc')).toEqual([]);
  });
});
