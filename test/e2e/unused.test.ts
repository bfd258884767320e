// Issue 16 end to end against the sandbox IAM over real HTTPS (needs `npm run build`): an account
// with direct grants of which some are used in the logs and some not, a `full` on a Marathon group
// used only through one app, a right over itself, and a grant through a group; then
// `unused` → `revoke --from` → `undo`, with the IAM's ACLs checked after each step.
import { beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { auditLines, type LineContext } from '../../src/sandbox/service/lines.js';
import type { Check } from '../../src/sandbox/service/stages.js';
import { run, sandboxSuite, writeFile } from '../iam/helpers.js';

const ROLE = 'dcos:mesos:master:framework:role:svc-role';
const OPS_MESOS = 'dcos:adminrouter:ops:mesos';
const DEV = 'dcos:service:marathon:marathon:services:/dev';
const SECRET = 'dcos:secrets:default:/svc/key';
const LOG = 'dcos:mesos:master:log';
const PRINCIPAL = 'dcos:mesos:master:framework:principal:svc';
const METADATA = 'dcos:adminrouter:ops:metadata';

const DAY = 24 * 3600 * 1000;
/** Ten days of logs that end this hour (on the hour: journal times are whole seconds): the window runs to the report's time. */
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 10 * DAY;

const sb = sandboxSuite('a2g-unused-', (iam) => {
  iam.addUser('svc', 'svc-pw');
  iam.addUser('other', 'other-pw');
  iam.addGroup('ops', ['svc']);
});
beforeEach(async () => {
  // The account's grants, set up through the IAM API: granted (first test) or held already (the next).
  await sb.hold([ROLE, 'create', OPS_MESOS, 'full', DEV, 'full', SECRET, 'read', LOG, 'read', PRINCIPAL, 'delete'].flatMap((x, i, a) => (i % 2 === 0 ? [{ uid: 'svc', rid: x, action: a[i + 1]! }] : [])));
  expect(await sb.hold([{ uid: '', gid: 'ops', rid: METADATA, action: 'full' }])).toHaveLength(1);
});

const held = () => sb.aces('svc');
const groupHeld = () => sb.iam.groupAces().filter((a) => a.gid === 'ops').map((a) => `${a.rid} ${a.action}`);
const flags = () => sb.flags();

/** Ten days of two masters' audit lines, as the sandbox's components write them (allows included). */
function logs(): string {
  const lines: string[] = [];
  let seq = 0;
  const at = (host: string, now: number, uid: string, c: Check, result: 'allow' | 'deny' = 'allow') => {
    const ctx: LineContext = { uid, now, host, clientIp: '10.0.4.21', masterIp: '10.0.0.1', seq: seq++ };
    lines.push(...auditLines(ctx, c, result));
  };
  for (const host of ['master-1', 'master-2']) {
    // Other principals on both masters, first and last day: the window (10 days on each host).
    at(host, T0, 'other', { checker: 'adminrouter', rid: 'dcos:adminrouter:ops:exhibitor', action: 'full' });
    at(host, T0 + 10 * DAY, 'other', { checker: 'mesos', rid: 'dcos:mesos:master:framework:role:x', action: 'create' });
    // Records of both components every 12 hours between: the logs, and each component's own records,
    // cover the window without a gap (docs/usage.md, Coverage).
    for (let t = T0 + DAY / 2; t < T0 + 10 * DAY; t += DAY / 2) {
      at(host, t, 'other', { checker: 'mesos', rid: 'dcos:mesos:master:framework:role:x', action: 'create' });
      at(host, t, 'other', { checker: 'adminrouter', rid: 'dcos:adminrouter:ops:exhibitor', action: 'full' });
    }
  }
  // The account's uses: its role (exact), one app under the /dev group it holds `full` on.
  at('master-1', T0 + 2 * DAY, 'svc', { checker: 'mesos', rid: ROLE, action: 'create' });
  at('master-2', T0 + 3 * DAY, 'svc', { checker: 'mesos', rid: ROLE, action: 'create' });
  at('master-1', T0 + 4 * DAY, 'svc', { checker: 'marathon', rid: `${DEV}/app`, action: 'read', marathon: { action: 'ViewRunSpec', path: '/dev/app' } });
  // A denial is no use; nor is a perfect Admin Router allow line printed by a task (a forgery).
  at('master-1', T0 + 5 * DAY, 'svc', { checker: 'mesos', rid: LOG, action: 'read' }, 'deny');
  const forged = auditLines({ uid: 'svc', now: T0 + 6 * DAY, host: 'master-1', clientIp: '10.0.4.66', masterIp: '10.0.0.1', seq: seq++ },
    { checker: 'adminrouter', rid: OPS_MESOS, action: 'full' }, 'allow').at(-1)!.replace(' nginx[1240]: ', ' job-runner[6100]: ');
  lines.push(forged);
  return lines.join('\n') + '\n';
}

describe('unused → revoke --from → undo, against the sandbox IAM', () => {
  it('finds what is not used, revokes exactly that, and undo grants exactly that back', async () => {
    const log = writeFile(sb.dir, 'masters.log', logs());
    const before = held();
    expect(before).toHaveLength(6);
    expect(groupHeld()).toEqual([`${METADATA} full`]);

    // 1. unused, json: the verdict per grant.
    const u = await run(['unused', '--uid', 'svc', log, '--json', ...flags()], sb.env);
    expect(u.stderr).not.toMatch(/internal error/);
    expect(u.code).toBe(0);
    const doc = JSON.parse(u.stdout);
    expect(doc).toMatchObject({ version: 1, kind: 'unused', uid: 'svc', cluster: sb.iam.httpsUrl });
    const by = Object.fromEntries(doc.grants.map((g: { rid: string; action: string; held: string }) => [`${g.held} ${g.rid} ${g.action}`, g]));
    expect(by[`direct ${ROLE} create`]).toMatchObject({ status: 'used', uses: 2, onlyAs: null, lastUse: { component: 'mesos-master', host: 'master-2', time: new Date(T0 + 3 * DAY).toISOString() } });
    expect(by[`direct ${DEV} full`]).toMatchObject({ status: 'used', uses: 1, onlyAs: [`${DEV}/app`], lastUse: { component: 'marathon', host: 'master-1' } });
    expect(by[`direct ${OPS_MESOS} full`]).toMatchObject({ status: 'unused', lastUse: null, caution: null });
    // No secrets record was read from any host: a use of it would not show, so no verdict.
    expect(by[`direct ${SECRET} read`]).toMatchObject({ status: 'unknown', risk: 'sensitive', reason: 'no secrets audit record was read from any host: a use of it would not show' });
    expect(by[`direct ${LOG} read`]).toMatchObject({ status: 'unused' });
    expect(by[`direct ${PRINCIPAL} delete`]).toMatchObject({ status: 'unused', caution: expect.stringMatching(/names svc itself/) });
    expect(by[`group ${METADATA} full`]).toMatchObject({ status: 'unused', gid: 'ops', caution: null });
    expect(doc.window.hosts.map((h: { host: string; first: string; last: string }) => [h.host, h.first, h.last])).toEqual([
      ['master-1', new Date(T0).toISOString(), new Date(T0 + 10 * DAY).toISOString()],
      ['master-2', new Date(T0).toISOString(), new Date(T0 + 10 * DAY).toISOString()],
    ]);
    // 10 days on each host: no short-window warning; the secrets service was read nowhere.
    expect(doc.warnings.map((w: { kind: string }) => w.kind)).toEqual(['component-missing']);
    expect(u.stderr).toMatch(/warning: no secrets audit record was read from any host/);
    expect(held()).toEqual(before);

    // The dcos script: live revokes for the unused direct grants, the right over itself commented out, the group's a comment.
    const s = await run(['unused', '--uid', 'svc', log, '--format', 'dcos', ...flags()], sb.env);
    expect(s.stdout.split('\n').filter((l) => l.startsWith('dcos '))).toEqual([
      `dcos security org users revoke svc ${OPS_MESOS} full`,
      `dcos security org users revoke svc ${LOG} read`,
    ].sort((a, b) => s.stdout.indexOf(a) - s.stdout.indexOf(b)));
    expect(s.stdout).toContain(`# dcos security org users revoke svc ${PRINCIPAL} delete`);
    expect(s.stdout).toContain(`# held through group ops, not revoked from the account: ${METADATA} full`);

    // 2. revoke --from: dry run first (nothing changes; no terminal: --yes, as the real run needs), then for real.
    const file = writeFile(sb.dir, 'unused.json', u.stdout);
    const dry = await run(['revoke', '--from', file, '--dry-run', '--yes', ...flags()], sb.env);
    expect(dry.code).toBe(0);
    expect(dry.stdout.match(/^DELETE /gm)).toHaveLength(2);
    expect(dry.stderr).toMatch(/warning: .*unused\.json: no secrets audit record was read from any host/);
    expect(held()).toEqual(before);
    // The report edited: its used role called unused. Its own evidence (6 uses) says otherwise: left out.
    const edited = { ...doc, grants: doc.grants.map((g: { rid: string; status: string }) => (g.rid === ROLE ? { ...g, status: 'unused' } : g)) };
    const e = await run(['revoke', '--from', writeFile(sb.dir, 'edited.json', JSON.stringify(edited)), '--dry-run', '--yes', ...flags()], sb.env);
    expect(e.code).toBe(0);
    expect(e.stderr).toContain(`note: left out ${join(sb.dir, 'edited.json')}: grant #3 (${ROLE} create): it says unused, but it counts 2 uses`);
    expect(e.stdout).not.toContain(ROLE);
    expect(e.stdout.match(/^DELETE /gm)).toHaveLength(2);
    // Unattended, taking grants away in bulk needs --yes (a terminal would be asked).
    const unasked = await run(['revoke', '--from', file, ...flags()], sb.env);
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toMatch(/revoke --from takes 2 unused grants of account svc away: unattended, it needs --yes: nothing was revoked/);
    expect(held()).toEqual(before);
    const r = await run(['revoke', '--from', file, '--yes', ...flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: skipped .*framework:principal:svc delete\): dangerous to touch/);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/\s+/g, ' ')).sort()).toEqual([
      `revoked svc ${LOG} read`, `revoked svc ${OPS_MESOS} full`,
    ].sort());
    const session = /session (\S+) \(undo grants it back/.exec(r.stderr)?.[1];
    expect(session).toBeTruthy();
    expect(held()).toEqual([`${DEV} full`, `${PRINCIPAL} delete`, `${ROLE} create`, `${SECRET} read`].sort());
    expect(groupHeld()).toEqual([`${METADATA} full`]);
    expect(sb.iam.acls()).toEqual(expect.arrayContaining([OPS_MESOS, LOG])); // ACLs stay

    // 3. undo: the revoke session is the latest; exactly what it revoked comes back (normal risk:
    // no consent needed; a SENSITIVE grant-back: test/e2e/unused-undo.test.ts).
    const un = await run(['undo', ...flags()], sb.env);
    expect(un.code).toBe(0);
    expect(un.stderr).toContain(`undo of session ${session}:`);
    expect(un.stdout.split('\n').filter(Boolean).map((l) => l.replace(/\s+/g, ' ').replace(/ \(.*\)$/, '')).sort()).toEqual([
      `granted svc ${LOG} read`, `granted svc ${OPS_MESOS} full`,
    ].sort());
    expect(held()).toEqual(before);
    expect(groupHeld()).toEqual([`${METADATA} full`]);
    // Undone once: no session is left to undo, and naming it again sends nothing (already undone).
    const again = await run(['undo', ...flags()], sb.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no session with grants left to undo/);
    const mark = sb.iam.requests.length;
    const named = await run(['undo', '--session', String(session), ...flags()], sb.env);
    expect(named.code).toBe(0);
    expect(named.stdout.match(/^already undone svc .* \(granted back by the undo in session /gm)).toHaveLength(2);
    expect(sb.iam.requests.slice(mark).filter((q) => q.method !== 'GET')).toEqual([]);
    expect(held()).toEqual(before);
  });

  it('usage errors and a failed source', async () => {
    const noUid = await run(['unused', 'x.log', ...flags()], sb.env);
    expect(noUid.code).toBe(2);
    expect(noUid.stderr).toMatch(/unused needs --uid UID/);
    const scanJson = writeFile(sb.dir, 'scan.json', JSON.stringify({ version: 1, findings: [] }));
    const wrong = await run(['revoke', '--from', scanJson, ...flags()], sb.env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/is a scan result .*grant --from/);
    const missing = await run(['unused', '--uid', 'svc', join(sb.dir, 'nope.log'), '--json', ...flags()], sb.env);
    expect(missing.code).toBe(1);
    // Nothing was read: no verdict, and nothing for revoke --from to take.
    expect(JSON.parse(missing.stdout).grants.every((g: { status: string }) => g.status === 'unknown')).toBe(true);
    // One source read, another failed: the verdicts stand, but no revoke rests on a partial read.
    const log = writeFile(sb.dir, 'masters.log', logs());
    const partial = await run(['unused', '--uid', 'svc', log, join(sb.dir, 'nope.log'), '--json', ...flags()], sb.env);
    expect(partial.code).toBe(1);
    const pdoc = JSON.parse(partial.stdout);
    expect(pdoc.incomplete).toEqual([expect.stringMatching(/nope\.log could not be read/)]);
    expect(pdoc.grants.some((g: { status: string }) => g.status === 'unused')).toBe(true);
    const before = held();
    for (const extra of [['--dry-run'], ['--yes', '--allow-gaps']]) {
      const p = await run(['revoke', '--from', writeFile(sb.dir, 'partial.json', partial.stdout), ...extra, ...flags()], sb.env);
      expect(p.code).toBe(2);
      expect(p.stderr).toMatch(/partial\.json: its read was not whole \(\S*nope\.log could not be read.*\): a use could be in what went unread: nothing was revoked/);
    }
    expect(held()).toEqual(before);
    const unknownUid = await run(['unused', '--uid', 'ghost', join(sb.dir, 'nope.log'), ...flags()], sb.env);
    expect(unknownUid.code).toBe(1);
    expect(unknownUid.stderr).toMatch(/the IAM does not know ghost/);
  });
});
