// `--year` dates `short` lines (`May 14 09:00:01 …`), the one journalctl form without a year
// (journal/short-year.ts). Given for input of other forms, it changes nothing: said, not ignored in
// silence, since the user meant it to date something (the wrong log named, or a habit).
import type { ScanWarning } from '../types.js';

export function yearNotUsed(year: number): ScanWarning {
  return {
    kind: 'year-not-used',
    source: null,
    message:
      `--year ${year} was given, but no stream read has a \`short\` line (\`May 14 09:00:01 host …\`, the one form without a year) among its first lines or its audit lines, ` +
      'and only those does --year date: the lines read carry their own year (short-iso, json, …) or no date at all (cat)',
  };
}
