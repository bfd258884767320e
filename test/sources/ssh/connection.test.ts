// Tunnels through a jump host: a tunnel that opens only after forward() gave up must not be leaked.
import { PassThrough } from 'node:stream';
import type { Client } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { forward } from '../../../src/sources/ssh/connection.js';
import type { SshTarget } from '../../../src/sources/ssh/config.js';

const target = { hostname: '10.0.0.7', port: 22 } as SshTarget;

/** A jump host whose forwardOut answers only when the test says so. */
function slowJump(): { via: Client; answer(err: Error | undefined, stream?: PassThrough): void } {
  let cb: ((err: Error | undefined, stream: PassThrough) => void) | null = null;
  const via = { forwardOut: (_a: string, _b: number, _c: string, _d: number, f: typeof cb) => void (cb = f) } as unknown as Client;
  return { via, answer: (err, stream) => cb!(err, stream!) };
}

describe('forward', () => {
  it('times out, and destroys the stream that arrives afterwards', async () => {
    const j = slowJump();
    await expect(forward(j.via, target, 10)).rejects.toThrow('timed out opening a tunnel to 10.0.0.7:22');
    const late = new PassThrough();
    j.answer(undefined, late);
    expect(late.destroyed).toBe(true);
  });
  it('a stream in time is handed over, not destroyed', async () => {
    const j = slowJump();
    const p = forward(j.via, target, 5000);
    const s = new PassThrough();
    j.answer(undefined, s);
    await expect(p).resolves.toBe(s);
    expect(s.destroyed).toBe(false);
  });
  it('a late error after the timeout is ignored', async () => {
    const j = slowJump();
    await expect(forward(j.via, target, 10)).rejects.toThrow(/timed out/);
    expect(() => j.answer(new Error('Connection refused'))).not.toThrow();
  });
});
