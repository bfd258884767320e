// Which component the envelope says wrote a line: its systemd unit and its identifier, each read on
// its own. An audit record is accepted only from the component whose audit logger writes that
// shape, and the generic key=value reading only from another DC/OS component
// (docs/audit-log-forms.md, "Envelope and message"). Where the form records the unit (json,
// export) an entry without one came from outside every service: its identifier is only a claim.
import { UNIT_NAME } from '../journal/unit.js';
import type { EnvelopeKind, JournalEntry, StreamMeta } from '../types.js';

/** A component with an audit format of its own, another DC/OS component, or anything else. */
export type Claim = 'adminrouter' | 'mesos' | 'marathon' | 'metronome' | 'dcos' | 'foreign';

export interface Origin {
  /** From the systemd unit (`_SYSTEMD_UNIT`, `-o with-unit`, a bundle entry's name); null: not shown. */
  unit: Claim | null;
  /** From the identifier (`SYSLOG_IDENTIFIER`, else `_COMM`); null: not shown. */
  ident: Claim | null;
  unitName: string | null;
  identName: string | null;
  /**
   * The form records journald's `_SYSTEMD_UNIT` (json, export: also binary journals and `ssh://`,
   * read through them). With no unit there, and none known for the stream, no component wrote it.
   */
  unitRecorded: boolean;
}

/** Forms that print `_SYSTEMD_UNIT` whenever the entry has one. */
const RECORDS_UNIT: ReadonlySet<EnvelopeKind> = new Set<EnvelopeKind>(['json', 'export']);

const UNIT_PREFIXES: [string, Claim][] = [
  ['dcos-adminrouter', 'adminrouter'],
  ['dcos-mesos-master', 'mesos'],
  ['dcos-mesos-slave', 'mesos'],
  ['dcos-marathon', 'marathon'],
  ['dcos-metronome', 'metronome'],
];

function unitClaim(unit: string): Claim | null {
  for (const [prefix, claim] of UNIT_PREFIXES) if (unit.startsWith(prefix)) return claim;
  if (unit.startsWith('dcos-')) return 'dcos';
  // A bundle entry such as `foo.log` names a file, not a unit: it tells nothing.
  return UNIT_NAME.test(unit) ? 'foreign' : null;
}

const IDENTS: Record<string, Claim> = {
  nginx: 'adminrouter',
  'adminrouter.sh': 'adminrouter',
  'adminrouter-agent.sh': 'adminrouter',
  'mesos-master': 'mesos',
  'mesos-agent': 'mesos',
  'mesos-slave': 'mesos',
  'marathon.sh': 'marathon',
  marathon: 'marathon',
  metronome: 'metronome',
  'metronome.sh': 'metronome',
  'bouncer.sh': 'dcos',
  'secrets.sh': 'dcos',
};

function identClaim(ident: string): Claim {
  if (Object.prototype.hasOwnProperty.call(IDENTS, ident)) return IDENTS[ident]!; // an own key holds a Claim
  return ident.startsWith('dcos-') ? 'dcos' : 'foreign';
}

/** A json entry whose fields may be a message's text (JournalEntry.untrusted) shows no writer and fits none. */
const NO_WRITER: Origin = { unit: null, ident: null, unitName: null, identName: null, unitRecorded: true };

export function originOf(entry: JournalEntry, meta: StreamMeta): Origin {
  if (entry.untrusted !== undefined) return { ...NO_WRITER };
  return originOfNames(entry.unit ?? meta.unit, entry.ident, RECORDS_UNIT.has(entry.envelope));
}

/** The origin of an envelope's unit and identifier, as read (the scanner's byte-level --uid path: short-iso, no unit recorded). */
export function originOfNames(unitName: string | null, identName: string | null, unitRecorded = false): Origin {
  return {
    unit: unitName ? unitClaim(unitName) : null,
    ident: identName ? identClaim(identName) : null,
    unitName,
    identName,
    unitRecorded,
  };
}

/** The form records the unit and this entry has none (nor its stream): it came from outside every service. */
export const unitMissing = (o: Origin): boolean => o.unitRecorded && o.unit === null;

/**
 * Every part of the origin that the envelope shows is one of `allowed` (nothing shown: true), and
 * a form that records the unit shows one.
 */
export function fits(o: Origin, allowed: readonly Claim[]): boolean {
  return (o.unit === null ? !o.unitRecorded : allowed.includes(o.unit)) && (o.ident === null || allowed.includes(o.ident));
}

/** The envelope names a writer at all (cat, `dcos node log` and bundle-less lines do not). */
export function shown(o: Origin): boolean {
  return o.unit !== null || o.ident !== null;
}

/**
 * Another DC/OS component, for the generic reading: a `dcos-*` unit (journald sets it from the
 * process's service, whatever identifier the process picked), else, where the form shows no unit
 * at all, a DC/OS identifier.
 */
export function isDcosComponent(o: Origin): boolean {
  return o.unit === 'dcos' || (o.unit === null && !o.unitRecorded && o.ident === 'dcos');
}

const clip = (s: string): string => (s.length > 64 ? `${s.slice(0, 63)}…` : s);

/** `unit dcos-x.service, identifier y`, for the reason of an unverified line (names capped: a writer chose them). */
export function originText(o: Origin): string {
  const parts: string[] = [];
  if (o.unitName) parts.push(`unit ${clip(o.unitName)}`);
  if (o.identName) parts.push(`identifier ${clip(o.identName)}`);
  if (unitMissing(o)) parts.push('no systemd unit');
  return parts.length ? parts.join(', ') : 'no unit or identifier';
}
