// The grant policy, table-driven: every risk × every consent × interactive/unattended, then the
// rules before risk (validity, dots, native accounts), case variants, over-broad rids, revokes.
import { describe, expect, it } from 'vitest';
import { decide, EVERY_CONSENT, finalRefusal, isSafe, NO_CONSENT, type PolicyContext, type Verdict } from '../../../src/core/policy/index.js';

const UID = 'svc';
const RISKY = {
  normal: { uid: UID, rid: 'dcos:mesos:master:framework:role:r', action: 'create' },
  sensitive: { uid: UID, rid: 'dcos:adminrouter:package', action: 'full' },
  unknown: { uid: UID, rid: 'dcos:made:up', action: 'read' },
  dangerous: { uid: UID, rid: 'dcos:superuser', action: 'full' },
} as const;

// The policy table (docs/policy.md says the same in words). Columns: the consents given.
const TABLE = `
risk       mode         none     yes      dangerous  yes+dangerous
normal     interactive  allow    allow    allow      allow
normal     unattended   allow    allow    allow      allow
sensitive  interactive  confirm  allow    confirm    allow
sensitive  unattended   refuse   allow    refuse     allow
unknown    interactive  confirm  allow    confirm    allow
unknown    unattended   refuse   allow    refuse     allow
dangerous  interactive  refuse   refuse   confirm    allow
dangerous  unattended   refuse   refuse   refuse     allow
`;
const CONSENTS = [{}, { yes: true }, { allowDangerous: true }, { yes: true, allowDangerous: true }] as const;
const rows = TABLE.trim().split('\n').slice(1).flatMap((line) => {
  const [risk, mode, ...verdicts] = line.trim().split(/\s+/);
  return verdicts.map((v, i) => [risk as keyof typeof RISKY, mode as PolicyContext['mode'], CONSENTS[i], v as Verdict] as const);
});

describe('risk × consent × mode', () => {
  it.each(rows)('%s, %s, %j → %s', (risk, mode, consent, want) => {
    const d = decide(RISKY[risk], { op: 'grant', mode, ...consent });
    expect(d.verdict).toBe(want);
    expect(d.risk).toBe(risk);
    expect(d.final).toBe(false);
    expect(d.reason.length).toBeGreaterThan(5);
    // needs: what is missing for allow, empty exactly when allowed.
    expect(d.needs.length === 0).toBe(want === 'allow');
    // --force-native changes nothing for an ordinary account.
    expect(decide(RISKY[risk], { op: 'grant', mode, ...consent, forceNative: true }).verdict).toBe(want);
  });

  it('reasons say what is missing', () => {
    expect(decide(RISKY.sensitive, NO_CONSENT).reason).toBe('SENSITIVE: granted unattended only with --yes');
    expect(decide(RISKY.sensitive, { op: 'grant', mode: 'interactive' }).reason).toBe('SENSITIVE: needs a confirmation, or --yes');
    expect(decide(RISKY.unknown, NO_CONSENT).reason).toBe('not in the permission catalog (unknown risk): granted unattended only with --yes');
    expect(decide(RISKY.dangerous, NO_CONSENT).reason).toBe('DANGEROUS (cluster-wide control): refused without --allow-dangerous (and then a confirmation, or --yes)');
    expect(decide(RISKY.dangerous, { op: 'grant', mode: 'unattended', allowDangerous: true }).reason).toBe('DANGEROUS (cluster-wide control) with --allow-dangerous: granted unattended only with --yes');
    expect(decide(RISKY.dangerous, { op: 'grant', mode: 'interactive', allowDangerous: true }).reason).toBe('DANGEROUS (cluster-wide control) with --allow-dangerous: needs a confirmation, or --yes');
    expect(decide(RISKY.dangerous, NO_CONSENT).needs).toEqual(['allow-dangerous', 'yes']);
    expect(decide(RISKY.normal, NO_CONSENT)).toMatchObject({ verdict: 'allow', rule: 'normal', warning: null });
  });

  it('a DANGEROUS grant that goes through carries a warning', () => {
    const d = decide(RISKY.dangerous, EVERY_CONSENT);
    expect(d.verdict).toBe('allow');
    expect(d.warning).toBe('granting DANGEROUS dcos:superuser full to svc (--allow-dangerous)');
  });
});

describe('case never lowers a rating', () => {
  it.each([
    ['dcos:SuperUser', 'full'],
    ['dcos:SUPERUSER', 'read'],
    ['dcos:AdminRouter:Acs', 'full'],
    ['dcos:mesos:master:task:user:ROOT', 'create'],
    ['dcos:mesos:agent:task:user:Root', 'create'],
    ['dcos:Mesos:Master:Task:User', 'create'],
  ])('%s %s is refused like its lower-case form', (rid, action) => {
    const d = decide({ uid: UID, rid, action }, { op: 'grant', mode: 'interactive', yes: true });
    expect(d).toMatchObject({ verdict: 'refuse', risk: 'dangerous', rule: 'dangerous', needs: ['allow-dangerous'] });
    expect(decide({ uid: UID, rid: rid.toLowerCase(), action }, { op: 'grant', mode: 'interactive', yes: true }).verdict).toBe('refuse');
  });

  it('native accounts in any case', () => {
    expect(finalRefusal({ uid: 'DCOS_Mesos_Master', rid: 'dcos:mesos:master:log', action: 'read' })).toMatch(/native account/);
    const exc = { uid: 'DCOS_Marathon', rid: 'dcos:mesos:master:task:user:nobody', action: 'create' };
    expect(decide(exc, NO_CONSENT)).toMatchObject({ verdict: 'refuse', rule: 'native-exception', needs: ['force-native'] });
    expect(decide(exc, { ...NO_CONSENT, forceNative: true }).verdict).toBe('allow');
  });
});

describe('refused whatever the consents', () => {
  it.each([
    ['uid .', { uid: '.', rid: RISKY.normal.rid, action: 'create' }, /only dots/],
    ['uid ..', { uid: '..', rid: RISKY.normal.rid, action: 'create' }, /only dots/],
    ['uid ...', { uid: '...', rid: RISKY.normal.rid, action: 'create' }, /only dots/],
    ['uid starting with -', { uid: '-h', rid: RISKY.normal.rid, action: 'create' }, /starts with '-'/],
    ['uid with /', { uid: 'a/b', rid: RISKY.normal.rid, action: 'create' }, /characters DC\/OS does not allow/],
    ['rid with whitespace', { uid: UID, rid: 'dcos:x y', action: 'read' }, /whitespace/],
    ['not a dcos: rid', { uid: UID, rid: 'DCOS:superuser', action: 'full' }, /must start with 'dcos:'/],
    ['unknown action', { uid: UID, rid: RISKY.normal.rid, action: 'write' }, /not one of/],
    ['a DC/OS native account', { uid: 'dcos_adminrouter', rid: RISKY.normal.rid, action: 'create' }, /native account/],
    ['dcos_marathon beyond task:user', { uid: 'dcos_marathon', rid: 'dcos:adminrouter:ops:mesos', action: 'full' }, /only its task:user rights/],
    ['a non-rid finding', { uid: UID, rid: '/slave(1)/state', action: 'GET', kind: 'non-rid' as const }, /not a DC\/OS permission id/],
    // Look-alikes: U+2011 (non-breaking hyphen) for '-', Cyrillic а for 'a'. The reason shows them escaped.
    ['a rid with a look-alike hyphen', { uid: UID, rid: 'dcos:service:marathon:marathon:services:/prod\u2011payments', action: 'read' }, /prod\\u2011payments" contains non-ASCII/],
    ['a uid with a look-alike letter', { uid: 'c\u0430ssandra-sa', rid: RISKY.normal.rid, action: 'create' }, /"c\\u0430ssandra-sa" has characters DC\/OS does not allow/],
  ])('%s', (_name, pair, reason) => {
    for (const ctx of [NO_CONSENT, EVERY_CONSENT, { ...EVERY_CONSENT, mode: 'interactive' as const }]) {
      const d = decide(pair, ctx);
      expect(d).toMatchObject({ verdict: 'refuse', final: true, needs: [] });
      expect(d.reason).toMatch(reason);
    }
    expect(finalRefusal(pair)).toMatch(reason);
    expect(isSafe(pair)).toBe(false);
  });

  it('dotted uids that are names stay valid', () => {
    for (const uid of ['a.b', '.hidden', 'svc..x', 'me@example.com']) expect(finalRefusal({ uid, rid: RISKY.normal.rid, action: 'create' })).toBeNull();
  });
});

describe('native task:user exception', () => {
  const root = { uid: 'dcos_marathon', rid: 'dcos:mesos:master:task:user:root', action: 'create' };
  it.each<[string, PolicyContext, Verdict, string[]]>([
    ['no flag', NO_CONSENT, 'refuse', ['force-native', 'allow-dangerous', 'yes']],
    ['--force-native only', { ...NO_CONSENT, forceNative: true }, 'refuse', ['allow-dangerous', 'yes']],
    ['--force-native --allow-dangerous, unattended', { ...NO_CONSENT, forceNative: true, allowDangerous: true }, 'refuse', ['yes']],
    ['--force-native --allow-dangerous, interactive', { op: 'grant', mode: 'interactive', forceNative: true, allowDangerous: true }, 'confirm', ['yes']],
    ['every consent', EVERY_CONSENT, 'allow', []],
  ])('task:user:root for dcos_marathon, %s', (_name, ctx, verdict, needs) => {
    const d = decide(root, ctx);
    expect(d.verdict).toBe(verdict);
    expect(d.needs).toEqual(needs);
  });

  it('says what it changes when allowed', () => {
    expect(decide(root, EVERY_CONSENT).warning).toMatch(/^changing native account dcos_marathon .*; granting DANGEROUS/);
  });
});

describe('over-broad rids are never granted by themselves', () => {
  it.each([
    ['dcos:service:marathon:marathon:services:/', 'full', 'dangerous'],
    ['dcos:service:marathon:marathon:services://', 'create', 'dangerous'],
    ['dcos:service:marathon:marathon:services:/', 'read', 'sensitive'],
    ['dcos:mesos:agent:container:app_id', 'update', 'dangerous'],
    ['dcos:secrets:default:/', 'read', 'dangerous'],
    ['dcos:secrets:default:/*', 'read', 'dangerous'],
    ['dcos:mesos:agent:task:user:root', 'create', 'dangerous'],
  ])('%s %s (%s)', (rid, action, risk) => {
    const d = decide({ uid: UID, rid, action }, NO_CONSENT);
    expect(d).toMatchObject({ verdict: 'refuse', risk });
    // The reason carries the catalog's why.
    expect(d.reason).toMatch(/\(.*(every|root|resolving|no service).*\)/i);
  });
});

describe('the pair may raise its risk, never lower it', () => {
  it('a finding marked sensitive on a normal rid needs the confirmation', () => {
    expect(decide({ ...RISKY.normal, risk: 'sensitive' }, NO_CONSENT).verdict).toBe('refuse');
  });
  it('a finding marked normal on a dangerous rid is still DANGEROUS', () => {
    expect(decide({ ...RISKY.dangerous, risk: 'normal' }, { ...NO_CONSENT, yes: true })).toMatchObject({ verdict: 'refuse', risk: 'dangerous' });
  });
});

describe('revoke', () => {
  it('passes the validity and native rules only: taking a right away adds none', () => {
    for (const pair of Object.values(RISKY)) expect(decide(pair, { op: 'revoke', mode: 'unattended' }).verdict).toBe('allow');
    expect(decide({ uid: 'dcos_adminrouter', rid: 'dcos:x', action: 'read' }, { op: 'revoke', mode: 'unattended' }).verdict).toBe('refuse');
    expect(decide({ uid: '..', rid: 'dcos:x', action: 'read' }, { op: 'revoke', mode: 'unattended', forceNative: true }).verdict).toBe('refuse');
  });
});
