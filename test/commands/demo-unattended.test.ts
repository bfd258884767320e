// The unattended demo's bounded time: when the service has not reached its last stage by the
// deadline, the summary is still printed and the command fails with one clear line (exit 1).
import { describe, expect, it } from 'vitest';
import { OperationalError } from '../../src/errors.js';
import { runDemoUnattended } from '../../src/commands/demo/unattended.js';

describe('runDemoUnattended', () => {
  it('gives up at the deadline with the summary printed and an OperationalError', async () => {
    let out = '';
    let err = '';
    // The service retries every 5 s: a 1.5 s budget ends after at most the first round. The message
    // states the time really spent, which a loaded machine stretches past the budget.
    const p = runDemoUnattended({ yes: false, retryMs: 5000, timeoutMs: 1500, out: (s) => void (out += s), err: (s) => void (err += s) }, new AbortController().signal);
    const e = await p.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(OperationalError);
    expect((e as Error).message).toMatch(/^the demo service did not reach its last stage within \d+(?:\.\d)? s: it stopped at stage 1\/4 \(register framework cassandra/);
    expect(out).toMatch(/^audit2grant session \S+ for cassandra-sa: /m);
    expect(out).toContain('The demo service stopped at stage 1/4');
    expect(err).toMatch(/^demo: service stage 1\/4: trying to register/m);
  }, 20_000);
});
