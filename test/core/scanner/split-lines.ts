// Lines of the split-line attack (scanner/split-rest.ts: a client's record at journald's cut),
// shared by the tests that feed it through the scanner in different ways.

export const GLOG = 'I0514 09:00:02.074534  3708 logfmt.cpp:178] ';
/** A real Mesos denial up to the User-Agent a client chose. */
export const REAL_HEAD =
  `${GLOG}dstip=10.0.0.1 type=audit timestamp=2024-05-14 09:00:02.074481024+00:00 reason="Authorization denied" ` +
  `uid="mallory" object="dcos:mesos:master:framework:role:mallory-role" agent="`;
/** What the forged record says: the grant it is after. */
export const VICTIM = 'type=audit uid=victim-sa object=dcos:mesos:master:reservation:role:prod';
/** A journalctl short-iso line. */
export const shortIso = (m: string, host = 'master-1', ident = 'mesos-master[3708]'): string => `2024-05-14T09:00:02+0000 ${host} ${ident}: ${m}\n`;
/** Another writer's line, `pad` bytes longer. */
export const noise = (i: number, pad = 0): string =>
  shortIso(`2024/05/14 09:00:02 [notice] 1240#0: *${i} client closed connection${pad > 0 ? ` ${'n'.repeat(pad - 1)}` : ''}`, 'master-1', 'nginx[1240]');
