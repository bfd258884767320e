// The demo's closing line says what is true of the service (review r-firstday, finding 3): after it
// reached its last stage, an undo (`u`) that takes a right back leaves it lacking that right, and the
// line says so instead of "with exactly the rights above". The demo world over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnding, startDemo, type DemoWorld } from '../../../src/sandbox/demo/demo.js';
import { neededPairs } from '../../../src/sandbox/service/index.js';
import { aclPath, grantPath } from '../../../src/core/plan/requests.js';
import { loginToken } from '../../iam/helpers.js';
import { waitFor } from '../../helpers/wait.js';

let world: DemoWorld;
let token: string;
beforeAll(async () => {
  world = await startDemo({ retryMs: 20 });
  token = await loginToken(world.sandbox);
});
afterAll(async () => {
  await world?.close();
});

/** The IAM call a grant (PUT) or an undo (DELETE) of the demo's account sends. */
async function iam(method: 'PUT' | 'DELETE', path: string): Promise<void> {
  const res = await fetch(`${world.sandbox.httpUrl}${path}`, { method, headers: { authorization: `token=${token}`, 'content-type': 'application/json' }, body: method === 'PUT' && !path.includes('/users/') ? '{"description":"test"}' : undefined });
  expect([201, 204]).toContain(res.status);
}

describe('the demo\'s closing line', () => {
  it('says exactly the rights above only while the service holds every right it needs', async () => {
    for (const p of neededPairs()) {
      await iam('PUT', aclPath(p.rid));
      await iam('PUT', grantPath(p.rid, world.uid, p.action));
    }
    await waitFor(() => world.status().done, { what: 'the last stage', timeoutMs: 10_000 });
    expect(world.lacking()).toEqual([]);
    expect(demoEnding(world.status(), true, world.lacking())).toContain('reached its last stage with exactly the rights above');

    // `u` takes the last batch back: the service passed its last stage, but lacks that right now.
    const last = neededPairs().at(-1)!;
    await iam('DELETE', grantPath(last.rid, world.uid, last.action));
    const ending = demoEnding(world.status(), true, world.lacking());
    expect(ending).not.toContain('exactly the rights above');
    expect(ending).toContain(`reached its last stage, but no longer holds 1 right(s) it needs (taken back since): ${last.rid} ${last.action}`);
  });
});
