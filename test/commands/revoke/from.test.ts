// `revoke --from`: what it takes from an `unused --format json` report, and what it refuses.
import { describe, expect, it } from 'vitest';
import { readUnusedJson, revokesOf } from '../../../src/commands/revoke/from.js';
import type { RevokeContext } from '../../../src/core/policy/index.js';
import { UsageError } from '../../../src/errors.js';

/** When the grants are revoked, in these tests: an hour after the records' last span. */
const AT = Date.UTC(2026, 9, 11, 1);
const read = (text: string, where: string, onlyUid?: string): ReturnType<typeof readUnusedJson> => readUnusedJson(text, where, onlyUid, AT);
const doc = (grants: unknown[], over: Record<string, unknown> = {}) => JSON.stringify({ version: 1, kind: 'unused', uid: 'svc', grants, ...over });
/** The file read and checked, then rated by the policy: what `revoke --from` does with it. */
function pairsFromUnusedJson(text: string, where: string, opts: { onlyUid?: string; allowDangerous?: boolean; policy?: RevokeContext } = {}) {
  const file = read(text, where, opts.onlyUid);
  return { ...file, ...revokesOf(file, opts) };
}
const g = (rid: string, action: string, status = 'unused', held = 'direct', extra: Record<string, unknown> = {}) => ({ rid, action, status, held, ...extra });

describe('readUnusedJson and revokesOf', () => {
  it('takes only the direct grants the report calls unused', () => {
    const r = pairsFromUnusedJson(doc([
      g('dcos:adminrouter:ops:mesos', 'full'),
      g('dcos:mesos:master:log', 'read', 'used'),
      g('dcos:mesos:master:log', 'full', 'unknown'),
      g('dcos:adminrouter:ops:metadata', 'full', 'unused', 'group', { gid: 'ops' }),
    ]), 'f.json');
    expect(r.pairs).toEqual([{ uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'full' }]);
  });

  it('re-rates every pair: the file\'s caution is not read; dangerous to touch is left out unless --allow-dangerous', () => {
    const text = doc([g('dcos:superuser', 'full', 'unused', 'direct', { caution: null }), g('dcos:mesos:master:framework:principal:svc', 'delete')]);
    const r = pairsFromUnusedJson(text, 'f.json');
    expect(r.pairs).toEqual([]);
    expect(r.notes).toEqual([expect.stringMatching(/skipped .*dcos:superuser full\): dangerous to touch/), expect.stringMatching(/principal:svc delete\): dangerous to touch/)]);
    const forced = pairsFromUnusedJson(text, 'f.json', { allowDangerous: true });
    expect(forced.pairs).toHaveLength(2);
    expect(forced.notes[0]).toMatch(/^revoking dcos:superuser full though it is dangerous to touch/);
  });

  it('the account audit2grant logs in as is dangerous to touch', () => {
    expect(pairsFromUnusedJson(doc([g('dcos:mesos:master:log', 'read')]), 'f', { policy: { actingUid: 'svc' } }).pairs).toEqual([]);
  });

  it('native accounts are skipped whatever the consents', () => {
    const r = pairsFromUnusedJson(doc([g('dcos:mesos:master:log', 'read')], { uid: 'dcos_marathon' }), 'f', { allowDangerous: true });
    expect(r.pairs).toEqual([]);
    expect(r.notes[0]).toMatch(/native/);
  });

  it.each([
    ['not JSON', 'x', /not valid JSON/],
    ['a scan result', JSON.stringify({ version: 1, findings: [] }), /is a scan result .*grant --from/],
    ['another version', doc([], { version: 2 }), /unsupported version 2/],
    ['no uid', doc([], { uid: 7 }), /no string "uid"/],
    ['an invalid rid', doc([g('dcos:x?y', 'read')]), /grant #1/],
    ['another account than --uid', doc([]), /about svc, not --uid web/],
    ['a uid with a terminal escape', doc([], { uid: 'svc\u001b]0;x\u0007' }), /f\.json: uid "svc\\x1b\]0;x\\x07" has characters DC\/OS does not allow/],
    ['a uid that is a path', doc([], { uid: '..' }), /only dots/],
    ['a cluster that is not a string', doc([], { cluster: 7 }), /"cluster" must be a string/],
  ])('usage error: %s', (_n, text, why) => {
    const f = () => pairsFromUnusedJson(text, 'f.json', { onlyUid: _n.startsWith('another account') ? 'web' : undefined });
    expect(f).toThrow(UsageError);
    expect(f).toThrow(why);
  });

  it('returns the report\'s cluster and its warnings (made safe to print)', () => {
    const r = pairsFromUnusedJson(doc([], { cluster: 'https://c.example', warnings: [{ kind: 'component-missing', message: 'no secrets audit record\u001b[2J was read' }, { kind: 'x' }, 'junk'] }), 'f');
    expect(r.cluster).toBe('https://c.example');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^no secrets audit record.* was read$/);
    expect(r.warnings[0]).not.toContain('\u001b');
    expect(pairsFromUnusedJson(doc([]), 'f').cluster).toBeNull();
  });

  it('a row called unused whose own evidence says otherwise is left out, with why (an edited status)', () => {
    const window = { hosts: [{ host: 'm1', components: ['adminrouter', 'mesos-master'] }] };
    const r = pairsFromUnusedJson(doc([
      g('dcos:mesos:master:log', 'read', 'unused', 'direct', { uses: 6, lastUse: { time: '2026-11-30T14:17:50.074Z' } }),
      g('dcos:mesos:master:log', 'full', 'unused', 'direct', { uses: 0, lastUse: { time: 'x' } }),
      g('dcos:service:marathon:marathon:services:/dev', 'full', 'unused', 'direct', { onlyAs: ['dcos:service:marathon:marathon:services:/dev/app'] }),
      g('dcos:secrets:default:/svc/key', 'read', 'unused', 'direct', { uses: 0, lastUse: null }),
      g('dcos:adminrouter:ops:mesos', 'full', 'unused', 'direct', { uses: 0, lastUse: null, onlyAs: null }),
    ], { window }), 'f.json');
    expect(r.pairs).toEqual([{ uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'full' }]);
    expect(r.notes).toEqual([
      'left out f.json: grant #1 (dcos:mesos:master:log read): it says unused, but it counts 6 uses',
      'left out f.json: grant #2 (dcos:mesos:master:log full): it says unused, but it has a last use',
      'left out f.json: grant #3 (dcos:service:marathon:marathon:services:/dev full): it says unused, but it was used as a narrower rid (onlyAs)',
      'left out f.json: grant #4 (dcos:secrets:default:/svc/key read): it says unused, but no secrets audit record was read from any host (its window says so): a use of it would not show',
    ]);
    // Without a window to tell, the component is not checked; the coverage is judged from the spans.
    expect(pairsFromUnusedJson(doc([g('dcos:secrets:default:/svc/key', 'read')]), 'f').pairs).toHaveLength(1);
    expect(read(doc([]), 'f').coverageFault).toMatch(/no "coverage"/);
  });
});

describe('an empty report', () => {
  it('is said to be empty, from a pipe with the likely cause, as grant --from says it', () => {
    expect(() => read('', 'stdin')).toThrow('stdin is empty (did the command before the pipe fail?): no unused report');
    expect(() => read(' \n', 'r.json')).toThrow('r.json is empty: no unused report');
  });
});

describe('what a report must say before anything is revoked on it', () => {
  const TEN = [{ first: '2026-10-01T00:00:00.000Z', last: '2026-10-11T00:00:00.000Z' }];
  const whole = { incomplete: [], nodes: { masters: 1, agents: 0 }, window: { hosts: [{ host: 'm1', components: ['mesos-master', 'adminrouter'] }] }, coverage: { since: null, until: null, spans: TEN, components: { 'mesos-master': { spans: TEN } } } };

  it('a whole read over a covered window: no fault', () => {
    const f = read(doc([g('dcos:mesos:master:log', 'read')], whole), 'f.json');
    expect([f.incomplete, f.coverageFault]).toEqual([null, null]);
  });

  it('a failed source, a part left unread or no word on it (an older report) is an incomplete read', () => {
    const failed = read(doc([g('dcos:mesos:master:log', 'read')], { ...whole, errors: [{ source: 'm2.log', message: 'ENOENT' }] }), 'f.json');
    expect(failed.incomplete).toBe('1 source failed');
    const part = read(doc([g('dcos:mesos:master:log', 'read')], { ...whole, incomplete: ['the scan was interrupted before the end of its sources', 7] }), 'f.json');
    expect(part.incomplete).toBe('the scan was interrupted before the end of its sources; a part went unread');
    const { incomplete: _i, ...older } = whole;
    expect(read(doc([g('dcos:mesos:master:log', 'read')], older), 'f.json').incomplete).toMatch(/no "incomplete": made by an older audit2grant/);
  });

  it('the window ends when the grants are revoked: records that stop days before are a gap, whatever the report says of its end', () => {
    const later = Date.UTC(2026, 9, 14);
    for (const end of [{ until: null }, { until: '2026-10-11T00:00:00.000Z' }, { until: '2026-10-20T00:00:00.000Z' }, { made: '2026-10-11T00:30:00.000Z' }]) {
      const f = readUnusedJson(doc([g('dcos:mesos:master:log', 'read')], { ...whole, ...end, coverage: { ...whole.coverage, ...('until' in end ? end : {}) } }), 'f.json', undefined, later);
      expect(f.coverageFault).toMatch(/^no audit record was read 2026-10-11T00:00:00\.000Z → 2026-10-14T00:00:00\.000Z \(3 d\): uses then would not show/);
    }
    // Within a day of the last record, no gap.
    expect(readUnusedJson(doc([g('dcos:mesos:master:log', 'read')], whole), 'f.json', undefined, Date.UTC(2026, 9, 11, 23)).coverageFault).toBeNull();
  });

  it("an unused grant's component is judged on its own records: short or missing, a coverage fault", () => {
    const lastHalfDay = [{ first: '2026-10-10T12:00:00.000Z', last: '2026-10-11T00:00:00.000Z' }];
    const short = read(doc([g('dcos:mesos:master:log', 'read')], { ...whole, coverage: { ...whole.coverage, components: { 'mesos-master': { spans: lastHalfDay } } } }), 'f.json');
    expect(short.coverageFault).toMatch(/^no mesos-master audit record was read 2026-10-01T00:00:00.000Z → 2026-10-10T12:00:00.000Z \(10 d\): uses then would not show; the mesos-master records cover 12 h of the 10 d window/);
    // Its component absent from the report: judged as never read.
    const absent = read(doc([g('dcos:adminrouter:ops:mesos', 'full')], whole), 'f.json');
    expect(absent.coverageFault).toMatch(/^no adminrouter audit record was read/);
    // No per-component coverage at all (an older report): refused as such.
    const noComponents = { ...whole, coverage: { ...whole.coverage, components: undefined } };
    expect(read(doc([g('dcos:mesos:master:log', 'read')], noComponents), 'f.json').coverageFault).toMatch(/no "coverage.components"/);
    // A grant no known component enforces rests on the whole read's coverage alone.
    expect(read(doc([g('dcos:package:x', 'full')], noComponents), 'f.json').coverageFault).toBeNull();
  });
});

describe("the cluster's nodes against the hosts read", () => {
  const TEN = [{ first: '2026-10-01T00:00:00.000Z', last: '2026-10-11T00:00:00.000Z' }];
  const fault = (over: Record<string, unknown>) =>
    read(doc([g('dcos:adminrouter:ops:mesos', 'full')], { incomplete: [], coverage: { since: null, until: null, spans: TEN, components: { adminrouter: { spans: TEN } } }, ...over }), 'f.json').coverageFault;
  const hosts = (...names: string[]) => ({ hosts: names.map((host) => ({ host, components: ['adminrouter'] })) });
  it('fewer hosts read than nodes listed is a fault; as many, none', () => {
    expect(fault({ nodes: { masters: 3, agents: 2 }, window: hosts('m1', 'm2', 'a1', 'a2') })).toBe(
      'records were read from 4 hosts, but the cluster lists 3 masters and 2 agents: a use through a node not read would not show (read every node: dcos://all, --all-nodes)',
    );
    expect(fault({ nodes: { masters: 3, agents: 2 }, window: hosts('m1', 'm2', 'm3', 'a1', 'a2') })).toBeNull();
    // Records without a host name no node: they do not count as one.
    expect(fault({ nodes: { masters: 1, agents: 0 }, window: hosts('(no host)') })).toMatch(/^records were read from 0 hosts/);
  });
  it('nodes that could not be listed, or a report that does not say (or says nonsense): a fault', () => {
    expect(fault({ nodes: { error: 'GET /system/health/v1/nodes: 403' }, window: hosts('m1') })).toMatch(/^the cluster's nodes could not be listed \(GET \/system\/health\/v1\/nodes: 403\)/);
    for (const nodes of [undefined, null, { masters: -1, agents: 0 }, { masters: '3', agents: 0 }]) expect(fault({ nodes, window: hosts('m1') })).toMatch(/says nothing of the cluster's nodes/);
  });
});

describe("the report's age", () => {
  const NOW = Date.UTC(2026, 10, 30, 12);
  const at = (made: unknown) => readUnusedJson(doc([g('dcos:mesos:master:log', 'read')], { made }), 'f.json', undefined, NOW).warnings;
  it('warns when the report was made a day or more ago; not for a fresh one, nor one that does not say', () => {
    expect(at(new Date(NOW - 3 * 24 * 3600 * 1000).toISOString())).toEqual(['it was made 3 d ago: a grant unused then may be in use now (a service deployed since); make it again before revoking on it']);
    expect(at(new Date(NOW - 3600 * 1000).toISOString())).toEqual([]);
    expect(at(undefined)).toEqual([]);
    expect(() => at('yesterday')).toThrow(/"made" is not a time/);
  });
});
