// What the IAM lists as held becomes revoke commands and requests: a row that is not a valid
// permission (a terminal escape, a query in a rid) is left out with a warning. A tiny loopback IAM
// answers the one listing (the sandbox IAM validates what it stores, so it cannot hold such a row).
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connectIam } from '../../src/iam/client.js';
import { cleanEnv, tempDir } from './helpers.js';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('client.holdings', () => {
  it('leaves out rows that are not valid permissions, with a warning', async () => {
    const body = {
      direct: [
        { rid: 'dcos:mesos:master:log', actions: [{ name: 'read' }] },
        { rid: 'dcos:x\u001b]0;pwned\u0007', actions: [{ name: 'full' }] },
        { rid: 'dcos:x?y', actions: [{ name: 'full' }] },
        { rid: 'dcos:adminrouter:ops:mesos', actions: [{ name: 'rm -rf' }] },
      ],
      groups: [{ gid: 'ops', rid: 'dcos:adminrouter:ops:metadata', actions: [{ name: 'full' }] }],
    };
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/acs/api/v1/users/svc/permissions' ? JSON.stringify(body) : '{}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const t = tempDir();
    const warnings: string[] = [];
    const tok = `x.${Buffer.from(JSON.stringify({ uid: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}.y`;
    const client = await connectIam({
      flags: { clusterUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, token: tok },
      env: cleanEnv(t.dir), ledgerPath: join(t.dir, 'l.jsonl'), onWarning: (w) => warnings.push(w),
    });
    try {
      expect(await client.holdings('svc')).toEqual([
        { rid: 'dcos:mesos:master:log', action: 'read', gid: null },
        { rid: 'dcos:adminrouter:ops:metadata', action: 'full', gid: 'ops' },
      ]);
      const left = warnings.filter((w) => w.includes('left out'));
      expect(left).toHaveLength(3);
      for (const w of left) expect(w).not.toMatch(/[\u0000-\u001f\u007f]/);
    } finally {
      client.close();
      t.cleanup();
    }
  });
});
