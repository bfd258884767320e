import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import type { ScanResult } from '../../../src/core/types.js';
import { deny } from '../findings/helpers.js';

const T = (m: number) => Date.UTC(2024, 2, 1, 12, m, 0);

/** A small but varied scan result built through the real aggregator. */
export function sampleResult(): ScanResult {
  const r = createFindingsAggregator({ uids: [], since: null, until: null });
  const add = (over: Parameters<typeof deny>[0]) => r.add(deny(over));
  add({ uid: 'svc-app', rid: 'dcos:mesos:master:framework:role:slave_public/kafka', ridAction: 'create', component: 'mesos-master', time: T(1) });
  add({ uid: 'svc-app', rid: 'dcos:mesos:master:task:user:root', ridAction: 'create', component: 'mesos-master', time: T(2), host: '10.0.0.2' });
  add({ uid: 'svc-app', rid: 'dcos:mesos:master:task:user:root', ridAction: 'create', component: 'mesos-master', time: T(3), host: '10.0.0.3' });
  add({ uid: 'svc-app', rid: 'dcos:adminrouter:package', ridAction: 'full', time: null });
  add({ uid: 'svc-app', rid: 'dcos:cluster:linker:*', ridAction: 'read', component: 'cluster-linker' });
  add({
    uid: 'svc-app', rid: 'dcos:service:marathon:marathon:services:/dev/app', ridAction: 'create', object: '/dev/app', action: 'CreateRunSpec',
    component: 'marathon', derived: { rawAction: 'CreateRunSpec', path: '/dev/app' },
  });
  add({ uid: 'svc-app', rid: '', object: '/slave(1)/state', ridAction: '', action: 'GET', component: 'mesos-agent' });
  add({ uid: 'other', rid: 'dcos:adminrouter:ops:mesos', ridAction: 'full' });
  add({ uid: null, reason: 'not authenticated', authCause: 'expired token', rid: 'dcos:adminrouter:ops:mesos' });
  r.add({ type: 'malformed', why: 'x', raw: 'type=audit ???', source: 'a.log' });
  return r.result({ bytes: 2048, lines: 40, sources: 2, elapsedMs: 12.4, errors: [{ source: 'b.log', message: 'cannot read b.log: permission denied' }] });
}
