import { describe, expect, it } from 'vitest';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { renderTable } from '../../../src/core/render/index.js';
import { deny } from '../findings/helpers.js';
import { sampleResult } from '../plan/fixture.js';
import { nth } from '../../helpers/nth.js';

const ANSI = /\u001b\[/;
const extra = { bytes: 0, lines: 3, sources: 1, elapsedMs: 1500, errors: [] };

describe('renderTable', () => {
  it('groups by uid with the columns, and no ANSI without color', () => {
    const out = renderTable(sampleResult(), { color: false, width: 120 });
    expect(out).not.toMatch(ANSI);
    const lines = out.split('\n');
    const other = lines.findIndex((l) => l.startsWith('other'));
    const svc = lines.findIndex((l) => l.startsWith('svc-app'));
    expect(other).toBeGreaterThanOrEqual(0);
    expect(svc).toBeGreaterThan(other);
    expect(lines[svc]).toContain('(6 findings)');
    expect(lines[svc + 1]).toMatch(/RID\s+ACTION\s+COUNT\s+HOSTS\s+RISK/);
    expect(lines[svc + 2]).toMatch(/^ {2}dcos:mesos:master:task:user:root\s+create\s+2\s+10\.0\.0\.2,10\.0\.0\.3\s+dangerous$/);
    expect(out).toMatch(/services:\/dev\/app\s+create\s+1\s+10\.0\.0\.1\s+normal \(derived\)/);
    expect(out).toMatch(/\/slave\(1\)\/state\s+GET .*unknown \(not a rid\)/);
    expect(out).toMatch(/Authentication failures[\s\S]*1 {2}expired token {2}dcos:adminrouter:ops:mesos/);
    // The error itself is printed once, on stderr, by the command: the table only counts it.
    expect(out).not.toContain('cannot read b.log');
    expect(lines.at(-2)).toBe('7 findings (1 dangerous, 1 sensitive) for 2 principals · 9 denials · 40 lines · 12 ms · 1 source failed (see stderr)');
    expect(out.endsWith('\n')).toBe(true);
  });

  it('colours risk only when asked: dangerous red, sensitive yellow, unknown dim', () => {
    const out = renderTable(sampleResult(), { color: true, width: 120 });
    expect(out).toContain('\u001b[31mdangerous\u001b[0m');
    expect(out).toContain('\u001b[33msensitive\u001b[0m');
    expect(out).toContain('\u001b[2munknown (not a rid)\u001b[0m');
    expect(out).not.toContain('\u001b[31mnormal');
  });

  it('never cuts a rid and keeps lines within the width otherwise', () => {
    const out = renderTable(sampleResult(), { color: false, width: 60 });
    expect(out).toContain('dcos:mesos:master:framework:role:slave_public/kafka\n');
    const rows = nth(out.split('\n\nAuthentication'), 0).split('\n');
    for (const l of rows) if (!l.startsWith('  dcos:')) expect(l.length, l).toBeLessThanOrEqual(60);
  });

  it('neutralises escape sequences and newlines from the logs', () => {
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add(deny({ uid: 'evil\u001b[2J', rid: 'dcos:x:\u001b]0;pwn\u0007\nfake line', object: 'dcos:x', host: 'h\u001b[31m' }));
    const out = renderTable(r.result(extra), { color: false, width: 100 });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain('evil\\x1b[2J');
    expect(out).toContain('\\x0afake\\x20line');
  });

  it('marks what can never be granted (an invalid id, a native account) and says so in the notes', () => {
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add(deny({ uid: 'svc', rid: 'dcos:secrets:default:/a\u001bb', object: 'x' }));
    r.add(deny({ uid: 'dcos_adminrouter', rid: 'dcos:mesos:master:state', object: 'x' }));
    r.add(deny({ uid: 'svc', rid: 'dcos:mesos:master:log', object: 'x' }));
    const out = renderTable(r.result(extra), { color: false, width: 120 });
    expect(out).toMatch(/default:\/a\\x1bb .*\(not grantable\)/);
    expect(out).toMatch(/master:state .*\(not grantable\)/);
    expect(out).not.toMatch(/master:log.*not grantable/);
    expect(out).toContain('2 finding(s) marked "not grantable": audit2grant never grants them');
  });

  it('shows a look-alike character in a rid or uid as its escape (ids are ASCII)', () => {
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add(deny({ uid: 'svc\u2011a', rid: 'dcos:service:marathon:marathon:services:/prod\u2011payments', object: 'x' }));
    const out = renderTable(r.result(extra), { color: false, width: 120 });
    expect(out).toContain('svc\\u2011a');
    expect(out).toContain('/prod\\u2011payments');
    expect(out).not.toContain('\u2011');
  });

  it('says so when nothing was found, and mentions filtered and cut denials', () => {
    const r = createFindingsAggregator({ uids: ['someone'], since: null, until: null });
    r.add(deny({ uid: 'other' }));
    r.add(deny({ uid: null, truncated: true }));
    const out = renderTable(r.result(extra), { color: false });
    expect(out).toMatch(/^No permission denials found\./);
    expect(out).toMatch(/1 denial\(s\) lost their uid/);
    expect(out).toMatch(/1 denial\(s\) left out by --uid/);
    expect(out.trimEnd().split('\n').at(-1)).toBe('0 findings for 0 principals · 0 denials of --uid (2 in all) · 3 lines · 1.5 s');
  });

  it('notes unverified lines: how many, one example, why, and a pointer to the docs', () => {
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add({ type: 'unverified', why: 'glog line not from Mesos\'s audit logger (logfmt.cpp)', raw: 'I0301 master.cpp:1] framework \u001b[2J type=audit', source: 'a.log' });
    r.add({ type: 'unverified', why: 'w', raw: 'second', source: 'a.log' });
    const out = renderTable(r.result(extra), { color: false });
    const notes = nth(nth(out.split('Notes:\n'), 1, 'Notes section').split('\n\n'), 0).split('\n');
    expect(notes).toEqual([
      '  2 audit-looking line(s) were not verified and were not turned into findings, e.g. I0301 master.cpp:1] framework \\x1b[2J type=audit',
      '    why: glog line not from Mesos\'s audit logger (logfmt.cpp)',
      '    no audit logger wrote them: a client\'s or task\'s text, or an unknown format (docs/audit-log-forms.md)',
    ]);
    expect(out).toMatch(/^No permission denials found\./);
  });
});
