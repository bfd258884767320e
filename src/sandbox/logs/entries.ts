// The simulated service and Admin Router write `journalctl -o short-iso` lines (src/sandbox/service);
// the logging API serves journal entries. This turns one into the other: the identifier says which
// DC/OS unit wrote the line, as on a real node.
import type { NewEntry } from './journal.js';

const SHORT_ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)) (\S+) ([^\s[]+)\[(\d+)\]: (.*)$/s;

/** SYSLOG_IDENTIFIER → the unit that runs it (masters; agents run the -agent/-slave units). */
const UNITS: Record<string, { master: string; agent: string }> = {
  nginx: { master: 'dcos-adminrouter.service', agent: 'dcos-adminrouter-agent.service' },
  'mesos-master': { master: 'dcos-mesos-master.service', agent: 'dcos-mesos-slave.service' },
  'mesos-agent': { master: 'dcos-mesos-slave.service', agent: 'dcos-mesos-slave.service' },
  'marathon.sh': { master: 'dcos-marathon.service', agent: 'dcos-marathon.service' },
  'metronome.sh': { master: 'dcos-metronome.service', agent: 'dcos-metronome.service' },
  'secrets.sh': { master: 'dcos-secrets.service', agent: 'dcos-secrets.service' },
  systemd: { master: 'init.scope', agent: 'init.scope' },
  java: { master: 'dcos-mesos-slave.service', agent: 'dcos-mesos-slave.service' },
};

/** One short-iso line → a journal entry for a master's or an agent's journal; null when it is not one. */
export function entryOfLine(line: string, role: 'master' | 'agent'): NewEntry | null {
  const m = SHORT_ISO.exec(line);
  if (!m) return null;
  const [, time = '', , ident = '', pid = '', message = ''] = m;
  const t = Date.parse(time.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  const unit = UNITS[ident]?.[role] ?? `${ident.replace(/\.sh$/, '')}.service`;
  return { message, unit, ident, pid: Number(pid), timeMs: Number.isFinite(t) ? t : undefined };
}
