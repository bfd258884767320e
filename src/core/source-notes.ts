// A source's note (SourceProgress.note) that is a warning: a setting that weakens the connection (an
// ssh config's StrictHostKeyChecking no, TLS checks off), not how the source is read. Such a note is
// kept in view for the whole run (the loop's banner), where other notes show until the next report.
const PREFIX = 'warning: ';

export const warningNote = (text: string): string => `${PREFIX}${text}`;

export const isWarningNote = (note: string): boolean => note.startsWith(PREFIX);

/** The warning's text without its `warning: ` (for a line that says "warning" once for several). */
export const warningNoteText = (note: string): string => (isWarningNote(note) ? note.slice(PREFIX.length) : note);
