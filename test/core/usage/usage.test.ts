// Issue 16, the pure part: held grants × allow events → last use, `full` and child rids covering,
// the window and its judgement, the revoke caution of the policy.
import { describe, expect, it } from 'vitest';
import { buildUnusedReport, NO_ENFORCER, coverageFault, createUsageCollector, judgeCoverage, judgeWindow, matchUsage, ridCovers } from '../../../src/core/usage/index.js';
import { revokeCaution } from '../../../src/core/policy/index.js';
import { renderUnusedDcos, renderUnusedJson } from '../../../src/core/render/index.js';
import { readUnusedJson, revokesOf } from '../../../src/commands/revoke/from.js';
import { defaultCatalog, isUnscopedRid } from '../../../src/core/catalog/index.js';
import type { Decision } from '../../../src/core/types.js';

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 10, 1);
const dec = (o: Partial<Decision>): Decision => ({
  type: 'decision', result: 'allow', uid: 'svc', truncated: false, object: o.rid ?? 'dcos:x', action: o.ridAction ?? 'full',
  rid: 'dcos:x', ridAction: 'full', derived: null, reason: null, authorizer: null, component: 'adminrouter', time: T0, host: 'm1',
  conn: null, uri: null, authCause: null, raw: '', source: 't', ...o,
  // The journal got it when it says (as in a short-iso log), unless the test says otherwise.
  loggedAt: o.loggedAt !== undefined ? o.loggedAt : (o.time !== undefined ? o.time : T0),
});

describe('ridCovers', () => {
  it.each([
    ['dcos:adminrouter:ops:mesos', 'dcos:adminrouter:ops:mesos', 'same'],
    ['dcos:adminrouter:ops:Mesos', 'dcos:adminrouter:ops:mesos', 'same'],
    ['dcos:service:marathon:marathon:services:/dev', 'dcos:service:marathon:marathon:services:/dev/app', 'child'],
    ['dcos:service:marathon:marathon:services:/', 'dcos:service:marathon:marathon:services:/dev/app', 'child'],
    ['dcos:service:marathon:marathon:services:/dev', 'dcos:service:marathon:marathon:services:/devx', null],
    ['dcos:service:marathon:marathon:services:/Dev', 'dcos:service:marathon:marathon:services:/dev/app', 'child'],
    ['dcos:service:marathon:marathon:services:/dev/app', 'dcos:service:marathon:marathon:services:/dev', null],
    ['dcos:mesos:master:framework:role:dev', 'dcos:mesos:master:framework:role:dev/sub', 'child'],
    ['dcos:mesos:master:framework:role:dev', 'dcos:mesos:master:reservation:role:dev/sub', null],
    // A role's `*` is the Mesos default role (the catalog's notes), not a wildcard: held, it covers
    // itself only, so a held `container:role:*` (exec into nearly every container) can show as unused.
    ['dcos:mesos:agent:container:role:*', 'dcos:mesos:agent:container:role:dev', null],
    ['dcos:mesos:master:framework:role:*', 'dcos:mesos:master:framework:role:*', 'same'],
    // Left out, the role covers every role, the default one included.
    ['dcos:mesos:master:framework:role', 'dcos:mesos:master:framework:role:*', 'child'],
    ['dcos:mesos:master:framework:role:/', 'dcos:mesos:master:framework:role:dev', 'child'],
    ['dcos:secrets:default:/svc/*', 'dcos:secrets:default:/svc/key', 'child'],
    ['dcos:service:metronome:metronome:jobs:dev', 'dcos:service:metronome:metronome:jobs:dev.backup', 'child'],
    ['dcos:secrets:list:default:/svc', 'dcos:secrets:list:default:/svc/sub', 'child'],
    ['dcos:mesos:master:task:app_id:/dev', 'dcos:mesos:master:task:app_id:/dev/app', 'child'],
    // Admin Router service rids are not read down a path, nor left out: their value is required.
    ['dcos:adminrouter:service:a', 'dcos:adminrouter:service:a/b', null],
    ['dcos:adminrouter:service', 'dcos:adminrouter:service:a', null],
    ['dcos:cluster:linker', 'dcos:cluster:linker:c1', null],
  ] as const)('%s covers %s: %s', (held, used, how) => {
    expect(ridCovers(held, used)).toBe(how);
  });

  // The catalog's rows whose scope may be left out ("leaving it out covers all values"), each with
  // a concrete rid of the row: the pattern with its optional part kept and each placeholder `dev`.
  const rows = defaultCatalog().entries.filter((e) => e.optionalScope);
  const concrete = (pattern: string) => pattern.replace(/[[\]]/g, '').replace(/<[^>]+>/g, 'dev');
  it('knows the optional-scope rows, and each concrete rid is of its row', () => {
    expect(rows.map((e) => e.base)).toEqual(expect.arrayContaining([
      'dcos:mesos:master:task:app_id', 'dcos:mesos:master:task:user', 'dcos:mesos:master:endpoint:path',
      'dcos:mesos:master:framework:principal', 'dcos:service:metronome:metronome:jobs',
      'dcos:service:marathon:marathon:services', 'dcos:secrets:list:default', 'dcos:secrets:default',
    ]));
    for (const e of rows) expect(defaultCatalog().match(concrete(e.pattern))).toBe(e);
  });
  it.each(rows.map((e) => [e.base, concrete(e.pattern)]))('the unscoped forms of %s cover %s, and no look-alike', (base, used) => {
    for (const held of [base, `${base}:`, `${base}:/`, base.toUpperCase()]) {
      expect(isUnscopedRid(base, held)).toBe(true);
      expect(ridCovers(held, used)).toBe('child');
      expect(ridCovers(held, `${base}:/dev/app`)).toBe('child');
    }
    // Not at a `:` boundary: another rid, not a value of this one.
    expect(ridCovers(base, `${base}x`)).toBeNull();
    expect(ridCovers(base, `${base}x:dev`)).toBeNull();
    // A value covers no unscoped form, nor does the unscoped form cover another row's values.
    expect(ridCovers(used, base)).toBeNull();
    for (const other of rows) if (other.base !== base) expect(ridCovers(base, concrete(other.pattern))).toBeNull();
  });
});

describe('matchUsage', () => {
  const uses = [
    { rid: 'dcos:mesos:master:log', action: 'read', count: 2, last: T0 + 1000, component: 'mesos-master', host: 'm2', derived: false },
    { rid: 'dcos:service:marathon:marathon:services:/dev/app', action: 'read', count: 3, last: T0 + 5000, component: 'marathon', host: 'm1', derived: true },
  ];
  it('an exact use, `full` covering a narrower action, a child rid, and a grant not used', () => {
    const rows = matchUsage([
      { rid: 'dcos:mesos:master:log', action: 'read', gid: null },
      { rid: 'dcos:mesos:master:log', action: 'full', gid: null },
      { rid: 'dcos:service:marathon:marathon:services:/dev', action: 'full', gid: null },
      { rid: 'dcos:service:marathon:marathon:services:/dev', action: 'delete', gid: null },
      { rid: 'dcos:adminrouter:ops:mesos', action: 'full', gid: 'ops' },
    ], uses, true);
    expect(rows.map((r) => [r.status, r.uses, r.onlyAs])).toEqual([
      ['used', 2, null],
      ['used', 2, null],
      ['used', 3, ['dcos:service:marathon:marathon:services:/dev/app']],
      ['unused', 0, null],
      ['unused', 0, null],
    ]);
    expect(rows[0]!.lastUse).toEqual({ time: T0 + 1000, component: 'mesos-master', host: 'm2', rid: 'dcos:mesos:master:log', action: 'read' });
  });
  it("a held grant on the default role ('*') is unused while the account used only its own role", () => {
    const roleUses = [{ rid: 'dcos:mesos:agent:container:role:dev', action: 'update', count: 1, last: T0, component: 'mesos-agent', host: 'a1', derived: false }];
    const rows = matchUsage([
      { rid: 'dcos:mesos:agent:container:role:*', action: 'update', gid: null },
      { rid: 'dcos:mesos:agent:container:role', action: 'update', gid: null },
    ], roleUses, true);
    expect(rows.map((r) => r.status)).toEqual(['unused', 'used']);
  });
  it('nothing read: no verdict, not "unused"', () => {
    expect(matchUsage([{ rid: 'dcos:x', action: 'full', gid: null }], [], false)[0]!.status).toBe('unknown');
  });
});

describe('createUsageCollector', () => {
  it('counts only the account\'s allow decisions as uses, every record for the window', () => {
    const c = createUsageCollector('svc');
    c.add(dec({ rid: 'dcos:a', time: T0 }));
    c.add(dec({ rid: 'dcos:a', time: T0 + 10, host: 'm2', component: 'mesos-master' }));
    c.add(dec({ rid: 'dcos:b', result: 'deny' }));
    c.add(dec({ rid: 'dcos:c', uid: 'other', time: T0 + DAY }));
    c.add({ type: 'unverified', why: 'forged', raw: 'type=audit uid=svc object=dcos:forged result=allow', source: 't' });
    c.add({ type: 'counted', result: 'allow' });
    expect(c.uses()).toEqual([{ rid: 'dcos:a', action: 'full', count: 2, last: T0 + 10, component: 'mesos-master', host: 'm2', derived: false }]);
    expect(c.windows()).toEqual([
      { host: 'm1', first: T0, last: T0 + DAY, components: ['adminrouter'], spans: [{ first: T0, last: T0 + DAY }] },
      { host: 'm2', first: T0 + 10, last: T0 + 10, components: ['mesos-master'], spans: [{ first: T0 + 10, last: T0 + 10 }] },
    ]);
    expect(c.stats).toEqual({ records: 4, allows: 2, unverified: 1, unreadableOfUid: 0, untimed: 0 });
  });
});

describe('judgeWindow', () => {
  const w = (host: string, days: number, components: string[]) => ({ host, first: T0, last: T0 + days * DAY, components });
  it('a long window on every host, every component read: no warning', () => {
    expect(judgeWindow([w('m1', 30, ['adminrouter', 'mesos-master'])], ['dcos:adminrouter:ops:mesos', 'dcos:mesos:master:log'])).toEqual([]);
  });
  it('shorter than 7 days on a host', () => {
    const ws = judgeWindow([w('m1', 30, ['mesos-master']), w('m2', 2, ['mesos-master'])], ['dcos:mesos:master:log']);
    expect(ws).toEqual([expect.objectContaining({ kind: 'short-window', message: expect.stringMatching(/shorter than 7 d on 1 host: m2 \(2 d\)/) })]);
  });
  it('a window of minutes is said in minutes, not "0h"', () => {
    const ws = judgeWindow([{ host: 'm1', first: T0, last: T0 + 3 * 60_000, components: ['mesos-master'] }], ['dcos:mesos:master:log']);
    expect(ws).toEqual([expect.objectContaining({ kind: 'short-window', message: expect.stringMatching(/: m1 \(3 min\);/) })]);
  });
  it('a component missing on a host of its role, and one read nowhere', () => {
    const ws = judgeWindow([w('m1', 30, ['mesos-master', 'marathon']), w('m2', 30, ['mesos-master'])], ['dcos:service:marathon:marathon:services:/x', 'dcos:mesos:agent:framework:role:r']);
    expect(ws.map((x) => x.message)).toEqual([
      expect.stringMatching(/no marathon audit record was read from m2/),
      expect.stringMatching(/no mesos-agent audit record was read from any host/),
    ]);
  });
  it('nothing read', () => {
    expect(judgeWindow([], ['dcos:x'])).toEqual([expect.objectContaining({ kind: 'no-records' })]);
  });
});

describe('revokeCaution (the policy\'s "dangerous to touch")', () => {
  it.each([
    [{ uid: 'svc', rid: 'dcos:superuser', action: 'full' }, {}, /DANGEROUS/],
    [{ uid: 'svc', rid: 'dcos:adminrouter:acs', action: 'full' }, {}, /DANGEROUS/],
    [{ uid: 'svc', rid: 'dcos:mesos:master:framework:principal:svc', action: 'delete' }, {}, /names svc itself/],
    [{ uid: 'ops-admin', rid: 'dcos:mesos:master:log', action: 'read' }, { actingUid: 'ops-admin' }, /logged in as/],
    [{ uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read' }, { actingUid: 'ops-admin' }, null],
    [{ uid: 'svc', rid: 'dcos:service:marathon:marathon:services:/svc', action: 'read' }, {}, null],
  ] as const)('%j', (pair, ctx, why) => {
    const c = revokeCaution(pair, ctx);
    if (why === null) expect(c).toBeNull();
    else expect(c).toMatch(why);
  });
});

describe('the report and its dcos lines', () => {
  const rep = buildUnusedReport({
    uid: 'svc', cluster: null,
    held: [
      { rid: 'dcos:mesos:master:log', action: 'read', gid: null },
      { rid: 'dcos:adminrouter:ops:mesos', action: 'full', gid: null },
      { rid: 'dcos:adminrouter:acs', action: 'full', gid: null },
      { rid: 'dcos:adminrouter:ops:metadata', action: 'full', gid: 'ops' },
    ],
    uses: [{ rid: 'dcos:mesos:master:log', action: 'read', count: 1, last: T0, component: 'mesos-master', host: 'm1', derived: false }],
    windows: [{ host: 'm1', first: T0 - 10 * DAY, last: T0, components: ['adminrouter', 'mesos-master'] }],
    stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 1, unverifiedLines: 0, elapsedMs: 1 },
    errors: [],
  });
  it('revokes the unused direct grant, comments out the dangerous one, never the group\'s', () => {
    expect(renderUnusedDcos(rep).split('\n').filter((l) => l.includes('revoke') || l.includes('group'))).toEqual([
      'dcos security org users revoke svc dcos:adminrouter:ops:mesos full',
      expect.stringMatching(/^# Commented out \(dangerous to touch: dcos:adminrouter:acs is DANGEROUS/),
      '# dcos security org users revoke svc dcos:adminrouter:acs full',
      '# held through group ops, not revoked from the account: dcos:adminrouter:ops:metadata full (not used in the window)',
    ]);
  });
  it('json: versioned, each grant with how it is held', () => {
    const doc = JSON.parse(renderUnusedJson(rep));
    expect(doc).toMatchObject({ version: 1, kind: 'unused', uid: 'svc' });
    expect(doc.grants.map((g: { held: string; status: string }) => `${g.held} ${g.status}`)).toEqual(['direct used', 'direct unused', 'direct unused', 'group unused']);
    expect(doc.grants[3]).toMatchObject({ gid: 'ops' });
  });
});

describe('the dcos lines rest on what revoke --from would', () => {
  const HOUR = 3600 * 1000;
  const base = {
    uid: 'svc', cluster: null, held: [{ rid: 'dcos:mesos:master:log', action: 'read', gid: null }], uses: [],
    windows: [{ host: 'm1', first: T0 - 10 * DAY, last: T0, components: ['adminrouter', 'mesos-master'], spans: [{ first: T0 - 10 * DAY, last: T0 }] }],
    stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 0, unverifiedLines: 0, elapsedMs: 1 }, errors: [],
  };
  const live = (text: string) => text.split('\n').filter((l) => l.startsWith('dcos '));
  it('a whole read covered by its component: a live line, after what it rests on', () => {
    const text = renderUnusedDcos(buildUnusedReport({ ...base, componentSpans: { 'mesos-master': [{ first: T0 - 10 * DAY, last: T0 }] } }));
    expect(live(text)).toEqual(['dcos security org users revoke svc dcos:mesos:master:log read']);
    expect(text).toMatch(/^# not used in the 10 d of mesos-master records read \(from 10 d between the first and last record\)$/m);
  });
  it("a read that was not whole, or a component's records short: commented out, with why", () => {
    const partial = renderUnusedDcos(buildUnusedReport({ ...base, componentSpans: { 'mesos-master': [{ first: T0 - 10 * DAY, last: T0 }] }, incomplete: ['the scan was interrupted before the end of its sources'] }));
    expect(live(partial)).toEqual([]);
    expect(partial).toMatch(/^# Commented out \(revoke --from would refuse it: the read was not whole \(the scan was interrupted before the end of its sources\)\)/m);
    const short = renderUnusedDcos(buildUnusedReport({ ...base, componentSpans: { 'mesos-master': [{ first: T0 - 12 * HOUR, last: T0 }] } }));
    expect(live(short)).toEqual([]);
    expect(short).toMatch(/^# Commented out \(revoke --from would refuse it: no mesos-master audit record was read .*: uses then would not show; the mesos-master records cover 12 h of the 10 d window/m);
    expect(short).toMatch(/^# dcos security org users revoke svc dcos:mesos:master:log read$/m);
  });
});

describe('records the account may be in but that cannot be read', () => {
  const mal = (raw: string) => ({ type: 'malformed' as const, why: 'cut', raw, source: 't' });
  it('a malformed record naming the account makes the read not whole; one naming another does not', () => {
    const c = createUsageCollector('svc');
    c.add(mal('I0410 logfmt.cpp:178] type=audit uid="svc" object="dcos:mesos:master:flags" action="rea'));
    c.add(mal('2026-10-01 m1 nginx: type=audit object=dcos:adminrouter:ops:mesos action=full result=allow uid=svc, client: x'));
    for (const other of ['uid="svc2"', 'uid=svc-b', 'xuid=svc', 'uid="asvc"']) c.add(mal(`type=audit ${other} action=a`));
    expect(c.stats.unreadableOfUid).toBe(2);
    const rep = buildUnusedReport({
      uid: 'svc', cluster: null, held: [{ rid: 'dcos:mesos:master:flags', action: 'read', gid: null }], uses: [],
      windows: [{ host: 'm1', first: T0 - 10 * DAY, last: T0, components: ['mesos-master'] }],
      stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 0, unverifiedLines: 0, elapsedMs: 1 }, errors: [], unreadableOfUid: c.stats.unreadableOfUid,
    });
    expect(rep.incomplete).toEqual(['2 audit records naming svc could not be read (cut or malformed): a use could be among them']);
  });
  it('an allow that lost its uid to a cut line: the grants covering it have no verdict', () => {
    const c = createUsageCollector('svc');
    c.add(dec({ uid: null, truncated: true, rid: 'dcos:adminrouter:ops:mesos', ridAction: 'full' }));
    c.add(dec({ uid: null, truncated: true, rid: 'dcos:adminrouter:ops:mesos', ridAction: 'full' }));
    c.add(dec({ uid: null, truncated: false, rid: 'dcos:adminrouter:ops:metadata', ridAction: 'full' })); // unauthenticated: no one's
    expect(c.lostUid()).toEqual([{ rid: 'dcos:adminrouter:ops:mesos', action: 'full', count: 2 }]);
    const rep = buildUnusedReport({
      uid: 'svc', cluster: null, held: ['dcos:adminrouter:ops:mesos', 'dcos:adminrouter:ops:metadata'].map((rid) => ({ rid, action: 'full', gid: null })), uses: [],
      windows: c.windows(), componentSpans: c.componentSpans(), lostUid: c.lostUid(),
      stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 0, unverifiedLines: 0, elapsedMs: 1 }, errors: [],
    });
    expect(rep.rows.map((r) => [r.status, r.reason ?? null])).toEqual([
      ['unknown', "2 allow records it covers lost their uid to a cut line: they could be this account's use"],
      ['unused', null],
    ]);
  });
});

describe('grants no known component logs a use of', () => {
  it("have no verdict (a package's, a cluster link's, Marathon on Marathon's): a use could not show", () => {
    const rep = buildUnusedReport({
      uid: 'svc', cluster: null,
      held: ['dcos:cluster:linker:*', 'dcos:service:marathon:mom:services:/', 'dcos:package:x', 'dcos:adminrouter:ops:mesos'].map((rid) => ({ rid, action: 'full', gid: null })),
      uses: [], windows: [{ host: 'm1', first: T0 - 10 * DAY, last: T0, components: ['adminrouter', 'marathon'] }],
      stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 0, unverifiedLines: 0, elapsedMs: 1 }, errors: [],
    });
    expect(rep.rows.map((r) => [r.status, r.reason ?? null])).toEqual([
      ['unknown', NO_ENFORCER], ['unknown', NO_ENFORCER], ['unknown', NO_ENFORCER], ['unused', null],
    ]);
    expect(renderUnusedDcos(rep).split('\n').filter((l) => l.startsWith('dcos '))).toEqual(['dcos security org users revoke svc dcos:adminrouter:ops:mesos full']);
  });

  it("the superuser's grant covers every use there is: used, never unused while the account does anything", () => {
    expect(ridCovers('dcos:superuser', 'dcos:mesos:master:log')).toBe('child');
    expect(ridCovers('DCOS:SUPERUSER', 'dcos:adminrouter:ops:mesos')).toBe('child');
    const [row] = matchUsage([{ rid: 'dcos:superuser', action: 'full', gid: null }], [{ rid: 'dcos:mesos:master:log', action: 'read', count: 9, last: T0, component: 'mesos-master', host: 'm1', derived: false }], true);
    expect(row).toMatchObject({ status: 'used', uses: 9, onlyAs: ['dcos:mesos:master:log'] });
  });
});

describe('a grant whose component was read on no host', () => {
  const rep = buildUnusedReport({
    uid: 'svc', cluster: 'https://c',
    held: [
      { rid: 'dcos:secrets:default:/svc/key', action: 'read', gid: null },
      { rid: 'dcos:service:marathon:marathon:services:/dev', action: 'full', gid: null },
      { rid: 'dcos:adminrouter:ops:mesos', action: 'full', gid: null },
    ],
    uses: [],
    windows: [{ host: 'm1', first: T0 - 10 * DAY, last: T0, components: ['adminrouter', 'mesos-master'] }],
    stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 0, unverifiedLines: 0, elapsedMs: 1 },
    errors: [],
  });
  it('has no verdict (unknown, with why), is not revoked by the dcos lines nor by revoke --from; the warning stays', () => {
    expect(rep.rows.map((r) => [r.status, r.reason ?? null])).toEqual([
      ['unknown', 'no secrets audit record was read from any host: a use of it would not show'],
      ['unknown', 'no marathon audit record was read from any host: a use of it would not show'],
      ['unused', null],
    ]);
    expect(rep.warnings.map((w) => w.kind)).toEqual(['component-missing', 'component-missing']);
    expect(renderUnusedDcos(rep).split('\n').filter((l) => l.startsWith('dcos '))).toEqual(['dcos security org users revoke svc dcos:adminrouter:ops:mesos full']);
    const json = renderUnusedJson(rep);
    expect(JSON.parse(json).grants[0]).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/no secrets audit record/) });
    const from = readUnusedJson(json, 'f');
    expect(revokesOf(from).pairs.map((p) => p.rid)).toEqual(['dcos:adminrouter:ops:mesos']);
    expect(from.warnings).toEqual([expect.stringMatching(/^no secrets audit record was read from any host/), expect.stringMatching(/^no marathon audit record/)]);
  });
  it('with nothing read at all, every grant says so', () => {
    const none = buildUnusedReport({ uid: 'svc', cluster: null, held: [{ rid: 'dcos:adminrouter:ops:mesos', action: 'full', gid: null }], uses: [], windows: [], stats: rep.stats, errors: [] });
    expect(none.rows[0]).toMatchObject({ status: 'unknown', reason: 'no audit record was read: nothing can be judged unused' });
  });
});

describe('the dcos lines print nothing raw', () => {
  it('a commented-out command goes through safeText too; a row that is not a valid pair is only a comment', () => {
    const rep = buildUnusedReport({
      uid: 'svc', cluster: null,
      held: [{ rid: 'dcos:adminrouter:acs', action: 'full', gid: null }, { rid: 'dcos:adminrouter:ops:mesos\u001b]0;x\u0007', action: 'full', gid: null }],
      uses: [], windows: [{ host: 'm1', first: T0 - 10 * DAY, last: T0, components: ['adminrouter'] }],
      stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 0, unverifiedLines: 0, elapsedMs: 1 }, errors: [],
    });
    const text = renderUnusedDcos(rep);
    expect(text).toMatch(/^# dcos security org users revoke svc dcos:adminrouter:acs full$/m);
    expect(text).toMatch(/^# left out, not a valid permission: .*dcos:adminrouter:ops:mesos\\x1b/m);
    expect(text.split('\n').filter((l) => l.startsWith('dcos '))).toEqual([]);
    const badUid = renderUnusedDcos({ ...rep, uid: 'svc\u001b[2J' });
    expect(badUid.split('\n').filter((l) => l.startsWith('dcos '))).toEqual([]);
    expect(badUid).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });
});

describe('coverage', () => {
  const HOUR = 3600 * 1000;
  it('records an hour apart make one span; a day and more apart, two, with the gap between', () => {
    const c = createUsageCollector('svc');
    for (let t = T0; t <= T0 + 3 * HOUR; t += HOUR) c.add(dec({ uid: 'other', time: t }));
    c.add(dec({ uid: 'other', time: T0 + 3 * DAY }));
    const w = c.windows()[0]!;
    expect(w.spans).toEqual([{ first: T0, last: T0 + 3 * HOUR }, { first: T0 + 3 * DAY, last: T0 + 3 * DAY }]);
    const cov = judgeCoverage([w.spans!], { since: null, until: null });
    expect(cov.gaps).toEqual([{ first: T0 + 3 * HOUR, last: T0 + 3 * DAY }]);
    expect(cov).toMatchObject({ coveredMs: 3 * HOUR, windowMs: 3 * DAY, short: true });
    expect(coverageFault(cov, (t) => new Date(t).toISOString())).toMatch(/^no audit record was read .* \(3 d\): uses then would not show; the logs cover 3 h of the 3 d window/);
  });
  it('a window asked and covered whole (records within 24 h of each other and of its ends): nothing to say', () => {
    const spans = [{ first: T0 + HOUR, last: T0 + 5 * DAY }, { first: T0 + 5 * DAY + 20 * HOUR, last: T0 + 10 * DAY - HOUR }];
    const cov = judgeCoverage([spans], { since: T0, until: T0 + 10 * DAY });
    expect(cov.gaps).toEqual([]);
    expect(cov.short).toBe(false);
    expect(coverageFault(cov, String)).toBeNull();
    // The leading stretch before the first record counts as a gap once over 24 h.
    expect(judgeCoverage([spans], { since: T0 - 2 * DAY, until: T0 + 10 * DAY }).gaps).toEqual([{ first: T0 - 2 * DAY, last: T0 + HOUR }]);
  });
});

describe('coverage rests on what the writer cannot choose', () => {
  const HOUR = 3600 * 1000;
  it("counts when the journal got a record (loggedAt), not the record's own timestamp", () => {
    // Thirty records written in one minute, each claiming another day of the month before.
    const c = createUsageCollector('svc');
    for (let d = 0; d < 30; d++) c.add(dec({ uid: 'other', component: 'secrets', time: T0 - d * DAY, loggedAt: T0 + d * 1000 }));
    expect(c.windows()[0]!.spans).toEqual([{ first: T0, last: T0 + 29_000 }]);
    expect(c.componentSpans()).toEqual({ secrets: [{ first: T0, last: T0 + 29_000 }] });
    // A form without journal times (cat) shows no writer either: its records place nothing.
    const cat = createUsageCollector('svc');
    cat.add(dec({ uid: 'other', time: T0 - DAY, loggedAt: null }));
    expect(cat.windows()[0]!).toMatchObject({ first: null, last: null, spans: [] });
    expect(cat.componentSpans()).toEqual({});
    expect(cat.stats.untimed).toBe(1);
    const rep = buildUnusedReport({
      uid: 'svc', cluster: null, held: [{ rid: 'dcos:adminrouter:ops:mesos', action: 'full', gid: null }], uses: [], windows: cat.windows(), componentSpans: cat.componentSpans(),
      stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 0, unverifiedLines: 0, elapsedMs: 1 }, errors: [], untimed: cat.stats.untimed,
    });
    expect(rep.warnings.find((w) => w.kind === 'no-journal-time')?.message).toMatch(/^1 audit record carries no journal time \(a form without one, such as journalctl -o cat/);
    expect(rep.componentCoverage.adminrouter).toMatchObject({ coveredMs: 0, short: true });
  });

  it("keeps each enforcer's records' spans over every host, apart from the others'", () => {
    const c = createUsageCollector('svc');
    for (let t = T0; t <= T0 + 10 * DAY; t += 6 * HOUR) c.add(dec({ uid: 'other', component: 'adminrouter', host: 'm1', time: t }));
    c.add(dec({ uid: 'other', component: 'mesos-master', host: 'm1', time: T0 + 10 * DAY }));
    c.add(dec({ uid: 'other', component: 'mesos-master', host: 'm2', time: T0 + 10 * DAY - HOUR }));
    c.add(dec({ uid: 'other', component: 'cosmos', host: 'm2', time: T0 })); // no enforcer: the hosts' spans only
    expect(c.componentSpans()).toEqual({ adminrouter: [{ first: T0, last: T0 + 10 * DAY }], 'mesos-master': [{ first: T0 + 10 * DAY - HOUR, last: T0 + 10 * DAY }] });
    // An unused Mesos grant is judged on the Mesos master's hour, not on Admin Router's ten days.
    const rep = buildUnusedReport({
      uid: 'svc', cluster: null, held: [{ rid: 'dcos:mesos:master:log', action: 'read', gid: null }], uses: c.uses(), windows: c.windows(),
      componentSpans: c.componentSpans(), stats: { sources: 1, bytes: 0, lines: 0, records: 0, allows: 0, unverifiedLines: 0, elapsedMs: 0 }, errors: [],
    });
    expect(rep.coverage.short).toBe(false);
    expect(rep.componentCoverage['mesos-master']).toMatchObject({ coveredMs: HOUR, windowMs: 10 * DAY, short: true });
    expect(rep.rows[0]).toMatchObject({ status: 'unused', unusedIn: 'the 1 h of mesos-master records read (from 10 d between the first and last record; 1 gap longer than 24 h)' });
    expect(rep.warnings.map((w) => w.kind)).toEqual(['coverage-gap', 'short-coverage']);
  });
});

describe('a use counts only from the component that enforces its rid family', () => {
  it('a Mesos rid allowed in a record of another writer (authorizer=x in dcos-cosmos) is no use; from the Mesos master it is', () => {
    const c = createUsageCollector('svc');
    const rid = 'dcos:mesos:master:framework:role:q1';
    c.add(dec({ rid, ridAction: 'create', component: 'x' }));
    c.add(dec({ rid: 'dcos:adminrouter:ops:mesos', component: 'mesos-master' }));
    c.add(dec({ rid: 'dcos:service:marathon:marathon:services:/a', ridAction: 'read', component: 'metronome' }));
    expect(c.uses()).toEqual([]);
    c.add(dec({ rid, ridAction: 'create', component: 'mesos-master' }));
    c.add(dec({ rid: 'dcos:adminrouter:ops:mesos', component: 'adminrouter' }));
    c.add(dec({ rid: 'dcos:custom:thing', component: 'x' })); // a family no component is known for: counted
    expect(c.uses().map((u) => `${u.rid} ${u.component}`)).toEqual([`${rid} mesos-master`, 'dcos:adminrouter:ops:mesos adminrouter', 'dcos:custom:thing x']);
  });
});
