// Read-only cluster APIs next to the IAM, for `--all-nodes` and the dcos:// sources: the system
// health node list, Mesos' agents, Exhibitor's ensemble and Mesos-DNS (the masters, the leader),
// answered from a configured node list. Admin Router guards them as on a real cluster: no valid
// token → 401, no `dcos:adminrouter:ops:*` → 403.
import type { Reply } from './responses.js';

export interface SandboxNode {
  /** Sent as is (tests put hostile values here). */
  ip: string;
  /** `master`, `agent` or `agent_public` (anything else is sent as is, too). */
  role: string;
  /** An agent's Mesos id (default `sandbox-S<k>`). */
  id?: string;
}

/** Which of the three APIs answer (a disabled one is a 404, as on a cluster without it). */
export interface NodeApis {
  health?: boolean;
  mesos?: boolean;
  exhibitor?: boolean;
  mesosDns?: boolean;
}

export interface ClusterInfo {
  nodes: SandboxNode[];
  apis: NodeApis;
  /** The leading master's address (default: the first master). */
  leader?: string | null;
}

interface ClusterRoute {
  /** The Admin Router permission the route needs (full). */
  rid: string;
  answer: (info: ClusterInfo) => Reply;
}

const ROUTES: Record<string, { api: keyof NodeApis; route: ClusterRoute }> = {
  '/system/health/v1/nodes': {
    api: 'health',
    route: {
      rid: 'dcos:adminrouter:ops:system-health',
      answer: (i) => ({ status: 200, body: { nodes: i.nodes.map((n) => ({ host_ip: n.ip, health: 0, role: n.role })) } }),
    },
  },
  '/mesos/master/slaves': {
    api: 'mesos',
    route: {
      rid: 'dcos:adminrouter:ops:mesos',
      answer: (i) => ({
        status: 200,
        body: {
          slaves: i.nodes
            .filter((n) => n.role !== 'master')
            .map((n, k) => ({
              id: n.id ?? `sandbox-S${k}`,
              hostname: n.ip,
              pid: `slave(1)@${n.ip}:5051`,
              active: true,
              attributes: n.role === 'agent_public' ? { public_ip: 'true' } : {},
            })),
        },
      }),
    },
  },
  '/exhibitor/exhibitor/v1/cluster/status': {
    api: 'exhibitor',
    route: {
      rid: 'dcos:adminrouter:ops:exhibitor',
      answer: (i) => ({
        status: 200,
        body: i.nodes.filter((n) => n.role === 'master').map((n, k) => ({ code: 3, description: 'serving', hostname: n.ip, isLeader: k === 0 })),
      }),
    },
  },
  '/mesos_dns/v1/hosts/master.mesos': {
    api: 'mesosDns',
    route: {
      rid: 'dcos:adminrouter:ops:mesos-dns',
      answer: (i) => ({ status: 200, body: i.nodes.filter((n) => n.role === 'master').map((n) => ({ host: 'master.mesos.', ip: n.ip })) }),
    },
  },
  '/mesos_dns/v1/hosts/leader.mesos': {
    api: 'mesosDns',
    route: {
      rid: 'dcos:adminrouter:ops:mesos-dns',
      answer: (i) => {
        const ip = i.leader ?? i.nodes.find((n) => n.role === 'master')?.ip;
        return { status: 200, body: ip ? [{ host: 'leader.mesos.', ip }] : [] };
      },
    },
  },
};

/** The cluster route at `path` (already proxy-decoded), or null (not one of ours, or disabled). */
export function clusterRoute(path: string, info: ClusterInfo): ClusterRoute | null {
  const hit = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (!hit || info.apis[hit.api] === false) return null;
  return hit.route;
}
