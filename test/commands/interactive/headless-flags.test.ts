// The default command on a terminal is the loop whatever the flags: those only `scan` uses are
// named in one line before it starts, with how to run headless, never dropped silently (finding M3).
import { describe, expect, it } from 'vitest';
import { ignoredFlagsNotice, loopFlagsIgnoredNotice, loopOnlyFlags } from '../../../src/commands/interactive/headless-flags.js';

describe('flags the loop ignores', () => {
  it('names each one given and how to run headless', () => {
    expect(ignoredFlagsNotice({ format: 'json' })).toBe(
      'audit2grant: --format json is ignored on a terminal (the interactive loop prints no scan output); to run headless: audit2grant scan SOURCE... --format json, or this command with stdout redirected (> FILE)',
    );
    const all = ignoredFlagsNotice({ format: 'dcos', json: true, failOnFindings: true });
    expect(all).toMatch(/^audit2grant: --format dcos, --json and --fail-on-findings are ignored on a terminal/);
    expect(all).toContain('audit2grant scan SOURCE... --format dcos --json --fail-on-findings');
    expect(all).not.toContain('\n');
  });

  it('says nothing without them (or with --no-fail-on-findings)', () => {
    expect(ignoredFlagsNotice({})).toBeNull();
    expect(ignoredFlagsNotice({ json: false, failOnFindings: false })).toBeNull();
  });
});

describe('flags only the loop uses, without a terminal (the command runs as scan)', () => {
  it('names each one given, --quiet-period from the words typed (it has a default), none after --', () => {
    expect(loopOnlyFlags({ yes: true, allowDangerous: true, forceNative: true }, ['--quiet-period=5'])).toEqual(['--yes', '--allow-dangerous', '--force-native', '--quiet-period']);
    expect(loopOnlyFlags({}, ['--', '--quiet-period'])).toEqual([]);
    expect(loopFlagsIgnoredNotice(['--yes'])).toMatch(/^audit2grant: --yes is ignored without a terminal: .* which grants nothing; to grant from a script: /);
    expect(loopFlagsIgnoredNotice([])).toBeNull();
  });
});
