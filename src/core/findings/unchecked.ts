// Warnings for audit-looking lines that were read but whose denials were not checked (docs/verdicts.md):
// a source whose every such line was unverified, lines of another journal form after a stream's text,
// and json messages left out as null.
//
// Another form after a stream's text: json appended to saved text (`journalctl -o short-iso > f;
// journalctl -o json >> f`), or export text appended to it. Read as text they are never trusted
// (their writer fields may be a task's text): the warning `mixed-forms`, not a clean "no denials".
import type { Unverified } from '../events.js';
import type { ScanWarning } from '../types.js';
import type { SourceCoverage } from './verdict.js';
import { NOT_FIRST } from '../journal/line.js';

/** The one export field that holds an audit record's text, at the start of a line read as text. */
const EXPORT_MESSAGE = /^\uFEFF?MESSAGE=/;

/** `exportFramed`: the stream began as export, whose reader already says so of export after text (`damaged-export`). */
export const ofAnotherForm = (u: Unverified, exportFramed: boolean): boolean => u.why.endsWith(NOT_FIRST) || (!exportFramed && EXPORT_MESSAGE.test(u.raw));

/** `c`'s source, and the files of it that hold such lines when it names others (a directory, a glob, a bundle). */
function inFiles(c: SourceCoverage): string {
  const files = (c.otherFormFiles ?? []).filter((f) => f !== c.source);
  return files.length ? `${c.source} (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''})` : c.source;
}

/** A source with such lines (SourceCoverage.otherFormLines): their denials were not checked. */
export function mixedForms(c: SourceCoverage): ScanWarning {
  return {
    kind: 'mixed-forms',
    source: c.source,
    message:
      `${c.otherFormLines} audit-looking line(s) of ${inFiles(c)} are journal output of another form after its first lines (json or export appended to saved text?): ` +
      'read as text, their writer fields were not trusted and their denials not checked; save each form to a file of its own and scan those',
  };
}

/** A source of journal output whose every audit-looking line was unverified: its writer unknown, no verdict. */
export function allUnverified(c: SourceCoverage, why: string | undefined): ScanWarning {
  const eg = why ? ` (e.g. ${why})` : '';
  return {
    kind: 'unverified-audit-lines',
    source: c.source,
    message:
      `every audit-looking line of ${c.source} (${c.unverifiedLines}) was unverified: nothing shows a DC/OS component wrote it${eg}, ` +
      "so no denial was checked; save the journal in a form that names each line's writer (journalctl -u 'dcos-*' -o json --all, which journald's unit checks too; or -o short-iso) and scan it again",
  };
}

export function nullMessages(c: SourceCoverage): ScanWarning {
  return {
    kind: 'null-messages',
    source: c.source,
    message: `${c.source}: ${c.nullMessages} journal message(s) were printed as "MESSAGE":null (journalctl -o json without --all leaves out messages over 4096 bytes): they were not checked; save with journalctl --all -o json`,
  };
}
