// The cluster's nodes counted for the unused verdict (its nodes-not-read warning): `audit2grant
// unused` and the loop's held-not-used list ask the same way.
import type { NodeCount } from '../core/usage/index.js';
import { errorLine } from '../errors.js';
import type { IamClient } from './client.js';

/** The cluster's masters and agents, counted, or why they could not be listed (never thrown: a verdict without it says so). */
export async function nodeCount(client: Pick<IamClient, 'nodes'>): Promise<NodeCount> {
  try {
    const { nodes } = await client.nodes();
    return { masters: nodes.filter((n) => n.role === 'master').length, agents: nodes.filter((n) => n.role !== 'master').length };
  } catch (e) {
    return { error: errorLine(e) };
  }
}
