// A master read at its own address over HTTPS (a plain-HTTP loopback cluster URL: targets.ts) whose
// certificate is not trusted was reached: its error says what would let it be read (the CA, or a
// certificate without its address), not "run where the masters are reachable", which the operator
// on a master already does (review r-session2).
import { describe, expect, it } from 'vitest';
import { requestFailure } from '../../../src/sources/dcos/fetch.js';
import { MasterFallback } from '../../../src/sources/dcos/fallback.js';
import { RequestFailure } from '../../../src/sources/dcos/request.js';
import type { NodeTarget } from '../../../src/sources/dcos/targets.js';

const master = (ip: string): NodeTarget => ({ key: ip, label: `dcos://${ip}`, kind: 'master', direct: true, ip, agentId: null, base: `https://${ip}/system/v1/logs/v1` });
const [leader, other] = [master('10.0.0.1'), master('10.0.0.2')];

function errorOf(code: string): string {
  const failure = requestFailure(other, new RequestFailure('TLS: 10.0.0.2: its certificate is not trusted', 'tls', code), {});
  const fallback = new MasterFallback([leader, other], '10.0.0.1', false, true);
  fallback.settle(leader, null);
  const plan = fallback.settle(other, failure);
  expect(plan?.errors).toHaveLength(1);
  return plan!.errors[0]!.message;
}

describe('a master whose certificate is not trusted at its own address', () => {
  it('an unknown CA: pass the cluster CA, or read it over SSH', () => {
    const m = errorOf('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(m).toMatch(/^dcos:\/\/10\.0\.0\.2: master not read: TLS: 10\.0\.0\.2: its certificate is not trusted at its own address: pass the cluster CA with --ca-cert FILE/);
    expect(m).toMatch(/\(or read it over SSH: ssh:\/\/10\.0\.0\.2\)$/);
    expect(m).not.toMatch(/where the masters' addresses are reachable/);
  });

  it('a certificate for names, not this address: says so', () => {
    expect(errorOf('ERR_TLS_CERT_ALTNAME_INVALID')).toMatch(/at its own address: its certificate does not name this address: pass --insecure at your own risk \(or read it over SSH: ssh:\/\/10\.0\.0\.2\)$/);
  });

  it('a master that cannot be reached at all keeps the advice on where to run', () => {
    const failure = requestFailure(other, new RequestFailure('cannot reach 10.0.0.2:443 (ECONNREFUSED)', 'unreachable', 'ECONNREFUSED'), {});
    const fallback = new MasterFallback([leader, other], '10.0.0.1', false, true);
    fallback.settle(leader, null);
    expect(fallback.settle(other, failure)?.errors[0]?.message).toMatch(/run audit2grant where the masters' addresses are reachable/);
  });
});
