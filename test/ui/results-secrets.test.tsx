// The loop's results panel shows a grant's detail as the IAM layer finished it: a URL's user-info and
// token hidden, whether the URL came in an HTTP error or in the server's answer (docs/iam-api.md,
// "Where and how"). The real grant logic runs over a scripted IAM session, through the real port.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { grantPortFromClient } from '../../src/ui/adapters/grant-port.js';
import { grantPairs } from '../../src/iam/grants.js';
import type { IamClient } from '../../src/iam/client.js';
import type { GrantPair } from '../../src/core/types.js';
import { NetworkError } from '../../src/cluster/http.js';
import { acePath, aclPath } from '../../src/core/plan/requests.js';
import { fake, perms, type Answer } from '../iam/fake-session.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeScan, mount } from './harness.js';

const URL_WITH_SECRETS = 'https://user:pw@h/x?token=SECRET#frag';
const REDACTED = 'https://***@h/x?token=***#frag';
const ROLE = finding('dcos:mesos:master:framework:role:r', 'create');

/** An IamClient whose grants run grants.ts over a session that answers the entry's PUT with `ace`. */
function clientAnswering(ace: Answer): IamClient {
  const pair = { uid: UID, rid: ROLE.rid, action: ROLE.action };
  const { session } = fake({ [`GET /acs/api/v1/users/${UID}/permissions`]: perms(), [`PUT ${aclPath(pair.rid)}`]: { status: 201 }, [`PUT ${acePath(pair)}`]: ace });
  return {
    clusterUrl: 'https://c.test',
    sessionId: 's-1',
    actingUid: 'bootstrapuser',
    heldPairs: async () => null,
    grant: async (pairs: readonly GrantPair[]) => ({ results: await grantPairs(session, pairs), rails: {} as never, applied: true }),
  } as unknown as IamClient;
}

let unmount: (() => void) | null = null;
afterEach(() => unmount?.());

describe('the results panel never shows a URL\'s secrets', () => {
  it.each([
    ['an error of the HTTP layer', new NetworkError(`cannot reach ${URL_WITH_SECRETS} (ECONNRESET)`, undefined, 'ECONNRESET', false)],
    ['the server\'s answer', { status: 400, json: { code: 'ERR_BAD', description: `rejected by ${URL_WITH_SECRETS}` } }],
  ] as const)('a grant failed with it in %s', async (_n, ace) => {
    const scan = fakeScan();
    const m = mount(
      <App uid={UID} startScan={scan.start} grants={grantPortFromClient(clientAnswering(ace), false)} exporter={null} sessionId="s-1" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => {}} flushMs={5} />,
      { cols: 200, rows: 40 },
    );
    unmount = m.unmount;
    scan.set([ROLE]);
    await m.see('framework:role:r');
    await m.press(' ', 'g');
    await m.see(/grant 1 permission/);
    await m.press('y');
    await m.see(REDACTED);
    // Its one pair's reason is the batch's: said once, under the row.
    expect(m.frame()).toMatch(/failed\s+cassandra-sa\s+dcos:mesos:master:framework:role:r create\s*\n\s*why: \S/);
    for (const f of m.stdout.frames) expect(f).not.toMatch(/SECRET|user:pw/);
  });
});
