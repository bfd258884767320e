// Why a grant batch failed, where the operator looks (review r-firstday, finding 1): with a token
// the cluster no longer takes, every pair fails for the one reason; the loop says it once, whole,
// below the results, and the quit summary says it too. Real terminal (tmux), sandbox IAM over HTTP.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { loginToken } from '../iam/helpers.js';
import { mesosDeny, ROLES, loopFixture } from '../helpers/loop-iam.js';
import { BIN, exitCodeWritten, isolatedEnv, q, tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-batch-failed');
const UID = 'svc';
/** What a static token the cluster no longer takes is refused with, and what to do (the hint). */
const CAUSE = 'the cluster refused the auth token from DCOS_ACS_TOKEN (401: expired or invalid) (run `dcos auth login` again, pass a new --token, or log in with --login-uid and --private-key/--sa-secret/DCOS_PASSWORD)';

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-batch-failed', (i, d) => {
  iam = i;
  dir = d;
  iam.addUser(UID, 'svc-pw');
});

describe.skipIf(!HAVE_TMUX)('a grant batch that failed', () => {
  it('says the one cause once, whole, below the results and in the quit summary', async () => {
    const s = server.session('expired');
    const home = join(dir, 'home');
    const log = join(dir, 'deny.log');
    const rc = join(dir, 'rc');
    writeFileSync(log, ROLES.map(mesosDeny(UID)).join(''));
    const env = `${isolatedEnv(home)} DCOS_ACS_TOKEN=${q(await loginToken(iam))}`;
    s.start(`mkdir -p ${q(home)} && cd ${q(home)} && ${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${UID} --no-follow --cluster-url ${q(iam.httpUrl)}; echo $? > ${q(rc)}; sleep 60`, 100, 30);
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    iam.revokeTokens();
    s.keys('a');
    await s.until('selected', () => s.pane().includes('selected 3 safe'));
    s.keys('g');
    await s.until('the confirmation', () => s.pane().includes('grant 3 permission(s)'));
    s.keys('y');
    const pane = await s.until('the answers', () => s.pane().includes('nothing was granted') && s.pane());
    // Wrapped at the terminal's width: compared with the line breaks and indents as single spaces.
    const flat = (t: string): string => t.replace(/\s+/g, ' ');
    const panel = flat(pane.slice(pane.indexOf('batch 1: failed 3 for svc')));
    expect(panel).toContain(`why: ${CAUSE}`);
    expect(panel.split('the cluster refused').length - 1).toBe(1);
    // The cursor's row says it in the detail pane too, whole.
    expect(flat(pane)).toContain(`status: selected for the next grant; last attempt: failed (${CAUSE})`);
    s.keys('q');
    await s.until('the exit', () => exitCodeWritten(rc), 20_000);
    // The summary stays on the terminal: tmux wraps it, so spaces are left out of the comparison.
    const bare = (t: string): string => t.replace(/\s+/g, '');
    const after = bare(s.history());
    expect(after).toContain(bare(`granted nothing, for one reason: ${CAUSE}`));
    expect(after).toContain(bare(`failed svc ${ROLES[0]} create at`));
    expect(after).toContain(bare(`every grant sent failed (3 pair(s): 3 failed, 0 refused): ${CAUSE}`));
    expect(readFileSync(rc, 'utf8').trim()).toBe('1');
  });
});
