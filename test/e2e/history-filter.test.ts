// `history --uid / --gid / --session`: the records of some accounts, groups or sessions, in every
// format; none left is said, not called an empty ledger. The built CLI (needs `npm run build`).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger, ledgerPath } from '../../src/iam/ledger.js';
import { cleanEnv, run, tempDir } from '../iam/helpers.js';

let t: ReturnType<typeof tempDir>;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = tempDir('a2g-histf-');
  env = cleanEnv(t.dir);
  const at = { time: '2024-05-02T10:00:00.000Z', cluster: 'https://c.example', action: 'read', op: 'grant', outcome: 'granted', aclCreated: false } as const;
  new Ledger(ledgerPath(env)).write([
    { ...at, session: 'S1', uid: 'svc-a', rid: 'dcos:mesos:master:log' },
    { ...at, session: 'S1', uid: 'svc-b', rid: 'dcos:mesos:agent:log' },
    { ...at, session: 'S2', uid: 'svc-a', rid: 'dcos:secrets:list' },
    { ...at, session: 'S3', uid: 'svc-a', gid: 'ops', rid: 'dcos:adminrouter:ops:mesos' },
  ]);
});
afterEach(() => t.cleanup());

const rids = async (args: string[]): Promise<string[]> => {
  const r = await run(['history', '--format', 'json', ...args], env);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as Array<{ rid: string }>).map((x) => x.rid);
};

describe('history filters', () => {
  it('--uid keeps that account (not a group change naming it), --gid the group, --session the session; together they narrow', async () => {
    expect(await rids([])).toHaveLength(4);
    expect(await rids(['--uid', 'svc-a'])).toEqual(['dcos:mesos:master:log', 'dcos:secrets:list']);
    expect(await rids(['--gid', 'ops'])).toEqual(['dcos:adminrouter:ops:mesos']);
    expect(await rids(['--uid', 'svc-b', '--gid', 'ops'])).toEqual(['dcos:mesos:agent:log', 'dcos:adminrouter:ops:mesos']);
    expect(await rids(['--session', 'S1'])).toEqual(['dcos:mesos:master:log', 'dcos:mesos:agent:log']);
    expect(await rids(['--uid', 'svc-a', '--session', 'S1'])).toEqual(['dcos:mesos:master:log']);
  });

  it('the table shows the kept rows only; none kept is said, exit 0, not "empty"', async () => {
    const table = await run(['history', '--uid', 'svc-b'], env);
    expect(table.stdout).toContain('dcos:mesos:agent:log');
    expect(table.stdout).not.toContain('dcos:secrets:list');
    const none = await run(['history', '--uid', 'svc-x'], env);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('no record of --uid svc-x in the ledger');
    expect(none.stderr).not.toContain('empty');
  });
});
