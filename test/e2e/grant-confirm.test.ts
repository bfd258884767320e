// The SENSITIVE confirmation prompt on a real terminal (tmux): "y" grants, anything else refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { loginToken, tempDir } from '../iam/helpers.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
const socket = `a2g-confirm-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

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
  try {
    tmux('kill-server');
  } catch {
    /* already gone */
  }
  await iam?.close();
  t?.cleanup();
});

async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function answer(name: string, reply: string): Promise<{ rc: string; out: string; screen: string }> {
  const out = join(t.dir, `${name}.out`);
  const rc = join(t.dir, `${name}.rc`);
  const cmd = [
    `env XDG_STATE_HOME=${q(join(t.dir, 'state'))} DCOS_DIR=${q(join(t.dir, 'dcos'))} HOME=${q(t.dir)}`,
    q(process.execPath), q(bin), 'grant', '--uid', 'svc', 'dcos:adminrouter:package', 'full',
    '--cluster-url', q(iam.httpUrl), '--token', q(token), `> ${q(out)}; echo $? > ${q(rc)}; sleep 30`,
  ].join(' ');
  tmux('new-session', '-d', '-s', name, '-x', '150', '-y', '20', cmd);
  await until('the prompt', () => tmux('capture-pane', '-p', '-t', name).includes('[y/N]'));
  tmux('send-keys', '-t', name, reply, 'Enter');
  await until('the exit code', () => existsSync(rc) && readFileSync(rc, 'utf8').endsWith('\n'));
  const screen = tmux('capture-pane', '-p', '-t', name);
  tmux('kill-session', '-t', name);
  return { rc: readFileSync(rc, 'utf8').trim(), out: readFileSync(out, 'utf8'), screen };
}

describe('confirmation on a terminal', () => {
  it('"n" refuses the batch, "y" grants it', async () => {
    const no = await answer('no', 'n');
    expect(no.screen).toContain('SENSITIVE: dcos:adminrouter:package full for svc');
    expect(no.rc).toBe('1');
    expect(no.out).toMatch(/^refused +svc dcos:adminrouter:package full/);
    expect(iam.isAllowed('svc', 'dcos:adminrouter:package', 'full')).toBe(false);
    const yes = await answer('yes', 'y');
    expect(yes.rc).toBe('0');
    expect(yes.out).toMatch(/^granted +svc dcos:adminrouter:package full/);
    expect(iam.isAllowed('svc', 'dcos:adminrouter:package', 'full')).toBe(true);
  });
});
