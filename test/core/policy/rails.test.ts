import { describe, expect, it } from 'vitest';
import { checkRails, refusedBatch, uniquePairs, type RailOptions } from '../../../src/core/policy/index.js';

const grant: RailOptions = { op: 'grant' };
type Row = [string, { uid: string; rid: string; action: string }, RailOptions, 'allow' | 'confirm' | 'refuse', RegExp | null];

const rows: Row[] = [
  ['a normal grant', { uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'full' }, grant, 'allow', null],
  ['bad uid characters', { uid: 'svc name', rid: 'dcos:adminrouter:ops:mesos', action: 'full' }, grant, 'refuse', /characters DC\/OS does not allow/],
  ['uid too long', { uid: 'a'.repeat(97), rid: 'dcos:x', action: 'read' }, grant, 'refuse', /at most 96/],
  ['rid with ?', { uid: 'svc', rid: 'dcos:x?y', action: 'read' }, grant, 'refuse', /contains '\?'/],
  ['rid with %', { uid: 'svc', rid: 'dcos:x%2Fy', action: 'read' }, grant, 'refuse', /contains '%'/],
  ['rid with #', { uid: 'svc', rid: 'dcos:x#y', action: 'read' }, grant, 'refuse', /contains '#'/],
  ['rid with whitespace', { uid: 'svc', rid: 'dcos:x y', action: 'read' }, grant, 'refuse', /whitespace/],
  ['rid with a control character', { uid: 'svc', rid: 'dcos:x\u001b[2J', action: 'read' }, grant, 'refuse', /control/],
  ['unknown action', { uid: 'svc', rid: 'dcos:x', action: 'write' }, grant, 'refuse', /not one of/],
  ['native account', { uid: 'dcos_mesos_master', rid: 'dcos:x', action: 'read' }, { op: 'grant', forceNative: true }, 'refuse', /native account/],
  ['native account on revoke too', { uid: 'dcos_adminrouter', rid: 'dcos:x', action: 'read' }, { op: 'revoke' }, 'refuse', /native account/],
  ['dcos_marathon without --force-native', { uid: 'dcos_marathon', rid: 'dcos:mesos:master:task:user:nobody', action: 'create' }, grant, 'refuse', /--force-native/],
  ['dcos_marathon with --force-native', { uid: 'dcos_marathon', rid: 'dcos:mesos:master:task:user:nobody', action: 'create' }, { op: 'grant', forceNative: true }, 'allow', null],
  ['dcos_metronome agent task:user with --force-native', { uid: 'dcos_metronome', rid: 'dcos:mesos:agent:task:user:nobody', action: 'create' }, { op: 'grant', forceNative: true }, 'allow', null],
  ['dcos_marathon, other rid, even with --force-native', { uid: 'dcos_marathon', rid: 'dcos:adminrouter:ops:mesos', action: 'full' }, { op: 'grant', forceNative: true }, 'refuse', /only its task:user rights/],
  ['dcos_marathon, a look-alike rid', { uid: 'dcos_marathon', rid: 'dcos:mesos:master:task:username', action: 'create' }, { op: 'grant', forceNative: true }, 'refuse', /only its task:user rights/],
  ['dcos:superuser', { uid: 'svc', rid: 'dcos:superuser', action: 'full' }, grant, 'refuse', /DANGEROUS.*--allow-dangerous/],
  ['dcos:adminrouter:acs', { uid: 'svc', rid: 'dcos:adminrouter:acs', action: 'full' }, grant, 'refuse', /DANGEROUS/],
  ['task:user:root', { uid: 'svc', rid: 'dcos:mesos:master:task:user:root', action: 'create' }, grant, 'refuse', /DANGEROUS/],
  ['unscoped task:user', { uid: 'svc', rid: 'dcos:mesos:master:task:user', action: 'create' }, grant, 'refuse', /DANGEROUS/],
  ['dangerous allowed still needs the confirmation', { uid: 'svc', rid: 'dcos:superuser', action: 'full' }, { op: 'grant', allowDangerous: true }, 'refuse', /with --allow-dangerous: granted unattended only with --yes/],
  ['dangerous allowed and confirmed', { uid: 'svc', rid: 'dcos:superuser', action: 'full' }, { op: 'grant', allowDangerous: true, yes: true }, 'allow', null],
  ['dangerous revoke is fine', { uid: 'svc', rid: 'dcos:superuser', action: 'full' }, { op: 'revoke' }, 'allow', null],
  // The rails ask nobody unless told someone is there: unattended, a confirmation only comes from --yes.
  ['sensitive, unattended (the default), no --yes', { uid: 'svc', rid: 'dcos:adminrouter:package', action: 'full' }, grant, 'refuse', /SENSITIVE: granted unattended only with --yes/],
  ['sensitive, interactive: needs a yes', { uid: 'svc', rid: 'dcos:adminrouter:package', action: 'full' }, { op: 'grant', mode: 'interactive' }, 'confirm', /SENSITIVE: needs a confirmation/],
  ['unknown risk, like sensitive', { uid: 'svc', rid: 'dcos:made:up', action: 'read' }, grant, 'refuse', /unknown risk.*--yes/],
  ['uid ..', { uid: '..', rid: 'dcos:adminrouter:ops:mesos', action: 'full' }, grant, 'refuse', /only dots/],
  ['dcos:SuperUser', { uid: 'svc', rid: 'dcos:SuperUser', action: 'full' }, grant, 'refuse', /DANGEROUS/],
  ['sensitive with --yes', { uid: 'svc', rid: 'dcos:adminrouter:package', action: 'full' }, { op: 'grant', yes: true }, 'allow', null],
];

describe('rails', () => {
  it.each(rows)('%s', (_name, pair, opts, status, reason) => {
    const r = checkRails([pair], opts);
    expect(r.decisions[0]?.verdict).toBe(status);
    if (reason) expect(r.decisions[0]?.reason).toMatch(reason);
    expect(r.ok).toBe(status === 'allow');
  });

  it('warns when a native or dangerous grant is allowed', () => {
    const r = checkRails([{ uid: 'dcos_metronome', rid: 'dcos:mesos:master:task:user:root', action: 'create' }], { op: 'grant', forceNative: true, allowDangerous: true, yes: true });
    expect(r.ok).toBe(true);
    expect(r.warnings[0]).toMatch(/native account dcos_metronome.*DANGEROUS dcos:mesos:master:task:user:root/);
  });

  it('one refused pair refuses the whole batch', () => {
    const report = checkRails(
      [
        { uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'full' },
        { uid: 'svc', rid: 'dcos:superuser', action: 'full' },
        { uid: 'svc', rid: 'dcos:adminrouter:ops:slave', action: 'full' },
      ],
      grant,
    );
    expect(report.ok).toBe(false);
    const res = refusedBatch(report);
    expect(res.map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused']);
    expect(res[0]?.detail).toBe('not applied: 1 other pair in this batch was refused');
    expect(res[1]?.detail).toMatch(/DANGEROUS/);
  });

  it('drops duplicate pairs', () => {
    const p = { uid: 'svc', rid: 'dcos:x', action: 'read' };
    expect(uniquePairs([p, { ...p }, { ...p, action: 'full' }])).toHaveLength(2);
  });
});
