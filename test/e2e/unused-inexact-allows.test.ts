// An allow whose uid, object or action holds a byte that is not valid UTF-8 is a use of some
// permission no report can name: `unused` could call that very grant unused, and `revoke --from`
// take away a right the service needs. Such allows of the account (or whose uid cannot be read) are
// counted in a warning with the first one's line, the report says its read was not whole, and
// revoke --from refuses it whatever the flags (docs/usage.md, "A whole read"). Against the sandbox
// IAM over real HTTPS; needs `npm run build`.
import { beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditLines, type LineContext } from '../../src/sandbox/service/lines.js';
import type { Check } from '../../src/sandbox/service/stages.js';
import { run, sandboxSuite } from '../iam/helpers.js';

const ROLE = 'dcos:mesos:master:framework:role:svc-role';
const LOG = 'dcos:mesos:master:log';
const DAY = 24 * 3600 * 1000;
/** Ten days of logs that end this hour (on the hour: journal times are whole seconds): the window runs to the report's time. */
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 10 * DAY;

const sb = sandboxSuite('a2g-unused-inexact-', (iam) => {
  iam.addUser('svc', 'svc-pw');
  iam.addUser('other', 'other-pw');
});
beforeEach(() => sb.hold([{ uid: 'svc', rid: ROLE, action: 'create' }, { uid: 'svc', rid: LOG, action: 'read' }]));
const held = () => sb.aces('svc');
const flags = () => sb.flags();

let seq = 0;
const line = (host: string, now: number, uid: string, c: Check, result: 'allow' | 'deny' = 'allow'): string => {
  const ctx: LineContext = { uid, now, host, clientIp: '10.0.4.21', masterIp: '10.0.0.1', seq: seq++ };
  return auditLines(ctx, c, result).at(-1)!;
};

/** Ten days of two masters' Mesos and Admin Router records (other's), and svc's use of its role. */
function base(): string[] {
  const lines: string[] = [];
  for (const host of ['master-1', 'master-2']) {
    for (let t = T0; t <= T0 + 10 * DAY; t += DAY / 2) {
      lines.push(line(host, t, 'other', { checker: 'mesos', rid: 'dcos:mesos:master:framework:role:x', action: 'create' }));
      lines.push(line(host, t, 'other', { checker: 'adminrouter', rid: 'dcos:adminrouter:ops:exhibitor', action: 'full' }));
    }
  }
  lines.push(line('master-1', T0 + 2 * DAY, 'svc', { checker: 'mesos', rid: ROLE, action: 'create' }));
  return lines;
}

/** `text` with a byte 0xff (no UTF-8 holds it) right after the first `at`. */
const withFF = (text: string, at: string): Buffer => {
  const i = text.indexOf(at) + at.length;
  return Buffer.concat([Buffer.from(text.slice(0, i)), Buffer.from([0xff]), Buffer.from(text.slice(i))]);
};

/** The base lines, then `last` (line number base().length + 1), as a file. */
function logWith(name: string, last: Buffer): { file: string; lineNo: number } {
  const lines = base();
  const file = join(sb.dir, name);
  writeFileSync(file, Buffer.concat([Buffer.from(lines.join('\n') + '\n'), last, Buffer.from('\n')]));
  return { file, lineNo: lines.length + 1 };
}

const useOfLog = (uid: string, result: 'allow' | 'deny' = 'allow'): string => line('master-2', T0 + 5 * DAY, uid, { checker: 'mesos', rid: LOG, action: 'read' }, result);

describe('unused: allows that cannot be named exactly', () => {
  it('of the account (its object, or its uid, not exact): warned with the count and line, the report not whole, revoke --from refuses it', async () => {
    const before = held();
    expect(before).toEqual([`${LOG} read`, `${ROLE} create`].sort());
    const cases = [
      // svc's use of its LOG grant, a byte in the object: the rid used cannot be named.
      { name: 'object.log', last: withFF(useOfLog('svc'), 'master:') },
      // A use of LOG whose uid cannot be read: it may be svc's.
      { name: 'uid.log', last: withFF(useOfLog('svc'), 'uid="svc') },
    ];
    for (const c of cases) {
      const { file, lineNo } = logWith(c.name, c.last);
      const u = await run(['unused', '--uid', 'svc', file, '--json', ...flags()], sb.env);
      expect(u.stderr).not.toMatch(/internal error/);
      expect(u.code, u.stderr).toBe(1); // not whole: exits 1 (docs/usage.md, "A whole read")
      const warning = new RegExp(`^audit2grant: warning: 1 allow\\(s\\) of svc \\(or whose uid could not be read\\) could not be named exactly \\(a byte of their uid, object or action is not valid UTF-8, shown as \\\\xNN\\): .*revoke --from refuses this report.*; e\\.g\\. ${file.replace(/[.]/g, '\\.')}, line ${lineNo}: \\S+ master-2 mesos-master`, 'm');
      expect(u.stderr).toMatch(warning);
      const doc = JSON.parse(u.stdout);
      expect(doc.warnings.map((w: { kind: string }) => w.kind)).toContain('inexact-allows');
      expect(doc.incomplete).toEqual([expect.stringMatching(/^1 allow record of svc \(or whose uid could not be read\) could not be named exactly .*: a use of a grant called unused here could be among them$/)]);
      // The grant is still called unused (no record names it), but no revoke rests on the report.
      expect(doc.grants.find((g: { rid: string }) => g.rid === LOG)).toMatchObject({ status: 'unused' });
      const report = join(sb.dir, `${c.name}.json`);
      writeFileSync(report, u.stdout);
      for (const extra of [['--dry-run', '--yes'], ['--yes', '--allow-gaps']]) {
        const r = await run(['revoke', '--from', report, ...extra, ...flags()], sb.env);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/its read was not whole \(1 allow record of svc .*could not be named exactly.*\): a use could be in what went unread: nothing was revoked/);
        expect(r.stdout).not.toMatch(/DELETE|revoked/);
      }
      expect(held()).toEqual(before);
      // The table says it too.
      const t = await run(['unused', '--uid', 'svc', file, ...flags()], sb.env);
      expect(t.stdout).toMatch(/^incomplete read: 1 allow record of svc \(or whose uid could not be read\) could not be named exactly/m);
    }
  });

  it("another account's (its uid exact), and the account's denial: not counted, the report whole", async () => {
    // A denial is no use: said by scan (inexact-denials), nothing to unused.
    const last = Buffer.concat([withFF(useOfLog('other'), 'master:'), Buffer.from('\n'), withFF(useOfLog('svc', 'deny'), 'master:')]);
    const { file } = logWith('other.log', last);
    const u = await run(['unused', '--uid', 'svc', file, '--json', ...flags()], sb.env);
    expect(u.code, u.stderr).toBe(0);
    expect(u.stderr).not.toMatch(/could not be named exactly/);
    const doc = JSON.parse(u.stdout);
    expect([doc.incomplete, doc.warnings]).toEqual([[], []]);
    writeFileSync(join(sb.dir, 'other.json'), u.stdout);
    const dry = await run(['revoke', '--from', join(sb.dir, 'other.json'), '--dry-run', '--yes', ...flags()], sb.env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.match(/^DELETE /gm)).toHaveLength(1);
  });
});
