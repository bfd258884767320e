// The sandbox's simulated nodes and their journals, served through the logging API: several masters,
// each at its own loopback address (127.0.0.1 is the leader and the cluster URL's host), and agents
// reachable only through the agent route. Tests and the demo write lines into any node's journal.
import type { ServerResponse } from 'node:http';
import { entryOfLine } from './entries.js';
import type { LogsNodes } from './handler.js';
import { SandboxJournal, type NewEntry } from './journal.js';

export interface SandboxAgent {
  id: string;
  ip: string;
  public?: boolean;
}

export interface SandboxLogsOptions {
  /** Masters' loopback addresses; the first is the leader unless `leader` says otherwise. Default 127.0.0.1-3. */
  masters?: string[];
  leader?: string;
  /** Masters (among `masters`) not served at their own address: unreachable there, still read through the leader route when leading. */
  offline?: string[];
  /** Default: two private agents and a public one (addresses never connected to: agents are read through the agent route). */
  agents?: SandboxAgent[];
  /** How often an event stream sends what is new (default 1000 ms, as dcos-log). */
  streamIntervalMs?: number;
  /** Idle time before a `: ping` (default 15 s). */
  pingMs?: number;
  /** Entries kept per journal (default 200 000; older ones rotate away). */
  maxEntries?: number;
}

export interface SandboxLogs {
  masters: string[];
  leader: string;
  offline: string[];
  agents: SandboxAgent[];
  /** The journal of a master (by address) or an agent (by id or address). */
  journal(node: string): SandboxJournal;
  /** Append entries, or `journalctl -o short-iso` lines (the simulated service's), to a node's journal. */
  append(node: string, entry: NewEntry): void;
  writeLines(node: string, lines: string[]): void;
  /** Event streams opened so far: which node's journal, resumed from which `Last-Event-ID`. */
  streamOpens: Array<{ host: string; lastEventId: string | null }>;
  /** Cut every open event stream (a dropped connection, for resume tests); returns how many. */
  dropStreams(): number;
  readonly openStreams: number;
  /** For the HTTP handler. */
  nodes: LogsNodes;
}

export const DEFAULT_AGENTS: SandboxAgent[] = [
  { id: 'b2e51f6c-4a1d-4d0e-9c47-2f5e8a1d3c90-S0', ip: '10.0.1.11' },
  { id: 'b2e51f6c-4a1d-4d0e-9c47-2f5e8a1d3c90-S1', ip: '10.0.1.12' },
  { id: 'b2e51f6c-4a1d-4d0e-9c47-2f5e8a1d3c90-S2', ip: '10.0.5.21', public: true },
];

export function createSandboxLogs(o: SandboxLogsOptions = {}): SandboxLogs {
  const [first = '127.0.0.1', ...rest] = o.masters?.length ? o.masters : ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
  const masters = [first, ...rest];
  const leader = o.leader ?? first;
  const agents = (o.agents ?? DEFAULT_AGENTS).map((a) => ({ ...a }));
  const journals = new Map<string, SandboxJournal>();
  masters.forEach((ip, i) => journals.set(ip, new SandboxJournal(`dcos-master-${i + 1}`, o.maxEntries)));
  agents.forEach((a, i) => journals.set(a.id, new SandboxJournal(`dcos-agent-${i + 1}`, o.maxEntries)));
  const agentOf = (node: string) => agents.find((a) => a.id === node || a.ip === node);
  const journal = (node: string): SandboxJournal => {
    const j = journals.get(node) ?? journals.get(agentOf(node)?.id ?? '');
    if (!j) throw new Error(`the sandbox has no node ${node}`);
    return j;
  };
  const roleOf = (node: string): 'master' | 'agent' => (masters.includes(node) ? 'master' : 'agent');
  const streams = new Set<ServerResponse>();
  const streamOpens: LogsNodes['streamOpens'] = [];
  const writeLines = (node: string, lines: string[]): void => {
    const j = journal(node);
    for (const l of lines) {
      const e = entryOfLine(l, roleOf(node));
      if (e) j.append(e);
    }
  };
  const nodes: LogsNodes = {
    master: (addr) => (masters.includes(addr) ? (journals.get(addr) ?? null) : null),
    leader: () => journal(leader),
    agent: (id) => (agents.some((a) => a.id === id) ? journal(id) : null),
    streamIntervalMs: o.streamIntervalMs ?? 1000,
    pingMs: o.pingMs ?? 15_000,
    streams,
    streamOpens,
    writeMaster: (j, lines) => {
      for (const l of lines) {
        const e = entryOfLine(l, 'master');
        if (e) j.append(e);
      }
    },
  };
  return {
    masters,
    leader,
    offline: [...(o.offline ?? [])],
    agents,
    journal,
    append: (node, entry) => void journal(node).append(entry),
    writeLines,
    streamOpens,
    dropStreams: () => {
      const n = streams.size;
      for (const s of [...streams]) s.destroy();
      return n;
    },
    get openStreams() {
      return streams.size;
    },
    nodes,
  };
}
