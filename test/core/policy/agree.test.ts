// Every former decider now agrees with the policy on one fixture: the loop's `a` (select-safe), the
// unattended rounds, the batch plan, the finding status, the scripts a scan writes, `grant --from`
// and the rails before the IAM client sends anything.
import { describe, expect, it } from 'vitest';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { renderCurl, renderDcos, renderJson } from '../../../src/core/render/index.js';
import { decide, finalRefusal, NO_CONSENT } from '../../../src/core/policy/index.js';
import { checkRails } from '../../../src/core/policy/index.js';
import { autoDecide, createSession, keyOf, planBatch, safeKeys, setSelected, statusOf } from '../../../src/core/session/index.js';
import type { Finding, ScanResult } from '../../../src/core/types.js';
import { pairsFromScanJson } from '../../../src/commands/grant/from.js';
import { deny } from '../findings/helpers.js';

/** One finding per rule the policy knows, through the real aggregator (risk from the catalog). */
function fixture(): ScanResult {
  const r = createFindingsAggregator({ uids: [], since: null, until: null });
  const add = (uid: string, rid: string, action: string, kind: 'rid' | 'non-rid' = 'rid') =>
    r.add(deny(kind === 'rid' ? { uid, rid, ridAction: action } : { uid, rid: '', object: rid, ridAction: '', action }));
  add('svc', 'dcos:mesos:master:framework:role:web', 'create'); // normal
  add('svc', 'dcos:mesos:master:task:user:nobody', 'create'); // normal
  add('svc', 'dcos:service:marathon:marathon:services:/web', 'full'); // normal
  add('svc', 'dcos:secrets:default:/web/key', 'read'); // sensitive
  add('svc', 'dcos:made:up', 'read'); // unknown
  add('svc', 'dcos:superuser', 'full'); // dangerous
  add('svc', 'dcos:SuperUser', 'full'); // dangerous, any case
  add('svc', 'dcos:mesos:master:task:user:ROOT', 'create'); // dangerous, any case
  add('svc', 'dcos:service:marathon:marathon:services:/', 'full'); // over-broad
  add('svc', 'dcos:mesos:agent:container:app_id', 'update'); // over-broad
  add('svc', 'dcos:secrets:default:/', 'read'); // over-broad
  add('dcos_marathon', 'dcos:mesos:master:task:user:nobody', 'create'); // native exception
  add('dcos_mesos_master', 'dcos:mesos:master:log', 'read'); // native
  add('svc', '/slave(1)/state', 'GET', 'non-rid');
  return r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] });
}

const key = (p: { uid: string; rid: string; action: string }) => `${p.uid} ${p.rid} ${p.action}`;
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('one fixture, one answer', () => {
  const result = fixture();
  const fs: Finding[] = result.findings;
  const safe = sorted(fs.filter((f) => decide(f, NO_CONSENT).verdict === 'allow').map(key));
  const consentable = sorted(fs.filter((f) => decide(f, NO_CONSENT).verdict !== 'allow' && !finalRefusal(f)).map(key));
  const never = sorted(fs.filter((f) => finalRefusal(f)).map(key));

  it('the fixture covers every kind of answer', () => {
    expect(safe).toEqual(sorted(['svc dcos:mesos:master:framework:role:web create', 'svc dcos:mesos:master:task:user:nobody create', 'svc dcos:service:marathon:marathon:services:/web full']));
    expect(consentable).toHaveLength(9);
    expect(never).toEqual(sorted(['dcos_mesos_master dcos:mesos:master:log read', 'svc /slave(1)/state GET']));
  });

  it("the loop's `a` selects exactly the safe ones", () => {
    const s = createSession({ id: 's', uid: null, now: 0 });
    const byKey = new Map(fs.map((f) => [keyOf(f), f]));
    expect(sorted(safeKeys(s, fs).map((k) => key(byKey.get(k)!)))).toEqual(safe);
  });

  it('the unattended rounds grant exactly the safe ones (no --yes)', () => {
    const d = autoDecide(createSession({ id: 's', uid: null, now: 0 }), fs, { yes: false });
    expect(sorted(d.grant.map(key))).toEqual(safe);
    expect(sorted(d.skipped.map((x) => key(x.finding)))).toEqual(consentable);
  });

  it('what no consent can grant shows `not grantable`; the rest is pending', () => {
    const s = createSession({ id: 's', uid: null, now: 0 });
    expect(sorted(fs.filter((f) => statusOf(s, f).status === 'not grantable').map(key))).toEqual(never);
  });

  it('the batch plan (interactive, no flags) sends the safe ones without a second key', () => {
    const s = setSelected(createSession({ id: 's', uid: null, now: 0 }), fs.map(keyOf), true);
    const p = planBatch(s, fs, { allowDangerous: false });
    const confirm = new Set(p.confirm.map(key));
    expect(sorted(p.pairs.map(key).filter((k) => !confirm.has(k)))).toEqual(safe);
    // SENSITIVE and unknown wait for the second key; DANGEROUS and the native exception are refused.
    expect(sorted(confirm)).toEqual(sorted(['svc dcos:secrets:default:/web/key read', 'svc dcos:made:up read']));
    expect(p.refused.map((r) => r.finding.rid)).toContain('dcos:mesos:agent:container:app_id');
  });

  it('`scan --format dcos` writes live exactly the safe ones, disabled exactly the consentable ones, and skips the rest', () => {
    const out = renderDcos(result);
    const grantOf = (line: string) => /grant (\S+) (\S+) (\S+)$/.exec(line)!.slice(1).join(' ');
    const live = out.split('\n').filter((l) => l.startsWith('dcos ')).map(grantOf);
    const disabled = out.split('\n').filter((l) => l.startsWith('# dcos ')).map(grantOf);
    expect(sorted(live)).toEqual(safe);
    expect(sorted(disabled)).toEqual(consentable);
    expect(out.match(/^# skipped /gm)).toHaveLength(never.length);
    // curl: two live calls per safe pair.
    expect(renderCurl(result).match(/^a2g_curl /gm)).toHaveLength(2 * safe.length);
  });

  it('`grant --from` (no terminal, no flags) would apply exactly the safe ones, and skips what it never can', () => {
    const parsed = pairsFromScanJson(renderJson(result), 'scan.json');
    expect(parsed.notes).toHaveLength(never.length);
    const report = checkRails(parsed.pairs, { op: 'grant' });
    expect(sorted(report.decisions.filter((d) => d.verdict === 'allow').map((d) => key(d.pair)))).toEqual(safe);
    expect(sorted(report.refused.map((d) => key(d.pair)))).toEqual(consentable);
    // With every pair safe, the batch goes.
    expect(checkRails(parsed.pairs.filter((p) => safe.includes(key(p))), { op: 'grant' }).ok).toBe(true);
  });
});
