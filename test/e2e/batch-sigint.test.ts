// Ctrl-C or SIGTERM during a grant or undo batch: the command still prints what was done, the pair in
// flight as maybe applied, what was not sent, the session and what to run next (lines and --json),
// and exits 1 (docs/ledger.md, "An interrupted run"). Runs the built CLI (needs `npm run build`)
// against the sandbox IAM over HTTPS; the IAM keeps the pair's request unanswered until the signal.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Ledger, ledgerPath } from '../../src/iam/ledger.js';
import { run, sandboxSuite, type Run } from '../iam/helpers.js';
import { defined } from '../helpers/nth.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
// Each test grants to its own account: the sandbox's state lasts the whole suite.
const R1 = 'dcos:mesos:master:framework:role:r1';
const R2 = 'dcos:mesos:master:framework:role:r2';
const R3 = 'dcos:mesos:master:framework:role:r3';

const sb = sandboxSuite('a2g-sigint-', (iam) => {
  for (const uid of ['svc', 'svc2', 'svc3', 'svc4']) iam.addUser(uid, 'x-pw');
});

/** Runs the CLI; once the IAM has applied (and not answered) the request `method path`, sends `signal`. */
async function runInterrupted(args: string[], method: string, path: string, signal: NodeJS.Signals): Promise<Run> {
  let hit!: () => void;
  const applied = new Promise<void>((resolve) => (hit = resolve));
  sb.iam.faults.push({ kind: 'hang-after-apply', method, path, onHit: () => hit() });
  const child = spawn(process.execPath, [bin, ...args], { env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await Promise.race([applied, closed]);
  child.kill(signal);
  const code = await closed;
  clearTimeout(guard);
  return { code, stdout, stderr };
}

const grant = (uid: string): string[] => ['grant', '--uid', uid, R1, 'create', R2, 'create', R3, 'create'];
const MAYBE = 'the IAM may have applied it';

describe('a grant batch interrupted', () => {
  it('by SIGINT prints each finished pair, the one in flight as maybe applied, the rest not sent, the session and the undo hint; exit 1', async () => {
    const g = await runInterrupted([...grant('svc'), ...sb.flags()], 'PUT', `${R2}/users/svc/create`, 'SIGINT');
    expect(g.code).toBe(1);
    const lines = g.stdout.split('\n');
    expect(lines[0]).toBe(`granted        svc ${R1} create  (ACL created)`);
    expect(lines[1]).toContain(`failed         svc ${R2} create  (interrupted while it was sent; ${MAYBE}: the ledger records it as unknown`);
    expect(lines[2]).toBe(`failed         svc ${R3} create  (not attempted: interrupted)`);
    expect(lines.slice(3)).toEqual(['']);
    const session = defined(/undo --session (\S+)`/.exec(g.stderr)?.[1], 'the session in the hint');
    expect(g.stderr).toContain('1 granted, 2 failed\naudit2grant: interrupted: 1 pair answered, 1 may be applied, 1 not sent\n');
    expect(g.stderr).toContain(`hint: \`audit2grant undo --session ${session}\` takes back what session ${session} granted or may have`);
    expect(sb.aces('svc')).toEqual([`${R1} create`, `${R2} create`]); // the IAM applied the one in flight

    const { records } = new Ledger(ledgerPath(sb.env)).read();
    expect(records.map((r) => [r.rid, r.outcome, r.session])).toEqual([[R1, 'granted', session], [R2, 'unknown', session]]);
    // history says what stopped it: interrupted, not an answer lost (its outcome line is there).
    const h = await run(['history'], sb.env);
    expect(h.stdout).toMatch(new RegExp(`unknown +svc +${R2} +create +interrupted: may be applied, acl-created  `));
    expect(h.stdout).not.toContain('answer lost');
    const json = JSON.parse((await run(['history', '--format', 'json'], sb.env)).stdout) as Array<Record<string, unknown>>;
    expect(json.map((r) => [r.rid, r.interrupted ?? false])).toEqual([[R1, false], [R2, true]]);
  });

  it('by SIGTERM with --json writes the document: the results, the session, and the stop with its hint', async () => {
    const g = await runInterrupted([...grant('svc2'), '--json', ...sb.flags()], 'PUT', `${R2}/users/svc2/create`, 'SIGTERM');
    expect(g.code).toBe(1);
    const doc = JSON.parse(g.stdout) as { session: string; results: Array<{ rid: string; outcome: string; detail: string }>; stopped: { message: string; hint: string } };
    expect(doc.results.map((r) => [r.rid, r.outcome])).toEqual([[R1, 'granted'], [R2, 'failed'], [R3, 'failed']]);
    expect(doc.results[1]?.detail).toContain(MAYBE);
    expect(doc.results[2]?.detail).toBe('not attempted: interrupted');
    expect(doc.session).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(doc.stopped.message).toBe('interrupted: 1 pair answered, 1 may be applied, 1 not sent');
    expect(doc.stopped.hint).toContain(`audit2grant undo --session ${doc.session}`);
  });
});

describe('an undo interrupted', () => {
  it('prints what it revoked, the revoke in flight, and how to finish the undo; the next undo does', async () => {
    const g = await run([...grant('svc3').slice(0, 7), ...sb.flags()], sb.env);
    expect(g.code).toBe(0);
    const session = defined(/session (\S+) /.exec(g.stderr)?.[1], 'the session id');
    // Newest first: R2's revoke is the one held, R1's is never sent.
    const u = await runInterrupted(['undo', ...sb.flags()], 'DELETE', `${R2}/users/svc3/create`, 'SIGINT');
    expect(u.code).toBe(1);
    expect(u.stdout).toMatch(new RegExp(`^failed {9}svc3 ${R2} create  \\(interrupted while it was sent; ${MAYBE}: the ledger records it as unknown\\)\\nfailed {9}svc3 ${R1} create  \\(not attempted: interrupted\\)\\n$`));
    expect(u.stderr).toContain(`undo of session ${session}:\n`);
    expect(u.stderr).toContain('audit2grant: interrupted: 0 pairs answered, 1 may be applied, 1 not sent\n');
    expect(u.stderr).toContain(`hint: \`audit2grant undo --session ${session}\` again finishes the undo`);
    expect(sb.aces('svc3')).toEqual([`${R1} create`]);

    const again = await run(['undo', '--session', session, ...sb.flags()], sb.env);
    expect(again.stdout).toBe(`already absent svc3 ${R2} create  (ERR_USER_NOT_IN_ACL)\nrevoked        svc3 ${R1} create\n`);
    expect(again.code).toBe(0);
    expect(sb.aces('svc3')).toEqual([]);
  });
});

describe('a grant interrupted around its ACL step', () => {
  const R4 = 'dcos:mesos:master:framework:role:r4';
  const R5 = 'dcos:mesos:master:framework:role:r5';
  const aclStatus = async (rid: string) => (await fetch(`${sb.iam.httpUrl}/acs/api/v1/acls/${rid}`, { headers: { authorization: `token=${sb.token}` } })).status;

  it('records what is known of the ACL (no answer: unknown; answered 201: created), and undo never deletes an ACL', async () => {
    // The ACL's PUT is applied (the ACL now exists) and never answered.
    const a = await runInterrupted(['grant', '--uid', 'svc4', R4, 'create', ...sb.flags()], 'PUT', `/acls/${R4}`, 'SIGINT');
    expect(a.stdout).toBe(`failed         svc4 ${R4} create  (not attempted: interrupted in its ACL step, before its permission request)\n`);
    expect(await aclStatus(R4)).toBe(200);
    // The ACL answered 201; the permission request is applied and never answered.
    const b = await runInterrupted(['grant', '--uid', 'svc4', R5, 'create', ...sb.flags()], 'PUT', `${R5}/users/svc4/create`, 'SIGINT');
    expect(b.code).toBe(1);
    const { records } = new Ledger(ledgerPath(sb.env)).read();
    expect(records.map((r) => [r.rid, r.outcome, r.aclCreated, r.aclUnknown])).toEqual([[R4, 'failed', false, true], [R5, 'unknown', true, undefined]]);
    const h = await run(['history'], sb.env);
    expect(h.stdout).toMatch(new RegExp(`failed +svc4 +${R4} +create +acl: may have been created`));
    expect(h.stdout).toMatch(new RegExp(`unknown +svc4 +${R5} +create +interrupted: may be applied, acl-created`));

    const mark = sb.iam.requests.length;
    const u = await run(['undo', ...sb.flags()], sb.env);
    expect([u.code, u.stdout]).toEqual([0, `revoked        svc4 ${R5} create  (its grant's answer was never read: if someone granted it since, that grant is gone too: \`audit2grant grant --uid svc4 ${R5} create\` puts it back)\n`]);
    expect(sb.iam.requests.slice(mark).filter((r) => r.method === 'DELETE').map((r) => r.rawPath)).toEqual([`/acs/api/v1/acls/${R5}/users/svc4/create`]);
    expect([await aclStatus(R4), await aclStatus(R5)]).toEqual([200, 200]);
  });
});
