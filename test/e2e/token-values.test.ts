// A token that cannot be sent in an HTTP header (a pasted \r or \n, a non-ASCII character), given
// with --token or in DCOS_ACS_TOKEN, is a usage error: one line naming the option or variable and
// what is wrong, a hint, exit 2, no stack, and no part of the token (docs/iam-api.md: a token is a
// secret). The built CLI as a process (`npm run build` first); nothing is sent (the cluster URL is a
// closed loopback port).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanEnv, tempDir } from '../iam/helpers.js';

const SECRET = `eyJhbGciOiJSUzI1NiJ9.eyJTECRETpayload${'Q'.repeat(60)}.c2ln`;
const URL_FLAGS = ['--cluster-url', 'http://127.0.0.1:9'];
let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir('a2g-token-cli-');
});
afterAll(() => t.cleanup());

const grant = ['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'read'];

describe('a token that cannot be sent', () => {
  it.each([
    ['--token with \\r (the red team\'s case)', [...grant, ...URL_FLAGS, '--token', `${SECRET}\r`], {}, 'the value of --token holds a carriage return (\\r) (the value is a secret: not shown)'],
    ['--token=VALUE with \\n', [...grant, ...URL_FLAGS, `--token=${SECRET}\n`], {}, 'the value of --token holds a line break (\\n) (the value is a secret: not shown)'],
    ['--token with a non-ASCII character', [...grant, ...URL_FLAGS, '--token', `${SECRET}\u2026`], {}, 'the auth token in --token holds a character that is not printable ASCII: it cannot be sent in an HTTP header (the value is a secret: not shown)'],
    ['DCOS_ACS_TOKEN with \\r', [...grant, ...URL_FLAGS], { DCOS_ACS_TOKEN: `${SECRET}\r` }, 'the auth token in DCOS_ACS_TOKEN holds a carriage return (\\r): it cannot be sent in an HTTP header (the value is a secret: not shown)'],
    ['DCOS_ACS_TOKEN with \\n, for undo', ['undo', ...URL_FLAGS], { DCOS_ACS_TOKEN: `${SECRET}\n` }, 'the auth token in DCOS_ACS_TOKEN holds a line break (\\n): it cannot be sent in an HTTP header (the value is a secret: not shown)'],
    ['DCOS_ACS_TOKEN with \\r, for a dcos:// source', ['scan', 'dcos://leader', ...URL_FLAGS], { DCOS_ACS_TOKEN: `${SECRET}\r` }, 'dcos:// sources read the cluster\'s logging API with the cluster credentials, but the auth token in DCOS_ACS_TOKEN holds a carriage return (\\r): it cannot be sent in an HTTP header (the value is a secret: not shown)'],
    ['a mistyped --token (--tokn=VALUE)', [...grant, ...URL_FLAGS, `--tokn=${SECRET}`], {}, 'unknown option --tokn (did you mean --token?)'],
  ])('%s: one line naming it, exit 2, no value, no stack', async (_n, args, extra, first) => {
    const r = await runCli(args, { env: { ...cleanEnv(t.dir), ...(extra as Record<string, string>) }, timeoutMs: 15_000 });
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`audit2grant: ${first}`);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^ {2}hint: /);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|ERR_INVALID_CHAR|\n\s+at /);
    for (const piece of [SECRET.slice(0, 12), 'eyJTECRETpayload', 'c2ln']) expect(r.stdout + r.stderr).not.toContain(piece);
  });
});
