// Unscoped forms of role and app_id rids (docs/permission-catalog.md): leaving the optional scope out
// covers every value, so `dcos:mesos:master:framework:role` is every role and `…:task:app_id` (or
// `:/`) every app and job: never a normal grant. For a role, `*` is the Mesos default role, a scope
// like any other. And an action a row does not list is never rated normal: nothing says what it does.
import { describe, expect, it } from 'vitest';
import { createCatalog, explain, riskOf } from '../../../src/core/catalog/index.js';
import { decide, NO_CONSENT } from '../../../src/core/policy/index.js';

const ROLES = [
  ['dcos:mesos:master:framework:role', 'create'],
  ['dcos:mesos:master:framework:role', 'read'],
  ['dcos:mesos:agent:framework:role', 'read'],
  ['dcos:mesos:master:quota:role', 'update'],
  ['dcos:mesos:master:weight:role', 'update'],
  ['dcos:mesos:master:reservation:role', 'create'],
  ['dcos:mesos:master:volume:role', 'create'],
] as const;

const APPS = [
  ['dcos:mesos:master:task:app_id', 'create'],
  ['dcos:mesos:agent:task:app_id', 'read'],
  ['dcos:mesos:master:executor:app_id', 'read'],
  ['dcos:mesos:agent:executor:app_id', 'read'],
] as const;

describe('unscoped role rids: every role', () => {
  it.each(ROLES)('%s %s: sensitive without a role (or with an empty one), normal with one, `*` (the default role) included', (base, action) => {
    for (const rid of [base, `${base}:`, `${base.toUpperCase()}`]) {
      expect(riskOf(rid, action), rid).toBe('sensitive');
      expect(explain(rid, action).explanation, rid).toMatch(/^No role given = every role: /);
    }
    for (const rid of [`${base}:dev`, `${base}:slave_public/kafka`, `${base}:*`]) expect(riskOf(rid, action), rid).toBe('normal');
  });

  it('exec by role stays dangerous for `*` (the default role, where most tasks run) and without a role', () => {
    for (const base of ['dcos:mesos:agent:container:role', 'dcos:mesos:agent:nested_container_session:role']) {
      const action = base.includes('nested') ? 'create' : 'update';
      expect(riskOf(base, action)).toBe('dangerous');
      expect(riskOf(`${base}:*`, action)).toBe('dangerous');
      expect(explain(`${base}:*`, action).explanation).toMatch(/^The default role '\*'/);
      expect(riskOf(`${base}:dev`, action)).toBe('normal');
    }
  });
});

describe('unscoped app_id rids: every app and job', () => {
  it.each(APPS)('%s %s: sensitive without an app (or `/`), normal with one', (base, action) => {
    for (const rid of [base, `${base}:`, `${base}:/`, `${base}:/dev/..`]) expect(riskOf(rid, action), rid).toBe('sensitive');
    for (const rid of [`${base}:/dev`, `${base}:/dev/app`]) expect(riskOf(rid, action), rid).toBe('normal');
  });

  it('endpoint paths without a path: every endpoint', () => {
    expect(riskOf('dcos:mesos:agent:endpoint:path', 'read')).toBe('sensitive');
    expect(riskOf('dcos:mesos:master:endpoint:path', 'read')).toBe('sensitive');
    expect(riskOf('dcos:mesos:agent:endpoint:path:/metrics/snapshot', 'read')).toBe('normal');
  });
});

describe('the policy on unscoped rids', () => {
  it('needs the consent broad grants need: refused unattended without --yes, asked on a terminal', () => {
    const pair = { uid: 'svc', rid: 'dcos:mesos:master:framework:role', action: 'create' };
    expect(decide(pair, NO_CONSENT)).toMatchObject({ verdict: 'refuse', risk: 'sensitive', needs: ['yes'] });
    expect(decide(pair, NO_CONSENT).reason).toMatch(/^SENSITIVE \(no role given = every role: .*\): granted unattended only with --yes$/);
    expect(decide(pair, { op: 'grant', mode: 'interactive' }).verdict).toBe('confirm');
    expect(decide(pair, { ...NO_CONSENT, yes: true }).verdict).toBe('allow');
    expect(decide({ ...pair, rid: 'dcos:mesos:master:task:app_id:/' }, NO_CONSENT).verdict).toBe('refuse');
    expect(decide({ ...pair, rid: 'dcos:mesos:master:framework:role:cassandra-role' }, NO_CONSENT).verdict).toBe('allow');
  });
});

describe('an action the catalog row does not list', () => {
  it('is rated unknown (a confirmation), with a warning, never granted silently', () => {
    const x = explain('dcos:adminrouter:ops:mesos', 'read');
    expect(x).toMatchObject({ risk: 'unknown', honoured: false, pattern: 'dcos:adminrouter:ops:mesos' });
    expect(x.warnings.join()).toMatch(/'read' is not one .* honours \(only full\)/);
    const d = decide({ uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'read' }, NO_CONSENT);
    expect(d).toMatchObject({ verdict: 'refuse', risk: 'unknown', needs: ['yes'] });
    expect(d.reason).toBe("unknown risk (action 'read' is not one this permission lists (only full)): granted unattended only with --yes");
    expect(riskOf('dcos:mesos:master:framework:role:dev', 'delete')).toBe('unknown');
    // A listed one reads as before; a row's higher rating stays.
    expect(riskOf('dcos:adminrouter:ops:mesos', 'full')).toBe('normal');
    expect(riskOf('dcos:adminrouter:package', 'read')).toBe('sensitive');
  });

  it('`full` where a row does not list it allows every action it lists: rated by them, granted with a warning', () => {
    expect(riskOf('dcos:mesos:master:log', 'full')).toBe('normal');
    expect(riskOf('dcos:mesos:master:framework:role', 'full')).toBe('sensitive');
    const d = decide({ uid: 'svc', rid: 'dcos:mesos:master:log', action: 'full' }, NO_CONSENT);
    expect(d.verdict).toBe('allow');
    expect(d.warning).toBe("dcos:mesos:master:log: action 'full' is not one dcos:mesos:master:log lists (only read): it allows every one of those");
  });

  it('`full` is rated by every rule of its row, also rules for other actions (full allows them all)', () => {
    const cat = createCatalog('h\th\th\th\th\th\ndcos:y:path[:<path>]\tfull,read\tc\t1\tPaths.\tunscoped(read) sensitive\n');
    expect(cat.riskOf('dcos:y:path:/', 'full')).toBe('sensitive');
    expect(cat.riskOf('dcos:y:path:/a', 'full')).toBe('normal');
  });
});
