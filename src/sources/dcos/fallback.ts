// Masters are read at their own address; from outside the cluster's network those addresses are
// often unreachable. Once every master has answered or failed to: if the leader (or, when the
// leader is unknown and every listed master was asked for, every master) could not be reached,
// read the leader through Admin Router's leader route instead, and say which masters were not
// read. Deciding only then keeps a journal from being read twice (the leader directly and through
// its route). Some masters named by address, the leader unknown: the route may read another node.
import type { SourceError } from '../../core/types.js';
import type { NodeFailure } from './fetch.js';
import type { NodeTarget } from './targets.js';

export interface FallbackPlan {
  /** Start the leader route (false: not needed, or already among the targets). */
  leaderRoute: boolean;
  errors: SourceError[];
  /** For the leader route's progress line. */
  note: string | null;
}

export class MasterFallback {
  private settled = new Set<string>();
  private unreachable: Array<{ t: NodeTarget; f: NodeFailure }> = [];
  private decided = false;

  constructor(
    private readonly masters: readonly NodeTarget[],
    private readonly leaderIp: string | null,
    private readonly haveLeaderRoute: boolean,
    /** The masters read are every master listed: one of them leads. */
    private readonly everyMaster: boolean,
  ) {}

  /** Record a direct master's first answer (once per master); returns the plan when the last one settles. */
  settle(t: NodeTarget, failure: NodeFailure | null): FallbackPlan | null {
    if (this.settled.has(t.key)) return null;
    this.settled.add(t.key);
    if (failure) this.unreachable.push({ t, f: failure });
    if (this.decided || this.settled.size < this.masters.length) return null;
    this.decided = true;
    return this.plan();
  }

  private plan(): FallbackPlan {
    const down = this.unreachable;
    const leaderDown = this.leaderIp ? down.some((u) => u.t.ip === this.leaderIp) : this.everyMaster && down.length > 0 && down.length === this.masters.length;
    const leaderRoute = leaderDown && !this.haveLeaderRoute;
    const errors: SourceError[] = [];
    for (const { t, f } of down) {
      const isLeader = this.leaderIp !== null && t.ip === this.leaderIp;
      if (isLeader && leaderDown) continue; // the leader route reads it
      const unknownLeader = this.leaderIp === null;
      if (f.tlsHint) {
        errors.push({ source: t.label, message: `${t.label}: master not read: ${f.detail ?? f.message} at its own address: ${f.tlsHint} (or read it over SSH: ${sshSpec(t)})` });
        continue;
      }
      errors.push({
        source: t.label,
        message:
          `${t.label}: master not read: ${f.detail ?? f.message} at its own address; ` +
          (!unknownLeader
            ? 'no route through Admin Router reaches a non-leading master: '
            : leaderDown
              ? 'the leader route reads only the leading master (which one that is, Mesos-DNS did not say); '
              : 'the leader route reads only the leading master, and whether this one leads Mesos-DNS did not say; ') +
          `run audit2grant where the masters' addresses are reachable (on a master, or through a VPN), or read it over SSH (${sshSpec(t)})`,
      });
    }
    const names = down.map((u) => u.t.ip).join(', ');
    const note = leaderRoute
      ? `masters unreachable at their own address: ${names}; reading the leader${this.leaderIp ? ` (${this.leaderIp})` : ''} through the leader route (dcos://leader)` +
        (errors.length ? `; not read: ${errors.map((e) => e.source.replace('dcos://', '')).join(', ')}` : '')
      : null;
    return { leaderRoute, errors, note };
  }
}

/** The ssh:// spec of a master, by its address. */
const sshSpec = (t: NodeTarget): string => `ssh://${t.ip?.includes(':') ? `[${t.ip}]` : t.ip}`;
