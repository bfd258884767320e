// The loop reads what the account holds to mark findings `already held`; when that read fails, the
// list says its held markers are unknown instead of showing every row as not held (review r-loop,
// finding 5). Real terminal (tmux), sandbox IAM over HTTP dropping every holdings read.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { mesosDeny, loopFixture } from '../helpers/loop-iam.js';
import { BIN, isolatedEnv, q, tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-held-unread');
const UID = 'svc';
const ROLES = ['r1', 'r2'].map((r) => `dcos:mesos:master:framework:role:${r}`);

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-held-unread', (i, d) => {
  iam = i;
  dir = d;
  iam.addUser(UID, 'svc-pw');
});

const deny = mesosDeny(UID);

describe.skipIf(!HAVE_TMUX)('holdings that cannot be read', () => {
  it('the list says the held markers are unknown', async () => {
    iam.faults.push({ kind: 'drop-after-apply', method: 'GET', path: `/users/${UID}/permissions`, times: Infinity });
    const s = server.session('unread');
    const home = join(dir, 'home');
    const log = join(dir, 'deny.log');
    writeFileSync(log, ROLES.map(deny).join(''));
    const env = `${isolatedEnv(home)} DCOS_PASSWORD=${q(iam.superuser.password)} AUDIT2GRANT_IAM_DEADLINE=2`;
    s.start(`mkdir -p ${q(home)} && cd ${q(home)} && ${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${UID} --no-follow --cluster-url ${q(iam.httpUrl)} --login-uid ${iam.superuser.uid}; sleep 60`, 200, 40);
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    const pane = await s.until('the banner', () => s.pane().includes('held unknown: could not read what svc holds') && s.pane());
    expect(pane).toContain('so no row shows "already held" (a grant reads it again first)');
    s.keys('q');
    s.kill();
  });
});
