// An IamSession that answers scripted IAM replies (or throws scripted errors) per `METHOD route`,
// for the grant/revoke logic without a server; the sandbox tests cover the wire.
import type { IamSession } from '../../src/cluster/auth.js';
import type { HttpResponse } from '../../src/cluster/http.js';

export type Answer = { status: number; json?: unknown; text?: string; uncertain?: boolean; rateLimited?: string } | Error;

/** Unscripted requests are answered 500; a list is answered in order. */
export function fake(script: Record<string, Answer | Answer[]>) {
  const calls: string[] = [];
  const session = {
    http: { baseUrl: new URL('https://cluster.example/') },
    async call(method: string, route: string): Promise<HttpResponse> {
      const key = `${method} ${route}`;
      calls.push(key);
      const entry = script[key] ?? { status: 500 };
      const a = Array.isArray(entry) ? (entry.shift() as Answer) : entry;
      if (a instanceof Error) throw a;
      // A JSON answer says so, as the IAM's do (holdings.ts reads only those).
      const headers = a.json !== undefined ? { 'content-type': 'application/json' } : {};
      return { status: a.status, headers, text: a.text ?? JSON.stringify(a.json ?? null), json: a.json ?? null, uncertain: a.uncertain, rateLimited: a.rateLimited };
    },
  } as unknown as IamSession;
  return { session, calls };
}

export const P = '/acs/api/v1';
export const pair = { uid: 'svc', rid: 'dcos:service:marathon:marathon:services:/dev', action: 'create' };
export const ACL = `${P}/acls/dcos:service:marathon:marathon:services:%252Fdev`;
export const ACE = `${ACL}/users/svc/create`;
export const perms = (direct: unknown[] = [], groups: unknown[] = []) => ({ status: 200, json: { direct, groups } });
