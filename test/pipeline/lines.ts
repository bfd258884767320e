// Realistic audit lines (short-iso envelope) for pipeline and e2e tests.
export const ar = (o: { t?: string; conn?: number; rid?: string; path?: string; result?: 'allow' | 'deny'; uid?: string | null; host?: string }) => {
  const t = o.t ?? '2019-03-01T12:00:01Z';
  const path = o.path ?? '/mesos/master/state';
  const ngx = t.replace(/-/g, '/').replace('T', ' ').replace('Z', '');
  const reason = o.uid === null ? '"not authenticated"' : '"IAM PQ response"';
  const uidPart = o.uid === null ? ',' : ` uid=${o.uid ?? 'svc1'},`;
  return `${t.replace('Z', '+0000')} ${o.host ?? 'm1'} nginx[1240]: ${ngx} [notice] 1240#0: *${o.conn ?? 7} [lua] ee.lua:57: auditlog(): type=audit timestamp=${t} authorizer=adminrouter object=${o.rid ?? 'dcos:adminrouter:ops:mesos'} action=full result=${o.result ?? 'deny'} reason=${reason} srcip=10.0.0.5 srcport=40001 request_uri=${path}${uidPart} client: 10.0.0.5, server: master.mesos, request: "GET ${path} HTTP/1.1", host: "10.0.0.1"`;
};

export const noAuthNotice = (conn: number, t = '2019-03-01T12:00:00Z') =>
  `${t.replace('Z', '+0000')} m1 nginx[1240]: ${t.replace(/-/g, '/').replace('T', ' ').replace('Z', '')} [notice] 1240#0: *${conn} [lua] auth.lua:180: auth_is_valid(): No auth token in request., client: 10.0.0.5, server: master.mesos, request: "GET /mesos/master/state HTTP/1.1", host: "10.0.0.1"`;

export const mesos = (uid: string, role = 'cassandra-role', t = '2019-03-01T12:00:02+0000') =>
  `${t} m2 mesos-master[3708]: I0301 12:00:02.752534  3708 logfmt.cpp:178] dstip=10.0.1.11 type=audit timestamp=2019-03-01 12:00:02.752481024+00:00 reason="Error in authorization request" uid="${uid}" object="dcos:mesos:master:framework:role:${role}" agent="go" authorizer="mesos-master" action="create" result=deny srcip=10.0.1.13 dstport=5050 srcport=40000`;

export const marathon = (uid: string, path = '/dev/app', t = '2019-03-01T12:00:03+0000') =>
  `${t} m1 marathon.sh[1500]: [2019-03-01 12:00:03,199] INFO  timestamp=2019-03-01T12:00:03.199Z type=audit uid=${uid} srcip=10.0.4.7 srcport=50123 dstip=10.0.1.11 dstport=8443 authorizer=marathon action=CreateRunSpec path=${path} result=deny (dcos.marathon.auditlog:marathon-akka.actor.default-dispatcher-3)`;

export const plain = (i: number) => `2019-03-01T12:00:00+0000 m1 systemd[1]: Started dcos-checks-poststart.service number ${i}.`;
