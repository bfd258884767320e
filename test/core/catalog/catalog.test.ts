import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createCatalog, defaultCatalog, explain, firstSentence, isDangerous, matchRid, PERMISSIONS_TSV, riskOf,
} from '../../../src/core/catalog/index.js';
// @ts-expect-error plain .mjs script without types
import { renderCatalogModule } from '../../tools/gen-catalog.mjs';
import { nth } from '../../helpers/nth.js';

const root = new URL('../../../', import.meta.url);
const tsv = readFileSync(new URL('src/core/catalog/permissions.tsv', root), 'utf8');

describe('optional scope', () => {
  it('is a row whose variable part starts with `[…]`, not one with a required value first', () => {
    const by = new Map(defaultCatalog().entries.map((e) => [e.pattern, e.optionalScope]));
    expect(by.get('dcos:mesos:master:task:app_id[:<service-or-job-group>]')).toBe(true);
    expect(by.get('dcos:service:marathon:marathon:services:/[<service-group>]')).toBe(true);
    expect(by.get('dcos:secrets:default:[/<path-name>/]<secret-name>')).toBe(true);
    expect(by.get('dcos:adminrouter:service:<service-endpoint>')).toBe(false);
    expect(by.get('dcos:cluster:linker:<cluster-id>')).toBe(false);
    expect(by.get('dcos:superuser')).toBe(false);
  });
});

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
    // case-insensitive, and root forms of rows with an unscoped rule
    ['dcos:SuperUser', 'dcos:superuser'],
    ['dcos:Mesos:Master:Task:User:ROOT', 'dcos:mesos:master:task:user[:<linux-user-name>]'],
    ['dcos:service:marathon:marathon:services:', 'dcos:service:marathon:marathon:services:/[<service-group>]'],
    ['dcos:secrets:default', 'dcos:secrets:default:[/<path-name>/]<secret-name>'],
    // a role row's root form (no role at all) belongs to it: it is rated as every role
    ['dcos:mesos:master:framework:role:', 'dcos:mesos:master:framework:role[:<role-name>]'],
    // no match
    ['dcos:mesos:master:framework:rolex', null],
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
    // no user = any user, root included (was `normal` before the risk column said so)
    ['dcos:mesos:agent:nested_container_session:user', 'create', 'sensitive'],
    ['dcos:mesos:master:framework:principal', 'delete', 'sensitive'],
    ['dcos:mesos:master:framework:principal:my-sa', 'delete', 'normal'],
    // no principal = every framework's volumes (their data) or reservations
    ['dcos:mesos:master:volume:principal', 'delete', 'sensitive'],
    ['dcos:mesos:master:volume:principal:my-sa', 'delete', 'normal'],
    ['dcos:mesos:master:reservation:principal', 'delete', 'sensitive'],
    ['dcos:mesos:master:reservation:principal:my-sa', 'delete', 'normal'],
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
    // case never lowers a rating: rids compare case-insensitively
    ['dcos:SuperUser', 'full', 'dangerous'],
    ['dcos:SUPERUSER', 'read', 'dangerous'],
    ['dcos:AdminRouter:ACS', 'full', 'dangerous'],
    ['dcos:mesos:master:task:user:ROOT', 'create', 'dangerous'],
    ['dcos:Mesos:Agent:Task:User:Root', 'create', 'dangerous'],
    ['dcos:mesos:master:TASK:USER', 'create', 'dangerous'],
    ['dcos:adminrouter:PACKAGE', 'full', 'sensitive'],
    ['dcos:Secrets:Default:/dev/db', 'read', 'sensitive'],
    // over-broad: Marathon's root group (and paths that resolve to it)
    ['dcos:service:marathon:marathon:services:/', 'full', 'dangerous'],
    ['dcos:service:marathon:marathon:services:/', 'create', 'dangerous'],
    ['dcos:service:marathon:marathon:services:/', 'read', 'sensitive'],
    ['dcos:service:marathon:marathon:services://', 'update', 'dangerous'],
    ['dcos:service:marathon:marathon:services:/./', 'delete', 'dangerous'],
    ['dcos:service:marathon:marathon:services:/dev/..', 'full', 'dangerous'],
    ['dcos:service:marathon:marathon:services:/*', 'full', 'dangerous'],
    ['dcos:service:marathon:marathon:services:', 'full', 'dangerous'],
    ['dcos:service:marathon:marathon:services', 'full', 'dangerous'],
    ['dcos:service:marathon:marathon:services:/dev', 'full', 'normal'],
    ['dcos:service:marathon:marathon:services:/dev/..x', 'full', 'normal'],
    // over-broad: exec into any container, every job, every sandbox
    ['dcos:mesos:agent:container:app_id', 'update', 'dangerous'],
    ['dcos:mesos:agent:container:app_id:/', 'update', 'dangerous'],
    ['dcos:mesos:agent:container:app_id:/dev', 'update', 'normal'],
    ['dcos:mesos:agent:container:role', 'update', 'dangerous'],
    ['dcos:mesos:agent:container:role:*', 'update', 'dangerous'],
    ['dcos:mesos:agent:container:role:dev', 'update', 'normal'],
    // a value spelled as a path is rated as what it resolves to: the default role, root, any user
    ['dcos:mesos:agent:container:role:/*', 'update', 'dangerous'],
    ['dcos:mesos:agent:container:role:./*', 'update', 'dangerous'],
    ['dcos:mesos:agent:container:role:dev/../*', 'update', 'dangerous'],
    ['dcos:mesos:agent:container:role:/dev', 'update', 'normal'],
    ['dcos:mesos:agent:container:role:*x', 'update', 'normal'],
    // no row reads a '/' in a Linux user name (unknown: asks for --yes), but root as a path is root
    ['dcos:mesos:agent:nested_container_session:user:/root', 'create', 'unknown'],
    ['dcos:mesos:master:task:user:/root', 'create', 'dangerous'],
    ['dcos:mesos:master:task:user:./ROOT', 'create', 'dangerous'],
    ['dcos:mesos:master:task:user:/', 'create', 'dangerous'],
    ['dcos:mesos:master:task:user:/nobody', 'create', 'unknown'],
    ['dcos:mesos:agent:nested_container_session:app_id', 'create', 'dangerous'],
    ['dcos:mesos:agent:nested_container_session:role', 'create', 'dangerous'],
    ['dcos:mesos:agent:sandbox:app_id', 'read', 'sensitive'],
    ['dcos:mesos:agent:sandbox:app_id:/dev/app', 'read', 'normal'],
    ['dcos:service:metronome:metronome:jobs', 'create', 'dangerous'],
    ['dcos:service:metronome:metronome:jobs', 'read', 'sensitive'],
    ['dcos:service:metronome:metronome:jobs:nightly', 'create', 'normal'],
    // over-broad: secrets at the root
    ['dcos:secrets:default:/', 'read', 'dangerous'],
    ['dcos:secrets:default:/*', 'read', 'dangerous'],
    ['dcos:secrets:default:*', 'full', 'dangerous'],
    ['dcos:secrets:default://', 'update', 'dangerous'],
    ['dcos:secrets:default:', 'read', 'dangerous'],
    ['dcos:secrets:default', 'read', 'dangerous'],
    ['dcos:secrets:default:/a/..', 'read', 'dangerous'],
    ['dcos:secrets:default:/dev/*', 'read', 'sensitive'],
    ['dcos:secrets:list:default:/', 'read', 'sensitive'],
    ['dcos:secrets:list:default:/dev', 'read', 'normal'],
    // task:user: a trailing ':' or '*' is no scope either
    ['dcos:mesos:master:task:user:', 'create', 'dangerous'],
    ['dcos:mesos:master:task:user:*', 'create', 'dangerous'],
  ];
  it.each(cases)('%s %s → %s', (rid, action, risk) => {
    expect(riskOf(rid, action)).toBe(risk);
    expect(explain(rid, action).risk).toBe(risk);
    expect(isDangerous(rid, action)).toBe(risk === 'dangerous');
  });

  it('every row rated so in its notes is rated at least so by its risk column', () => {
    for (const e of defaultCatalog().entries) {
      const said = /\bDANGEROUS\b/.test(e.notes) ? 'dangerous' : /\bSENSITIVE\b/.test(e.notes) ? 'sensitive' : null;
      if (!said) continue;
      const rated = e.riskRules.map((r) => r.risk);
      expect(rated.includes('dangerous') || rated.includes(said), e.pattern).toBe(true);
    }
  });

  it('every row states its risk (a header risk column, one rule at least per row)', () => {
    expect(tsv.split('\n')[0]?.split('\t')).toEqual(['rid_pattern', 'actions', 'component', 'since_version', 'notes', 'risk']);
    for (const e of defaultCatalog().entries) expect(e.riskRules.length, e.pattern).toBeGreaterThan(0);
  });

  it('over-broad rids say why in their explanation', () => {
    expect(explain('dcos:mesos:agent:container:app_id', 'update').explanation).toMatch(/^No service or job given .*exec into every container/);
    expect(explain('dcos:service:marathon:marathon:services:/', 'full').explanation).toMatch(/^The root group .*covers every app/);
    expect(explain('dcos:secrets:default:/', 'read').explanation).toMatch(/^The root path .*every secret in the store/);
    expect(explain('dcos:mesos:master:task:user:ROOT', 'create').explanation).toMatch(/^Tasks as root, which is root on the agent host\. Run tasks/);
    // a scoped rid reads as before
    expect(explain('dcos:mesos:agent:container:app_id:/dev', 'update').explanation).toBe('Debug/exec/attach into containers of a service or job.');
  });

  it('a catalog of its own: rules by suffix, unscoped, action, and the default', () => {
    const cat = createCatalog(
      'h\th\th\th\th\th\n' +
        "dcos:x:user[:<linux-user-name>]\tcreate\tc\t1\tRun.\t':admin' sensitive: admins; unscoped dangerous: anyone\n" +
        'dcos:y:path[:<path>]\tread,update\tc\t1\tPaths.\tunscoped(update) dangerous: all; unscoped(read) sensitive\n' +
        'dcos:z\tfull\tc\t1\tNo risk column.\n',
    );
    expect(cat.riskOf('dcos:x:user:admin', 'create')).toBe('sensitive');
    expect(cat.riskOf('dcos:x:user:ADMIN', 'create')).toBe('sensitive');
    expect(cat.riskOf('dcos:x:user:bob', 'create')).toBe('normal');
    expect(cat.riskOf('dcos:x:user', 'create')).toBe('dangerous');
    expect(cat.explain('dcos:x:user', 'create').explanation).toBe('Anyone. Run.');
    expect(cat.riskOf('dcos:y:path:/', 'update')).toBe('dangerous');
    expect(cat.riskOf('dcos:y:path:/', 'read')).toBe('sensitive');
    expect(cat.explain('dcos:y:path:/', 'read').explanation).toBe('Paths.');
    expect(cat.riskOf('dcos:y:path:/a', 'update')).toBe('normal');
    expect(cat.riskOf('dcos:z', 'full')).toBe('normal');
  });

  it.each(['risky', 'unscoped', "':x' big", 'unscoped(read sensitive'])('a risk rule it cannot read is a bug: %j', (rule) => {
    expect(() => createCatalog(`h\th\th\th\th\th\ndcos:x\tfull\tc\t1\tX.\t${rule}\n`)).toThrow(/cannot read the risk rule/);
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
      const x = explain(e.pattern.replace(/<[^>]+>/g, 'x1').replace(/[[\]]/g, ''), nth(e.actions, 0, 'action'));
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
