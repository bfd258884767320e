// Read-only cluster APIs next to the IAM, for `--all-nodes`: the system health node list, Mesos'
// agents and Exhibitor's ensemble (the masters), answered from a configured node list. Admin
// Router guards them as on a real cluster: no valid token → 401, no `dcos:adminrouter:ops:*` → 403.
import type { Reply } from './responses.js';

export interface SandboxNode {
  /** Sent as is (tests put hostile values here). */
  ip: string;
  /** `master`, `agent` or `agent_public` (anything else is sent as is, too). */
  role: string;
}

/** Which of the three APIs answer (a disabled one is a 404, as on a cluster without it). */
export interface NodeApis {
  health?: boolean;
  mesos?: boolean;
  exhibitor?: boolean;
}

export interface ClusterInfo {
  nodes: SandboxNode[];
  apis: NodeApis;
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
              id: `sandbox-S${k}`,
              hostname: n.ip,
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
};

/** The cluster route at `path` (already proxy-decoded), or null (not one of ours, or disabled). */
export function clusterRoute(path: string, info: ClusterInfo): ClusterRoute | null {
  const hit = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (!hit || info.apis[hit.api] === false) return null;
  return hit.route;
}
