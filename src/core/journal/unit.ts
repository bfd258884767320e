// The unit of an entry. A stream that is one unit's log (a diagnostics bundle entry named after
// the unit) holds that unit's entries only, so its name wins over a unit a line names: in that log
// a line may be text the unit's process printed (a journal json object, export fields, a with-unit
// line as an unindented continuation line), naming the unit of its choice (docs/audit-log-forms.md).
import type { StreamMeta } from '../types.js';

/** A systemd unit's name (a bundle entry such as `foo.log` names a file, not a unit). */
export const UNIT_NAME = /\.(service|scope|socket|timer|slice|mount|target|path)$/;

export function entryUnit(meta: StreamMeta, named: string | null | undefined): string | null {
  if (meta.unit !== null && UNIT_NAME.test(meta.unit)) return meta.unit;
  return named ?? meta.unit;
}
