// The default command's flags that only shape `scan`'s output (--format, --json,
// --fail-on-findings). Without a terminal the command is `scan` and they apply; on a terminal it is
// the loop (README, "Commands": a terminal decides, not the flags), which prints no scan output and
// exits as the loop does. Said in one line before the loop starts rather than dropped silently,
// naming each flag given and how to run headless. The other way round too: the loop's own flags
// (--yes, --dry-run, …) given where there is no terminal, which grants nothing.
import type { ScanArgs } from '../options/scan.js';

/** `--a is`, `--a and --b are`, `--a, --b and --c are`. */
const named = (flags: readonly string[]): string => (flags.length === 1 ? `${flags[0]} is` : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)} are`);

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
  return `audit2grant: ${named(flags)} ignored on a terminal (the interactive loop prints no scan output); to run headless: audit2grant scan SOURCE... ${flags.join(' ')}, or this command with stdout redirected (> FILE)`;
}

/** The loop-only flags given (the grant batches' and the loop's own), as typed. */
export function loopOnlyFlags(a: { dryRun?: boolean; yes?: boolean; allowDangerous?: boolean; forceNative?: boolean }, raw: readonly string[]): string[] {
  const out: string[] = [];
  if (a.dryRun) out.push('--dry-run');
  if (a.yes) out.push('--yes');
  if (a.allowDangerous) out.push('--allow-dangerous');
  if (a.forceNative) out.push('--force-native');
  const end = raw.indexOf('--');
  if ((end === -1 ? raw : raw.slice(0, end)).some((t) => t === '--quiet-period' || t.startsWith('--quiet-period='))) out.push('--quiet-period');
  return out;
}

/**
 * The line for stderr when the default command runs as `scan` (no terminal) with flags only the
 * loop uses, or null: a script that passed --yes expecting grants hears that none were made.
 */
export function loopFlagsIgnoredNotice(flags: readonly string[]): string | null {
  if (!flags.length) return null;
  return `audit2grant: ${named(flags)} ignored without a terminal: the default command then runs as scan, which grants nothing; to grant from a script: audit2grant scan SOURCE... --json > findings.json, then audit2grant grant --from findings.json`;
}
