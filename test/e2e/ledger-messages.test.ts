// What `history` and `undo` say about a ledger no line of which can be read, and about a session that
// is itself an undo (docs/ledger.md). The built CLI (needs `npm run build`); no cluster is contacted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
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
