// The loop's `u` goes by the ledger, as `audit2grant undo --session` does (review r-loop, finding 1):
// what the CLI took back since (a plain revoke; a revoke then a grant by another session; a revoke
// then a grant still in flight) is `already undone`, a grant whose outcome line cannot be read is
// refused, and only what is still this session's is sent. Real terminal (tmux), sandbox IAM over
// HTTP, the same state dir for the loop and the CLI (needs `npm run build`).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { Ledger, ledgerPath } from '../../src/iam/ledger.js';
import { holdNext, mesosDeny, loopFixture } from '../helpers/loop-iam.js';
import { BIN, exitCodeWritten, isolatedEnv, q, tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';
import { cleanEnv, run } from '../iam/helpers.js';

const server = tmuxServer('a2g-undo-ledger');
const UID = 'svc';
const ROLES = ['q1', 'q2', 'q3', 'q4', 'q5'].map((r) => `dcos:mesos:master:framework:role:${r}`);
const [Q1, Q2, Q3, Q4, Q5] = ROLES as [string, string, string, string, string];

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-undo-ledger', (i, d) => {
  iam = i;
  dir = d;
  iam.addUser(UID, 'svc-pw');
});

const held = () => iam.aces().filter((a) => a.uid === UID).map((a) => a.rid).sort();
const deny = mesosDeny(UID);
const changes = () => iam.requests.filter((r) => r.method !== 'GET' && !r.rawPath.endsWith('/auth/login')).map((r) => `${r.method} ${r.rawPath}`);


describe.skipIf(!HAVE_TMUX)("the loop's undo checks the ledger as `undo` does", () => {
  it('u sends nothing for what was taken back since, granted again later, in flight or unreadable, and says so', async () => {
    const s = server.session('u');
    const home = join(dir, 'home');
    const log = join(dir, 'deny.log');
    writeFileSync(log, ROLES.map(deny).join(''));
    const rc = join(dir, 'rc');
    const env = `${isolatedEnv(home)} DCOS_PASSWORD=${q(iam.superuser.password)}`;
    s.start(`mkdir -p ${q(home)} && cd ${q(home)} && ${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${UID} --no-follow --cluster-url ${q(iam.httpUrl)} --login-uid ${iam.superuser.uid}; echo $? > ${q(rc)}; sleep 60`, 200, 50);
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    s.keys('a');
    await s.until('selected', () => s.pane().includes('selected 5 safe'));
    s.keys('g');
    await s.until('the confirmation', () => s.pane().includes('grant 5 permission(s)'));
    s.keys('y');
    await s.until('the batch answered', () => s.pane().includes('batch 1:'));
    expect(held()).toEqual(ROLES);

    // The CLI, on the same ledger, meanwhile.
    const cliEnv = cleanEnv(dir, { HOME: home, XDG_STATE_HOME: join(home, 'xdg'), DCOS_DIR: join(home, 'dcos'), DCOS_PASSWORD: iam.superuser.password });
    const cli = (...args: string[]) => run([...args, '--cluster-url', iam.httpUrl, '--login-uid', iam.superuser.uid], cliEnv);
    expect((await cli('revoke', '--uid', UID, Q1, 'create')).code).toBe(0);
    expect((await cli('revoke', '--uid', UID, Q2, 'create')).code).toBe(0);
    expect((await cli('grant', '--uid', UID, Q2, 'create')).code).toBe(0);
    expect((await cli('revoke', '--uid', UID, Q3, 'create')).code).toBe(0);
    const gate = holdNext(iam, 'PUT', `${Q3}/users/${UID}`);
    const inFlight = cli('grant', '--uid', UID, Q3, 'create');
    await gate.hit;
    // The loop's own q5 grant: its outcome line rewritten with an outcome word no version knows.
    const path = ledgerPath({ HOME: home, XDG_STATE_HOME: join(home, 'xdg') });
    const lines = readFileSync(path, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"kind":"outcome"') && l.includes(`"rid":"${Q5}"`));
    lines[i] = (lines[i] as string).replace('"outcome":"granted"', '"outcome":"grantedish"');
    writeFileSync(path, lines.join('\n'));

    const before = changes().length;
    s.keys('u');
    await s.until('the undo question', () => s.pane().includes('undo batch 1'));
    s.keys('y');
    await s.until('the undo results', () => s.pane().includes('undo: already undone 3, revoked 1, refused 1 for svc'));
    const pane = s.pane();
    expect(pane).toMatch(/already undone svc +\S*q1 create {2}revoked by the revoke in session/);
    expect(pane).toMatch(/already undone svc +\S*q2 create {2}revoked by the revoke in session/);
    expect(pane).toMatch(/already undone svc +\S*q3 create {2}revoked by the revoke in session/);
    expect(pane).toMatch(/refused +svc +\S*q5 create {2}not revoked: its outcome \(line \d+\) cannot be read/);
    expect(pane).toContain('nothing sent for 4 pair(s)');
    // Only q4 was still this session's to take back: nothing else reached the IAM.
    expect(changes().slice(before)).toEqual([`DELETE /acs/api/v1/acls/${Q4}/users/${UID}/create`]);
    // What came back `already undone` is not offered again: only q5 is left (its fate unknown).
    s.keys('u');
    await s.until('the second undo question', () => s.pane().includes('undo batch 1: revoke 1 permission(s)'));
    s.keys('Escape');
    await s.until('cancelled', () => s.pane().includes('undo cancelled'));
    gate.release();
    expect((await inFlight).code).toBe(0);
    expect(held()).toEqual([Q2, Q3, Q5]);
    s.keys('q');
    await s.until('the exit', () => exitCodeWritten(rc), 20_000);
    const records = new Ledger(path).read().records;
    expect(records.filter((r) => r.undoOf !== undefined).map((r) => `${r.rid} ${r.outcome}`)).toEqual([`${Q4} revoked`]);
    s.kill();
  });
});
