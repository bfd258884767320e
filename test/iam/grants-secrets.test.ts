// A result's detail leaves the IAM layer redacted and terminal-safe, whatever it came from (an error
// of the HTTP layer, a server's answer): every output then shows the same text (docs/iam-api.md,
// "Where and how"), and so does what the journal records.
import { describe, expect, it } from 'vitest';
import { grantPairs, revokePairs, type BatchJournal } from '../../src/iam/grants.js';
import { NetworkError } from '../../src/cluster/http.js';
import type { PairResult } from '../../src/core/types.js';
import { ACE, ACL, fake, P, pair, perms } from './fake-session.js';

const URL_WITH_SECRETS = 'https://user:pw@h/x?token=SECRET#frag';
const REDACTED = 'https://***@h/x?token=***#frag';

/** Every result and every journaled outcome, checked alike. */
function recorder() {
  const seen: PairResult[] = [];
  const journal: BatchJournal = { before: () => {}, after: (r) => seen.push(r) };
  return { seen, opts: { journal, onProgress: (r: PairResult) => seen.push(r) } };
}

function expectRedacted(results: readonly PairResult[]): void {
  expect(results.length).toBeGreaterThan(0);
  for (const r of results) {
    expect(r.detail).toContain(REDACTED);
    expect(r.detail).not.toMatch(/SECRET|user:pw|[\x00-\x1f\x7f]/);
  }
}

const granting = (ace: Parameters<typeof fake>[0][string]) => fake({ [`GET ${P}/users/svc/permissions`]: perms(), [`PUT ${ACL}`]: { status: 201 }, [`PUT ${ACE}`]: ace });

describe('a URL with secrets in a detail comes out of runBatch redacted', () => {
  it('from an error the HTTP layer throws (it stops the batch), its hint included', async () => {
    const { session } = granting(new NetworkError(`no complete answer from ${URL_WITH_SECRETS}`, `is ${URL_WITH_SECRETS} the cluster?`, 'EDEADLINE_A2G', true));
    const { seen, opts } = recorder();
    const res = await grantPairs(session, [pair, { ...pair, action: 'read' }], opts);
    expect(res[0]?.detail).toBe(`no complete answer from ${REDACTED} (is ${REDACTED} the cluster?); the IAM may have applied it: the ledger records it as unknown, and \`audit2grant undo\` takes it back`);
    expect(res[1]?.detail).toBe('not attempted: stopped after an earlier error');
    expectRedacted([...res.slice(0, 1), ...seen.filter((r) => r.action === 'create')]);
  });

  // Redacted, then escaped (core/text.ts safeRedacted): a line break or a tab does not end a secret.
  it.each([
    ['a token cut by a line break', URL_WITH_SECRETS.replace('SECRET', 'SEC\nRET')],
    ['a token cut by CRLF', URL_WITH_SECRETS.replace('SECRET', 'SEC\r\nRET')],
    ['a password cut by a tab', URL_WITH_SECRETS.replace('user:pw', 'user:p\tw')],
  ])('%s in the error is hidden whole', async (_n, url) => {
    const { session } = granting(new NetworkError(`lost ${url}`, undefined, 'ECONNRESET', false));
    const [r] = await grantPairs(session, [pair]);
    expect(r?.detail).toBe(`lost ${REDACTED}`);
  });

  it('from an error that is not the batch\'s to handle: rethrown, and journaled redacted', async () => {
    const { session } = granting(new TypeError(`bad answer from ${URL_WITH_SECRETS}`));
    const { seen, opts } = recorder();
    await expect(grantPairs(session, [pair], opts)).rejects.toThrow(TypeError);
    expect(seen.map((r) => r.detail)).toEqual([`bad answer from ${REDACTED}`]);
  });

  it.each([
    ['a grant answered with the IAM\'s JSON error', 'grant', { status: 400, json: { code: 'ERR_BAD', description: `rejected by ${URL_WITH_SECRETS}\x1b[2J` } }],
    ['a grant answered 409 by something else', 'grant', { status: 409, text: `<html>see ${URL_WITH_SECRETS}</html>` }],
    ['a revoke answered 403 with a JSON title', 'revoke', { status: 403, json: { title: `forbidden by ${URL_WITH_SECRETS}` } }],
  ] as const)('from a server answer: %s', async (_n, op, answer) => {
    const { session } = op === 'grant' ? granting(answer) : fake({ [`DELETE ${ACE}`]: answer });
    const { seen, opts } = recorder();
    const res = await (op === 'grant' ? grantPairs : revokePairs)(session, [pair], opts);
    expect(res.map((r) => r.outcome)).toEqual(['failed']);
    expectRedacted([...res, ...seen]);
    expect(seen).toHaveLength(2); // the journal's outcome and the progress report
  });
});
