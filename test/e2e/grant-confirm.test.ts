// The confirmation prompt on a real terminal (tmux): "y" grants, anything else refuses. The policy
// asks it for SENSITIVE, unknown-risk and (with --allow-dangerous) DANGEROUS pairs alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { loginToken, tempDir } from '../iam/helpers.js';
import { BIN, exitCodeWritten, q, tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-confirm');

let iam: SandboxIam;
let token: string;
let t: ReturnType<typeof tempDir>;
beforeAll(async () => {
  iam = await startSandboxIam();
  iam.addUser('svc', 'pw');
  token = await loginToken(iam);
  t = tempDir('a2g-confirm-');
});
afterAll(async () => {
  server.kill();
  await iam?.close();
  t?.cleanup();
});

async function answer(name: string, reply: string, pair: string[] = ['dcos:adminrouter:package', 'full'], extra: string[] = []): Promise<{ rc: string; out: string; screen: string }> {
  const out = join(t.dir, `${name}.out`);
  const rc = join(t.dir, `${name}.rc`);
  const cmd = [
    `env XDG_STATE_HOME=${q(join(t.dir, 'state'))} DCOS_DIR=${q(join(t.dir, 'dcos'))} HOME=${q(t.dir)}`,
    q(process.execPath), q(BIN), 'grant', '--uid', 'svc', ...pair.map(q), ...extra,
    '--cluster-url', q(iam.httpUrl), '--token', q(token), `> ${q(out)}; echo $? > ${q(rc)}; sleep 30`,
  ].join(' ');
  const s = server.session(name);
  s.start(cmd, 150, 20);
  await s.until('the prompt', () => s.pane().includes('[y/N]'), 10_000);
  s.keys(reply, 'Enter');
  await s.until('the exit code', () => exitCodeWritten(rc), 10_000);
  const screen = s.pane();
  s.kill();
  return { rc: readFileSync(rc, 'utf8').trim(), out: readFileSync(out, 'utf8'), screen };
}

describe.skipIf(!HAVE_TMUX)('confirmation on a terminal', () => {
  it('"n" refuses the batch, "y" grants it', async () => {
    const no = await answer('no', 'n');
    expect(no.screen).toContain('SENSITIVE: dcos:adminrouter:package full for svc');
    expect(no.rc).toBe('2'); // refused by the operator: nothing applied, nothing failed
    expect(no.out).toMatch(/^refused +svc dcos:adminrouter:package full/);
    expect(iam.isAllowed('svc', 'dcos:adminrouter:package', 'full')).toBe(false);
    const yes = await answer('yes', 'y');
    expect(yes.rc).toBe('0');
    expect(yes.out).toMatch(/^granted +svc dcos:adminrouter:package full/);
    expect(iam.isAllowed('svc', 'dcos:adminrouter:package', 'full')).toBe(true);
  });

  it('an unknown-risk pair is asked like a SENSITIVE one', async () => {
    const yes = await answer('unknown', 'y', ['dcos:made:up', 'read']);
    expect(yes.screen).toContain('UNKNOWN RISK: dcos:made:up read for svc');
    expect(yes.rc).toBe('0');
    expect(iam.isAllowed('svc', 'dcos:made:up', 'read')).toBe(true);
  });

  it('--allow-dangerous still asks; "n" refuses', async () => {
    const no = await answer('dangerous', 'n', ['dcos:superuser', 'full'], ['--allow-dangerous']);
    expect(no.screen).toContain('DANGEROUS: dcos:superuser full for svc');
    expect(no.rc).toBe('2');
    expect(no.out).toMatch(/^refused +svc dcos:superuser full {2}\(not confirmed: DANGEROUS .*\)$/m);
    expect(iam.isAllowed('svc', 'dcos:superuser', 'full')).toBe(false);
  });
});
