import type { Decision, Malformed } from '../../../src/core/types.js';

/** A deny decision with sensible defaults; override what the case is about. */
export function deny(over: Partial<Decision> = {}): Decision {
  const rid = over.rid ?? 'dcos:adminrouter:ops:mesos';
  return {
    type: 'decision',
    result: 'deny',
    uid: 'svc',
    truncated: false,
    object: rid,
    action: over.ridAction ?? 'full',
    rid,
    ridAction: 'full',
    derived: null,
    reason: 'IAM PQ response',
    authorizer: 'adminrouter',
    component: 'adminrouter',
    time: Date.UTC(2024, 2, 1, 12, 0, 0),
    host: '10.0.0.1',
    conn: null,
    uri: null,
    authCause: null,
    raw: `raw ${rid}`,
    source: 'test.log',
    ...over,
  };
}

export const allow = (over: Partial<Decision> = {}): Decision => deny({ result: 'allow', ...over });

export const malformed = (raw = 'type=audit garbage'): Malformed => ({ type: 'malformed', why: 'no result', raw, source: 'test.log' });
