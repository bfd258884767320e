// What the simulated Cassandra-like framework needs, in the order it needs it. Each stage is tried
// only once the previous one succeeded; a stage whose checks are all denied logs every denial it hit
// (Mesos checks every operation of an ACCEPT call, so one round can bring several denials).

/** Which component performs the check, and so which audit line form is written. */
export type Checker = 'mesos' | 'adminrouter' | 'marathon' | 'secrets';

export interface Check {
  checker: Checker;
  /** The rid the component asks the IAM about, and the action. */
  rid: string;
  action: string;
  /** For Marathon: the plugin action and path it logs instead of a rid. */
  marathon?: { action: string; path: string };
  /** For Admin Router: the request the service made. */
  request?: { method: string; uri: string };
}

export interface Stage {
  name: string;
  /** What the service is doing, for the demo's status line. */
  doing: string;
  checks: Check[];
}

export const FRAMEWORK = 'cassandra';
export const ROLE = 'cassandra-role';
export const TASK_USER = 'nobody';

export const CASSANDRA_STAGES: Stage[] = [
  {
    name: 'register',
    doing: `register framework ${FRAMEWORK} with role ${ROLE}`,
    checks: [{ checker: 'mesos', rid: `dcos:mesos:master:framework:role:${ROLE}`, action: 'create' }],
  },
  {
    name: 'deploy',
    doing: 'reserve resources, create volumes and launch node tasks as nobody',
    checks: [
      { checker: 'mesos', rid: `dcos:mesos:master:reservation:role:${ROLE}`, action: 'create' },
      { checker: 'mesos', rid: `dcos:mesos:master:volume:role:${ROLE}`, action: 'create' },
      { checker: 'mesos', rid: `dcos:mesos:master:task:user:${TASK_USER}`, action: 'create' },
    ],
  },
  {
    name: 'configure',
    doing: 'read its TLS keystore secret and its own app definition',
    checks: [
      { checker: 'secrets', rid: `dcos:secrets:default:/${FRAMEWORK}/keystore`, action: 'read' },
      {
        checker: 'marathon',
        rid: `dcos:service:marathon:marathon:services:/${FRAMEWORK}`,
        action: 'read',
        marathon: { action: 'ViewRunSpec', path: `/${FRAMEWORK}` },
      },
    ],
  },
  {
    name: 'serve',
    doing: 'publish its API through Admin Router',
    checks: [
      {
        checker: 'adminrouter',
        rid: `dcos:adminrouter:service:${FRAMEWORK}`,
        action: 'full',
        request: { method: 'GET', uri: `/service/${FRAMEWORK}/v1/plans/deploy` },
      },
    ],
  },
];

/** Every (rid, action) the service needs: exactly the least-privilege set the demo should end with. */
export const neededPairs = (stages: Stage[] = CASSANDRA_STAGES): Array<{ rid: string; action: string }> =>
  stages.flatMap((s) => s.checks.map((c) => ({ rid: c.rid, action: c.action })));
