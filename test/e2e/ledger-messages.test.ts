// What `history` and `undo` say about a ledger some or all of whose lines cannot be read, and about
// a session that is itself an undo (docs/ledger.md). The built CLI (needs `npm run build`); no cluster is contacted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Ledger, ledgerPath } from '../../src/iam/ledger.js';
import { cleanEnv, run, tempDir } from '../iam/helpers.js';

let t: ReturnType<typeof tempDir>;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = tempDir('a2g-msgs-');
  env = cleanEnv(t.dir);
});
afterEach(() => t.cleanup());

describe('history of a ledger whose every line is skipped', () => {
  it('does not call it empty, and exits 1', async () => {
    const path = ledgerPath(env);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, 'not json\n{"kind":"intent"}\n', { mode: 0o600 });
    const h = await run(['history'], env);
    expect(h.stderr).toMatch(/warning: .*\n.*warning: /s);
    expect(h.stderr).toContain(`no line of the ledger could be read (${path}): 2 skipped, see the warnings above\n`);
    expect(h.stderr).not.toContain('empty');
    expect(h.code).toBe(1);
    const missing = await run(['history'], cleanEnv(`${t.dir}/other`));
    expect(missing.stderr).toMatch(/^the ledger is empty/);
    expect(missing.code).toBe(0);
  });
});

describe('history --format json-doc of a ledger holding a damaged line', () => {
  it('lists the skipped line in warnings, next to the records json gives; stderr says it as before', async () => {
    const path = ledgerPath(env);
    const at = { time: '2024-05-02T10:00:00.000Z', cluster: 'https://c.example', session: 'S1', uid: 'svc', action: 'read', op: 'grant', outcome: 'granted', aclCreated: false } as const;
    new Ledger(path).write([{ ...at, rid: 'dcos:mesos:master:log' }]);
    appendFileSync(path, '{"kind":"outcome","id":"torn\n');
    new Ledger(path).write([{ ...at, rid: 'dcos:mesos:agent:log' }]);
    const skipped = `${path}:2: corrupt ledger line skipped (not JSON)`;
    const doc = await run(['history', '--format', 'json-doc'], env);
    expect(doc.code).toBe(0);
    const parsed = JSON.parse(doc.stdout) as { version: number; records: Array<{ rid: string }>; warnings: string[] };
    expect(parsed.version).toBe(1);
    expect(parsed.warnings).toEqual([skipped]);
    expect(parsed.records.map((r) => r.rid)).toEqual(['dcos:mesos:master:log', 'dcos:mesos:agent:log']);
    // The array scripts already read is unchanged, and each says the warning on stderr alike.
    const json = await run(['history', '--format', 'json'], env);
    expect(JSON.parse(json.stdout)).toEqual(parsed.records);
    expect(doc.stderr).toBe(`warning: ${skipped}\n`);
    expect(json.stderr).toBe(doc.stderr);
  });

  it('a ledger whose every line is skipped: no record, every warning, exit 1 as the table (json too: [] is not an empty ledger)', async () => {
    const path = ledgerPath(env);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, 'not json\n{"kind":"intent"}\n', { mode: 0o600 });
    const res = await run(['history', '--format', 'json-doc'], env);
    const doc = JSON.parse(res.stdout) as { records: unknown[]; warnings: string[] };
    expect(doc.records).toEqual([]);
    expect(doc.warnings).toHaveLength(2);
    expect(res.code).toBe(1);
    const json = await run(['history', '--format', 'json'], env);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.code).toBe(1);
    // A ledger that does not exist yet is empty: exit 0 in every format.
    const none = await run(['history', '--format', 'json'], cleanEnv(`${t.dir}/other`));
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(none.code).toBe(0);
  });
});

describe('undo --session of an undo', () => {
  it('says that undo does not revert an undo, not that the session granted nothing', async () => {
    const at = { time: '2024-05-02T10:00:00.000Z', cluster: 'https://c.example', uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read', aclCreated: false } as const;
    new Ledger(ledgerPath(env)).write([
      { ...at, session: 'S1', op: 'grant', outcome: 'granted' },
      { ...at, session: 'U1', op: 'revoke', undoOf: 'S1', outcome: 'revoked' },
    ]);
    const u = await run(['undo', '--dry-run', '--session', 'U1'], env);
    expect(u.stderr).toBe('audit2grant: session U1 is an undo (of session S1): undo does not revert an undo\n  hint: grant (or revoke) by hand what should be back: `audit2grant history` lists what it changed\n');
    expect(u.code).toBe(1);
  });
});

describe('a bare undo with nothing to undo on any cluster, and no cluster configured', () => {
  it('says so as its dry run does, not that there is no cluster to talk to', async () => {
    const dry = await run(['undo', '--dry-run'], env);
    const real = await run(['undo'], env);
    expect(real.stderr).toMatch(/^audit2grant: the ledger has no session with grants left to undo\n/);
    expect(real.stderr).not.toMatch(/no cluster to talk to|no way to authenticate/);
    expect([real.code, real.stderr]).toEqual([dry.code, dry.stderr]);
    expect(real.code).toBe(1);
  });
});
