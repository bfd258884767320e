// `--gid`: a bad value says what a group id looks like; the flag given twice is not read as one id "a,b".
import { describe, expect, it } from 'vitest';
import { gidOf } from '../../../src/commands/options/group.js';
import { UsageError } from '../../../src/errors.js';

function error(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('no usage error');
}

describe('gidOf', () => {
  it('the flag given twice: one group only, not a bad id "a,b"', () => {
    const e = error(() => gidOf({ gid: ['ops', 'dev'] as never }, 'scan'));
    expect(e.message).toBe('scan takes one --gid only (got 2)');
    expect(e.hint).toBe('give --gid once: run scan once per group');
  });

  it('groups listed in one value: one run per group', () => {
    expect(error(() => gidOf({ gid: 'ops,dev' }, 'grant')).hint).toBe('grant takes one group: run it once per group (--gid ops, then --gid dev)');
  });

  it('any other bad id: what a group id looks like', () => {
    const e = error(() => gidOf({ gid: '/ops' }, 'grant'));
    expect(e.message).toBe('--gid: gid "/ops" has characters DC/OS does not allow (only letters, digits, - _ @ .)');
    expect(e.hint).toBe('a group id is 1 to 96 letters, digits, - _ @ . (not only dots, not starting with -), e.g. --gid ops (see `dcos security org groups list`)');
    expect(error(() => gidOf({ gid: '..' }, 'grant')).message).toBe("--gid: gid \"..\" is only dots: no group is named so, and '.' or '..' in the IAM URL would address another resource");
  });

  it('a valid one is kept; superusers is still refused', () => {
    expect(gidOf({ gid: 'ops' }, 'grant')).toBe('ops');
    expect(gidOf({}, 'grant')).toBeUndefined();
    expect(error(() => gidOf({ gid: 'superusers' }, 'grant')).message).toMatch(/^--gid: superusers is DC\/OS's own group of superusers/);
  });
});
