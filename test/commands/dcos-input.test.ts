// --units is the SSH sources' journalctl filter: dcos:// sources always read the audit-writing
// units, so giving it with them says so instead of being silently ignored.
import { describe, expect, it } from 'vitest';
import { dcosSourceInput } from '../../src/commands/dcos-input.js';
import { describeError } from '../../src/errors.js';
import { fakeJwt } from '../helpers/hostile.js';

async function stderrOf(a: { units?: string[] }, sources: string[]): Promise<string> {
  let err = '';
  const env = { DCOS_URL: 'https://127.0.0.1:9', DCOS_ACS_TOKEN: fakeJwt('log-reader'), HOME: '/nonexistent' };
  await dcosSourceInput(a, sources, 8, { env, stderr: { write: (s: string) => (err += s) } });
  return err;
}

describe('--units with dcos:// sources', () => {
  it('is said not to apply to them', async () => {
    expect(await stderrOf({ units: ['dcos-marathon.service'] }, ['dcos://all'])).toContain(
      'audit2grant: warning: --units applies to ssh:// sources only: dcos:// sources read the units that write audit records',
    );
  });

  it('says nothing without --units', async () => {
    expect(await stderrOf({}, ['dcos://all'])).not.toContain('--units');
  });
});

describe('a dcos:// source that names no node', () => {
  it('is a usage error that lists the forms once, in its hint', async () => {
    const e = await dcosSourceInput({}, ['dcos://bogus'], 8, { env: { HOME: '/nonexistent' } }).catch((x: unknown) => x);
    expect(describeError(e)).toMatchObject({
      code: 2,
      text: 'dcos://bogus: not a node of the logging API\n  hint: use dcos://leader, dcos://masters, dcos://agents, dcos://all, dcos://agent/AGENT_ID or dcos://NODE_IP',
    });
  });
});
