// A window with a gap (docs/usage.md, "Coverage"), end to end against the sandbox IAM over real
// HTTPS (needs `npm run build`): an hour of records from 30 days ago and the last hour, read with
// --since 30d, is not a month of logs: the report says what it covers, warns, marks its verdicts,
// and `revoke --from` refuses it unless --allow-gaps.
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLines, type LineContext } from '../../src/sandbox/service/lines.js';
import type { Check } from '../../src/sandbox/service/stages.js';
import { run, sandboxSuite, writeFile } from '../iam/helpers.js';

const ROLE = 'dcos:mesos:master:framework:role:r1';
const LOG = 'dcos:mesos:master:log';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const sb = sandboxSuite('a2g-unused-cov-', (iam) => {
  iam.addUser('svc', 'svc-pw');
});
beforeEach(() => sb.hold([{ uid: 'svc', rid: ROLE, action: 'create' }, { uid: 'svc', rid: LOG, action: 'read' }]));
const flags = () => sb.flags();
const held = () => sb.aces('svc');

/** An hour of Mesos master records from `start` (another account's, and one use of ROLE by svc). */
function hour(start: number): string {
  const lines: string[] = [];
  let seq = 0;
  const at = (now: number, uid: string, c: Check) => {
    const ctx: LineContext = { uid, now, host: 'master-1', clientIp: '10.0.4.21', masterIp: '10.0.0.1', seq: seq++ };
    lines.push(...auditLines(ctx, c, 'allow'));
  };
  for (let t = start; t < start + HOUR; t += 10 * 60 * 1000) at(t, 'other', { checker: 'mesos', rid: 'dcos:mesos:master:task:user:nobody', action: 'create' });
  at(start + 30 * 60 * 1000, 'svc', { checker: 'mesos', rid: ROLE, action: 'create' });
  return lines.join('\n') + '\n';
}

describe('unused: coverage of the asked window', () => {
  it('a gap of a month is reported, the verdicts say what they rest on, and revoke --from refuses without --allow-gaps', async () => {
    const now = Date.now();
    const old = writeFile(sb.dir, 'old.log', hour(now - 30 * DAY + HOUR));
    const recent = writeFile(sb.dir, 'new.log', hour(now - 2 * HOUR));
    const before = held();
    expect(before).toEqual([`${LOG} read`, `${ROLE} create`].sort());

    const u = await run(['unused', '--uid', 'svc', old, recent, '--since', '30d', '--json', ...flags()], sb.env);
    expect(u.code).toBe(0);
    const doc = JSON.parse(u.stdout);
    expect(doc.warnings.map((w: { kind: string }) => w.kind)).toEqual(expect.arrayContaining(['coverage-gap', 'short-coverage']));
    expect(u.stderr).toMatch(/warning: the logs read have 1 gap longer than 24 h with no audit record from any host: \S+ → \S+ \(30 d\)/);
    expect(u.stderr).toMatch(/warning: the logs read cover 2 h of the 30 d asked/);
    // The spans holding records, per host and in all; the gap between them.
    expect(doc.window.hosts).toHaveLength(1);
    expect(doc.window.hosts[0].spans).toHaveLength(2);
    expect(doc.coverage).toMatchObject({ short: true, windowMs: 30 * DAY });
    expect(doc.coverage.gaps).toHaveLength(1);
    expect(doc.coverage.coveredMs).toBeLessThan(2 * HOUR);
    const log = doc.grants.find((g: { rid: string }) => g.rid === LOG);
    // The verdict rests on the records of the component that would log its use.
    expect(log).toMatchObject({ status: 'unused', unusedIn: 'the 2 h of mesos-master records read (of 30 d asked; 1 gap longer than 24 h)' });
    expect(doc.coverage.components['mesos-master']).toMatchObject({ short: true, windowMs: 30 * DAY });
    expect(doc.grants.find((g: { rid: string }) => g.rid === ROLE)).toMatchObject({ status: 'used', unusedIn: null });
    const table = await run(['unused', '--uid', 'svc', old, recent, '--since', '30d', ...flags()], sb.env);
    expect(table.stdout).toMatch(new RegExp(`UNUSED  ${LOG} read: not used in the 2 h of mesos-master records read \\(of 30 d asked; 1 gap`));
    expect(table.stdout).toMatch(/^  mesos-master records cover 2 h of 30 d, gaps: /m);
    expect(table.stdout).toMatch(/^window master-1: .*; records only in \S+ → \S+, \S+ → \S+$/m);
    expect(table.stdout).toMatch(/^coverage: asked .*; records cover 2 h of 30 d, gaps: /m);

    const file = writeFile(sb.dir, 'gapped.json', u.stdout);
    for (const extra of [['--dry-run'], []]) {
      const r = await run(['revoke', '--from', file, ...extra, ...flags()], sb.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/gapped\.json: no audit record was read \S+ → \S+ \(30 d\): uses then would not show; the logs cover 2 h of the 30 d window .*nothing was revoked/);
      expect(r.stdout).not.toMatch(/DELETE|revoked/);
      expect(held()).toEqual(before);
    }
    // Deleting the report's warnings, or its coverage's verdict, changes nothing: the spans are judged again.
    const edited = { ...doc, warnings: [], coverage: { ...doc.coverage, gaps: [], short: false } };
    const e = await run(['revoke', '--from', writeFile(sb.dir, 'edited.json', JSON.stringify(edited)), ...flags()], sb.env);
    expect(e.code).toBe(2);
    expect(held()).toEqual(before);
    // A report without coverage (an older audit2grant's) is refused the same way.
    const { coverage: _c, ...bare } = doc;
    const b = await run(['revoke', '--from', writeFile(sb.dir, 'bare.json', JSON.stringify(bare)), ...flags()], sb.env);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/no "coverage"/);

    const forced = await run(['revoke', '--from', file, '--allow-gaps', '--yes', ...flags()], sb.env);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/warning: .*gapped\.json: no audit record was read .*revoking anyway \(--allow-gaps\)/);
    expect(held()).toEqual([`${ROLE} create`]);
    const un = await run(['undo', ...flags()], sb.env);
    expect(un.code).toBe(0);
    expect(held()).toEqual(before);
  });

  it('a window under an hour is said in seconds or minutes, not "0 h"', async () => {
    const now = Date.now();
    const lines: string[] = [];
    let seq = 0;
    for (const t of [now - 91_000, now - 30_000, now]) {
      lines.push(...auditLines({ uid: 'other', now: t, host: 'master-1', clientIp: '10.0.4.21', masterIp: '10.0.0.1', seq: seq++ }, { checker: 'mesos', rid: 'dcos:mesos:master:task:user:nobody', action: 'create' }, 'allow'));
    }
    const u = await run(['unused', '--uid', 'svc', writeFile(sb.dir, 'short.log', lines.join('\n') + '\n'), ...flags()], sb.env);
    expect(u.code).toBe(0);
    // The window runs from the first record to the report's time (a second or so after the last).
    expect(u.stdout).toMatch(new RegExp(`${LOG} read: not used in the 91 s of mesos-master records read \\(of 9\\d s from the first record to this report\\)`));
    expect(u.stdout).toMatch(/^coverage: the first record → this report, \S+ \(no --since\); records cover 91 s of 9\d s$/m);
    expect(u.stdout).not.toMatch(/\b0 h\b/);
  });

  it('logs that end 10 days before the report: the stretch since is a gap, whatever --until says, and revoke --from refuses', async () => {
    // Ten days of records, the last 10 days ago (a bundle saved then): a grant used, or granted, since would look unused.
    const end = Date.now() - 10 * DAY;
    const lines: string[] = [];
    let seq = 0;
    for (let t = end - 10 * DAY; t <= end; t += 6 * HOUR) {
      lines.push(...auditLines({ uid: 'other', now: t, host: 'master-1', clientIp: '10.0.4.21', masterIp: '10.0.0.1', seq: seq++ }, { checker: 'mesos', rid: 'dcos:mesos:master:task:user:nobody', action: 'create' }, 'allow'));
    }
    const log = writeFile(sb.dir, 'stale.log', lines.join('\n') + '\n');
    const last = new Date(Math.floor(end / 1000) * 1000).toISOString();
    // --until at the last record changes nothing: the holdings are read now, so the stretch to now is still unseen.
    for (const until of [[], ['--until', last]]) {
      const u = await run(['unused', '--uid', 'svc', log, ...until, '--json', ...flags()], sb.env);
      expect(u.code).toBe(0);
      const doc = JSON.parse(u.stdout);
      expect(doc.coverage.since).toBeNull();
      expect(Date.parse(doc.coverage.until)).toBeGreaterThan(end + 10 * DAY - 60_000);
      expect(doc.coverage.gaps).toEqual([{ first: last, last: doc.coverage.until }]);
      expect(u.stderr).toContain(`; the records end at ${last}, 10 d before this report: a grant used or granted since looks unused, read newer logs; revoke --from refuses`);
      expect(doc.grants.find((g: { rid: string }) => g.rid === LOG)).toMatchObject({ status: 'unused', unusedIn: 'the 10 d of mesos-master records read (of 20 d from the first record to this report; 1 gap longer than 24 h)' });
      const r = await run(['revoke', '--from', writeFile(sb.dir, 'stale.json', u.stdout), '--yes', ...flags()], sb.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`stale\\.json: no audit record was read ${last} → \\S+ \\(10 d\\): uses then would not show.*nothing was revoked`));
      // Edited to say its window ended at its last record, with no time it was made: judged up to now all the same.
      const { made: _m, ...edited } = { ...doc, coverage: { ...doc.coverage, until: last } };
      const e = await run(['revoke', '--from', writeFile(sb.dir, 'edited.json', JSON.stringify(edited)), '--yes', ...flags()], sb.env);
      expect(e.code).toBe(2);
      expect(e.stderr).toMatch(/no audit record was read .*\(10 d\): uses then would not show/);
    }
    expect(held()).toEqual([`${LOG} read`, `${ROLE} create`].sort());
  });

  it("one component's records over the window say nothing of another's: a Mesos grant judged on 12 h of Mesos records is refused", async () => {
    // A master replaced within the window: Admin Router's records span 10 days, the Mesos master's
    // the last 12 hours only. The logs as a whole cover the window; the Mesos master's do not.
    const now = Date.now();
    const lines: string[] = [];
    let seq = 0;
    const at = (t: number, uid: string, c: Check) => lines.push(...auditLines({ uid, now: t, host: 'master-1', clientIp: '10.0.4.21', masterIp: '10.0.0.1', seq: seq++ }, c, 'allow'));
    for (let t = now - 10 * DAY + HOUR; t < now; t += 6 * HOUR) at(t, 'other', { checker: 'adminrouter', rid: 'dcos:adminrouter:ops:exhibitor', action: 'full' });
    for (let t = now - 12 * HOUR; t < now; t += HOUR) at(t, 'other', { checker: 'mesos', rid: 'dcos:mesos:master:task:user:nobody', action: 'create' });
    at(now - 2 * HOUR, 'svc', { checker: 'mesos', rid: ROLE, action: 'create' });
    const u = await run(['unused', '--uid', 'svc', writeFile(sb.dir, 'replaced.log', lines.join('\n') + '\n'), '--since', '10d', '--json', ...flags()], sb.env);
    expect(u.code).toBe(0);
    const doc = JSON.parse(u.stdout);
    expect(doc.coverage).toMatchObject({ short: false, gaps: [] });
    expect(doc.coverage.components['mesos-master']).toMatchObject({ short: true });
    expect(doc.grants.find((g: { rid: string }) => g.rid === LOG)).toMatchObject({ status: 'unused', unusedIn: expect.stringMatching(/^the 1[12] h of mesos-master records read \(of 10 d asked; 1 gap longer than 24 h\)$/) });
    expect(u.stderr).toMatch(/warning: the mesos-master records read have 1 gap longer than 24 h with no mesos-master audit record from any host/);
    for (const extra of [['--yes'], ['--dry-run']]) {
      const r = await run(['revoke', '--from', writeFile(sb.dir, 'replaced.json', u.stdout), ...extra, ...flags()], sb.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/replaced\.json: no mesos-master audit record was read \S+ → \S+ \(10 d\): uses then would not show; the mesos-master records cover 1[12] h of the 10 d window \(less than 7 d\).*nothing was revoked/);
    }
    expect(held()).toEqual([`${LOG} read`, `${ROLE} create`].sort());
  });

  it("hosts read against the cluster's nodes: one master's logs of three are refused; nodes not listed, too", async () => {
    // Ten days of one master's records, whole; the cluster lists three masters.
    const now = Date.now();
    const lines: string[] = [];
    let seq = 0;
    for (let t = now - 10 * DAY + HOUR; t < now; t += 6 * HOUR) {
      for (const c of [{ checker: 'adminrouter', rid: 'dcos:adminrouter:ops:exhibitor', action: 'full' }, { checker: 'mesos', rid: 'dcos:mesos:master:task:user:nobody', action: 'create' }] as Check[]) {
        lines.push(...auditLines({ uid: 'other', now: t, host: 'master-1', clientIp: '10.0.4.21', masterIp: '10.0.0.1', seq: seq++ }, c, 'allow'));
      }
    }
    const log = writeFile(sb.dir, 'one-master.log', lines.join('\n') + '\n');
    sb.iam.nodes.splice(0, sb.iam.nodes.length, { ip: '10.0.0.1', role: 'master' }, { ip: '10.0.0.2', role: 'master' }, { ip: '10.0.0.3', role: 'master' });
    try {
      const u = await run(['unused', '--uid', 'svc', log, '--since', '10d', '--json', ...flags()], sb.env);
      expect(u.code).toBe(0);
      const doc = JSON.parse(u.stdout);
      expect(doc.nodes).toEqual({ masters: 3, agents: 0 });
      expect(doc.coverage).toMatchObject({ short: false, gaps: [] });
      expect(u.stderr).toMatch(/warning: records were read from 1 host, but the cluster lists 3 masters and 0 agents: a use through a node not read would not show/);
      const r = await run(['revoke', '--from', writeFile(sb.dir, 'one-master.json', u.stdout), '--yes', ...flags()], sb.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/one-master\.json: records were read from 1 host, but the cluster lists 3 masters .*nothing was revoked/);
      // The node APIs refused: nothing tells a node not read, so the same.
      Object.assign(sb.iam.nodeApis, { health: false, mesos: false, exhibitor: false });
      const blind = await run(['unused', '--uid', 'svc', log, '--since', '10d', '--json', ...flags()], sb.env);
      expect(JSON.parse(blind.stdout).nodes).toEqual({ error: expect.any(String) });
      const b = await run(['revoke', '--from', writeFile(sb.dir, 'blind.json', blind.stdout), '--yes', ...flags()], sb.env);
      expect(b.code).toBe(2);
      expect(b.stderr).toMatch(/blind\.json: the cluster's nodes could not be listed \(.*\): a node not read could not be told/);
      expect(held()).toEqual([`${LOG} read`, `${ROLE} create`].sort());
    } finally {
      sb.iam.nodes.splice(0);
      Object.assign(sb.iam.nodeApis, { health: true, mesos: true, exhibitor: true });
    }
  });

  it('the last hour of a 30 d window (its records span 50 min): short coverage, refused', async () => {
    const recent = writeFile(sb.dir, 'new.log', hour(Date.now() - 2 * HOUR));
    const u = await run(['unused', '--uid', 'svc', recent, '--since', '30d', '--json', ...flags()], sb.env);
    expect(u.code).toBe(0);
    const doc = JSON.parse(u.stdout);
    expect(doc.coverage.gaps).toHaveLength(1); // from --since to the first record
    expect(doc.warnings.map((w: { kind: string }) => w.kind)).toEqual(expect.arrayContaining(['short-window', 'coverage-gap', 'short-coverage']));
    const r = await run(['revoke', '--from', writeFile(sb.dir, 'short.json', u.stdout), ...flags()], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the logs cover 50 min of the 30 d window \(less than 7 d\)/);
    expect(held()).toEqual([`${LOG} read`, `${ROLE} create`].sort());
  });
});
