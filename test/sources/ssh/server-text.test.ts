// What an SSH peer says (its disconnect reason, the remote command's stderr) reaches the host's
// error escaped (README.md, "Server text"), from real servers on 127.0.0.1: a raw TCP server that
// speaks just enough SSH to disconnect with a reason of its choosing, and the fake node.
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { expectEscaped, HOSTILE } from '../../helpers/hostile.js';
import { jsonLine } from './fake-node.js';
import { collect, connectOnce, isolated, useFakeNodes } from './helpers.js';

const fixture = useFakeNodes();
/** One line: the node's stderr is split in lines, the hostile part is its first. */
const LINE = HOSTILE.split('\n')[0]!;

/** An SSH_MSG_DISCONNECT packet, unencrypted (before the key exchange), with `reason` as its description. */
function disconnectPacket(reason: string): Buffer {
  const desc = Buffer.from(reason, 'utf8');
  const payload = Buffer.concat([Buffer.from([1, 0, 0, 0, 2]), Buffer.alloc(4), desc, Buffer.alloc(4)]);
  payload.writeUInt32BE(desc.length, 5);
  let padding = 8 - ((4 + 1 + payload.length) % 8);
  if (padding < 4) padding += 8;
  const head = Buffer.alloc(5);
  head.writeUInt32BE(1 + payload.length + padding, 0);
  head[4] = padding;
  return Buffer.concat([head, payload, Buffer.alloc(padding)]);
}

describe('an SSH peer\'s words', () => {
  it('a disconnect reason is escaped in the connection error', async () => {
    const socks = new Set<Socket>();
    const srv = createServer((s) => {
      socks.add(s);
      s.on('error', () => undefined);
      s.write('SSH-2.0-OpenSSH_9.6\r\n');
      s.write(disconnectPacket(HOSTILE));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    fixture.onStop(() => new Promise<void>((r) => {
      for (const s of socks) s.destroy();
      srv.close(() => r());
    }));
    const e = await connectOnce(`ssh://127.0.0.1:${(srv.address() as { port: number }).port}`, isolated(fixture.home));
    expect((e as Error).message).toMatch(/^SSH connection to tester@127\.0\.0\.1:\d+ failed: boom /);
    expectEscaped((e as Error).message);
  });

  it('journalctl\'s error on the node is escaped in the host\'s error', async () => {
    const n = await fixture.node({ lines: [jsonLine(1, 'type=audit x')], journalctlStatus: 1, journalctlError: LINE });
    fixture.trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home));
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^journalctl failed on 127\.0\.0\.1 \(exit 1\): boom /)]);
    expectEscaped(c.errors[0]!.message);
  });
});
