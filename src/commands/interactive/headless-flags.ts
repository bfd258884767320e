// The default command's flags that only shape `scan`'s output (--format, --json,
// --fail-on-findings). Without a terminal the command is `scan` and they apply; on a terminal it is
// the loop (README, "Commands": a terminal decides, not the flags), which prints no scan output and
// exits as the loop does. Said in one line before the loop starts rather than dropped silently,
// naming each flag given and how to run headless.
import type { ScanArgs } from '../options/scan.js';

/** The headless-only flags given, as typed (`--format json`). */
export function headlessOnlyFlags(a: Pick<ScanArgs, 'format' | 'json' | 'failOnFindings'>): string[] {
  const out: string[] = [];
  if (a.format !== undefined) out.push(`--format ${a.format}`);
  if (a.json) out.push('--json');
  if (a.failOnFindings) out.push('--fail-on-findings');
  return out;
}

/** The line for stderr when the loop starts with such flags, or null when none was given. */
export function ignoredFlagsNotice(a: Pick<ScanArgs, 'format' | 'json' | 'failOnFindings'>): string | null {
  const flags = headlessOnlyFlags(a);
  if (!flags.length) return null;
  const named = flags.length === 1 ? `${flags[0]} is` : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)} are`;
  return `audit2grant: ${named} ignored on a terminal (the interactive loop prints no scan output); to run headless: audit2grant scan SOURCE... ${flags.join(' ')}, or this command with stdout redirected (> FILE)`;
}
