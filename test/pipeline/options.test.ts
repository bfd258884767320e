import { describe, expect, it } from 'vitest';
import { scanFilterOf, withStdinSources } from '../../src/commands/options/scan.js';
import { UsageError } from '../../src/errors.js';

describe('withStdinSources', () => {
  it.each([
    [['a.log'], ['scan', 'a.log', '-', '--json'], ['a.log', '-']],
    [[], ['scan', '-', '--uid', 'svc'], ['-']],
    [['a', 'b'], ['scan', 'a', '-', 'b'], ['a', '-', 'b']],
    [['a'], ['scan', 'a'], ['a']],
    // After `--`, every word is a SOURCE (yargs leaves them out), `-` included, as for cat.
    [['a'], ['scan', 'a', '--', '-'], ['a', '-']],
    [['a'], ['scan', 'a', '--', '-b.log', '--uid'], ['a', '-b.log', '--uid']],
    [[], ['scan', '--json', '--', '-b.log'], ['-b.log']],
    [['-'], ['scan', '-'], ['-']],
    // The `-` of --token-file is its value (stdin for the token), not a SOURCE.
    [['dcos://all'], ['scan', 'dcos://all', '--token-file', '-'], ['dcos://all']],
    [['a'], ['scan', '--token-file', '-', 'a', '-'], ['a', '-']],
  ])('%j from %j', (parsed, raw, want) => {
    expect(withStdinSources(parsed, raw)).toEqual(want);
  });
});

describe('scanFilterOf', () => {
  const now = Date.parse('2019-03-01T12:00:00Z');
  it('reads uids and times', () => {
    expect(scanFilterOf({ format: 'table', uid: ['a', 'a', ' b '], since: '1h', until: '2019-03-01T12:00:00Z' }, now)).toEqual({
      uids: ['a', 'b'], since: now - 3_600_000, until: now,
    });
  });
  it.each([{ since: 'x' }, { until: 'soon' }, { since: '2019-03-02', until: '2019-03-01' }, { uid: [''] }])('rejects %j as a usage error', (a) => {
    expect(() => scanFilterOf({ format: 'table', ...a }, now)).toThrow(UsageError);
  });
});
