import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createCatalog, defaultCatalog, explain, firstSentence, isDangerous, matchRid, PERMISSIONS_TSV, riskOf,
} from '../../../src/core/catalog/index.js';
// @ts-expect-error plain .mjs script without types
import { renderCatalogModule } from '../../tools/gen-catalog.mjs';

const root = new URL('../../../', import.meta.url);
const tsv = readFileSync(new URL('src/core/catalog/permissions.tsv', root), 'utf8');

describe('generated catalog data', () => {
  it('data.ts holds exactly permissions.tsv (run `node test/tools/gen-catalog.mjs` if this fails)', () => {
    expect(PERMISSIONS_TSV).toBe(tsv);
    const file = readFileSync(fileURLToPath(new URL('src/core/catalog/data.ts', root)), 'utf8');
    expect(file).toBe(renderCatalogModule(tsv));
  });

  it('parses every row, with actions from the known set', () => {
    const rows = tsv.split('\n').filter((l) => l.trim()).length - 1;
    const { entries } = defaultCatalog();
    expect(entries).toHaveLength(rows);
    for (const e of entries) {
      expect(e.actions.length).toBeGreaterThan(0);
      for (const a of e.actions) expect(['full', 'create', 'read', 'update', 'delete']).toContain(a);
    }
  });

  it('every pattern matches an instance of itself and is chosen for it', () => {
    for (const e of defaultCatalog().entries) {
      // Fill placeholders with a plain value, keep optional parts.
      const rid = e.pattern.replace(/<[^>]+>/g, 'x1').replace(/[[\]]/g, '');
      expect(matchRid(rid)?.pattern, rid).toBe(e.pattern);
    }
  });
});

describe('matching concrete rids', () => {
  const cases: [string, string | null][] = [
    // literal rows beat placeholders
    ['dcos:adminrouter:service:marathon', 'dcos:adminrouter:service:marathon'],
    ['dcos:adminrouter:service:metronome', 'dcos:adminrouter:service:metronome'],
    ['dcos:adminrouter:service:edgelb', 'dcos:adminrouter:service:edgelb'],
    ['dcos:adminrouter:service:group/app', 'dcos:adminrouter:service:<service-endpoint>'],
    ['dcos:adminrouter:service:kafka', 'dcos:adminrouter:service:<service-endpoint>'],
    ['dcos:adminrouter:service:dcos-edgelb/pools/web', 'dcos:adminrouter:service:dcos-edgelb/pools/<pool-name>'],
    // the literal '*'
    ['dcos:cluster:linker:*', 'dcos:cluster:linker:*'],
    ['dcos:cluster:linker:east-1', 'dcos:cluster:linker:<cluster-id>'],
    // optional suffix: present or left out
    ['dcos:mesos:master:task:user', 'dcos:mesos:master:task:user[:<linux-user-name>]'],
    ['dcos:mesos:master:task:user:nobody', 'dcos:mesos:master:task:user[:<linux-user-name>]'],
    ['dcos:mesos:master:task:user:a/b', null],
    ['dcos:service:metronome:metronome:jobs', 'dcos:service:metronome:metronome:jobs[:<job-group>]'],
    ['dcos:service:metronome:metronome:jobs:nightly', 'dcos:service:metronome:metronome:jobs[:<job-group>]'],
    // hierarchical marathon paths
    ['dcos:service:marathon:marathon:services:/', 'dcos:service:marathon:marathon:services:/[<service-group>]'],
    ['dcos:service:marathon:marathon:services:/dev', 'dcos:service:marathon:marathon:services:/[<service-group>]'],
    ['dcos:service:marathon:marathon:services:/dev/team/app', 'dcos:service:marathon:marathon:services:/[<service-group>]'],
    ['dcos:mesos:master:task:app_id:/dev/app', 'dcos:mesos:master:task:app_id[:<service-or-job-group>]'],
    // roles with '/' and the '*' role literal
    ['dcos:mesos:master:framework:role:slave_public/kafka-role', 'dcos:mesos:master:framework:role[:<role-name>]'],
    ['dcos:mesos:master:framework:role:*', 'dcos:mesos:master:framework:role[:<role-name>]'],
    ['dcos:mesos:master:reservation:role:dev/backend', 'dcos:mesos:master:reservation:role[:<role-name>]'],
    // secrets with and without a path
    ['dcos:secrets:default:/dev/db-password', 'dcos:secrets:default:[/<path-name>/]<secret-name>'],
    ['dcos:secrets:default:db-password', 'dcos:secrets:default:[/<path-name>/]<secret-name>'],
    ['dcos:secrets:list:default:/', 'dcos:secrets:list:default:/[<path>]'],
    ['dcos:mesos:master:framework:principal:my-sa', 'dcos:mesos:master:framework:principal[:<service-account-id>]'],
    // no match
    ['dcos:adminrouter:acs:extra', null],
    ['dcos:mesos:master:made-up', null],
    ['/slave(1)/state', null],
    ['', null],
  ];
  it.each(cases)('%s → %s', (rid, pattern) => {
    expect(matchRid(rid)?.pattern ?? null).toBe(pattern);
  });
});

describe('risk', () => {
  const cases: [string, string, string][] = [
    // DANGEROUS rows
    ['dcos:superuser', 'full', 'dangerous'],
    ['dcos:superuser', 'read', 'dangerous'],
    ['dcos:adminrouter:acs', 'full', 'dangerous'],
    // SENSITIVE rows
    ['dcos:adminrouter:ops:ca:rw', 'full', 'sensitive'],
    ['dcos:adminrouter:ops:cockroachdb', 'full', 'sensitive'],
    ['dcos:adminrouter:ops:exhibitor', 'full', 'sensitive'],
    ['dcos:adminrouter:package', 'full', 'sensitive'],
    ['dcos:secrets:default:/dev/sa-secret', 'read', 'sensitive'],
    // conditional SENSITIVE: ':root', no suffix, unscoped principal
    ['dcos:mesos:agent:nested_container_session:user:root', 'create', 'sensitive'],
    ['dcos:mesos:agent:nested_container_session:user:nobody', 'create', 'normal'],
    ['dcos:mesos:agent:nested_container_session:user', 'create', 'normal'],
    ['dcos:mesos:master:framework:principal', 'delete', 'sensitive'],
    ['dcos:mesos:master:framework:principal:my-sa', 'delete', 'normal'],
    // task:user is always dangerous when root or unscoped (IAM rails)
    ['dcos:mesos:master:task:user:root', 'create', 'dangerous'],
    ['dcos:mesos:master:task:user', 'create', 'dangerous'],
    ['dcos:mesos:agent:task:user:root', 'create', 'dangerous'],
    ['dcos:mesos:agent:task:user', 'create', 'dangerous'],
    ['dcos:mesos:master:task:user:nobody', 'create', 'normal'],
    ['dcos:mesos:master:task:user:rooty', 'create', 'normal'],
    // normal and unknown
    ['dcos:adminrouter:ops:mesos', 'full', 'normal'],
    ['dcos:adminrouter:ops:ca:ro', 'full', 'normal'],
    ['dcos:service:marathon:marathon:services:/dev', 'create', 'normal'],
    ['dcos:made:up', 'full', 'unknown'],
  ];
  it.each(cases)('%s %s → %s', (rid, action, risk) => {
    expect(riskOf(rid, action)).toBe(risk);
    expect(explain(rid, action).risk).toBe(risk);
    expect(isDangerous(rid, action)).toBe(risk === 'dangerous');
  });

  it('every row whose notes say DANGEROUS or SENSITIVE unconditionally is rated so', () => {
    for (const e of defaultCatalog().entries) {
      if (e.riskRule.kind !== 'always') continue;
      const rid = e.pattern.replace(/<[^>]+>/g, 'x1').replace(/[[\]]/g, '');
      const want = /DANGEROUS/.test(e.notes) ? 'dangerous' : /SENSITIVE/.test(e.notes) ? 'sensitive' : 'normal';
      expect(riskOf(rid, e.actions[0]), rid).toBe(want);
    }
  });

  it('a catalog of its own reads conditional notes the same way', () => {
    const cat = createCatalog('h\th\th\th\th\ndcos:x:user[:<linux-user-name>]\tcreate\tc\t1\tRun. \':admin\' is SENSITIVE.\n');
    expect(cat.riskOf('dcos:x:user:admin', 'create')).toBe('sensitive');
    expect(cat.riskOf('dcos:x:user:bob', 'create')).toBe('normal');
    expect(cat.riskOf('dcos:x:user', 'create')).toBe('normal');
  });
});

describe('explain', () => {
  it('flags an action the pattern does not honour', () => {
    const x = explain('dcos:adminrouter:service:group/app', 'create');
    expect(x.honoured).toBe(false);
    expect(x.warnings.join(' ')).toMatch(/'create'.*only full/);
    const y = explain('dcos:adminrouter:service:group/app', 'full');
    expect(y.honoured).toBe(true);
    expect(y.warnings).toEqual([]);
  });

  it('gives one line, with hierarchy hints', () => {
    for (const e of defaultCatalog().entries) {
      const x = explain(e.pattern.replace(/<[^>]+>/g, 'x1').replace(/[[\]]/g, ''), e.actions[0]);
      expect(x.explanation).not.toMatch(/[\r\n]/);
      expect(x.explanation.length).toBeGreaterThan(5);
    }
    expect(explain('dcos:adminrouter:service:group/app', 'full').explanation).toMatch(/Not inherited/);
    expect(explain('dcos:service:marathon:marathon:services:/dev', 'create').explanation).toMatch(/^Hierarchical: .*covers apps/);
    expect(explain('dcos:service:metronome:metronome:jobs:a', 'read').explanation).toMatch(/^Hierarchical by job group/);
    expect(explain('dcos:adminrouter:ops:mesos', 'full').explanation).toBe('Proxy to the Mesos master UI and operator API (/mesos/).');
  });

  it('unknown rids: no pattern, a warning, still dangerous when the rails say so', () => {
    expect(explain('dcos:made:up', 'full')).toMatchObject({ pattern: null, risk: 'unknown', honoured: true });
    expect(explain('dcos:made:up', 'full').warnings).toHaveLength(1);
    expect(explain('dcos:other:task:user:root', 'create').risk).toBe('dangerous');
  });

  it('warns that an authentication-only rid needs no grant', () => {
    expect(explain('dcos:adminrouter:capabilities', 'full').warnings.join()).toMatch(/only checks authentication/);
  });

  it.each([
    ['One. Two.', 'One. Two.'],
    ['A long enough first sentence of the notes here. Second.', 'A long enough first sentence of the notes here.'],
    ['Path (e.g. group/app) and more words to be long. Next.', 'Path (e.g. group/app) and more words to be long.'],
    ['No final stop', 'No final stop'],
  ])('firstSentence(%j)', (notes, want) => {
    expect(firstSentence(notes)).toBe(want);
  });
});
