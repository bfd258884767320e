// A bundle's survey keeps no entry's name until the entry is read (bundle-table.ts): every unit
// log's and every extra's name was kept from the survey on, so 20,000 extras named 3.8 KB peaked at
// 225-354 MB RSS (docs/benchmarks.md, "Bundles of many logs"). Here, names whose sum is over the
// heap given to the built CLI: kept, they end it out of memory; read again, the scan finishes.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from './helpers.js';
import { zipBytes } from './zip-bytes.js';

const HEAP = ['--max-old-space-size=16'];
/** `n` folders of 250 characters: a path part may be 255 bytes. */
const folders = (i: number, n: number): string => Array.from({ length: n }, () => `${String(i).padStart(6, '0')}${'d'.repeat(244)}`).join('/');
const DENY =
  '2024-05-14T09:00:19+0000 m1 nginx[1240]: 2024/05/14 09:00:19 [notice] 1240#0: *20 [lua] auth.lua:186: auditlog(): type=audit timestamp=2024-05-14T09:00:19Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.4.21 srcport=40312 request_uri=/mesos uid=svc-last, client: 10.0.4.21, server: master.mesos, request: "GET /mesos HTTP/1.1", host: "10.0.0.1"\n';

describe('bundles of many long entry names', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it('300 unit logs named 65 KB each (19.5 MB of names) are read within a 16 MB heap', async () => {
    const z = join(t.dir, 'logs.zip');
    const entries = Array.from({ length: 300 }, (_, i) => ({ name: `${folders(i, 259)}/10.0.0.1_master/dcos-x-${i}.service`, content: 'x\n' }));
    writeFileSync(z, zipBytes(entries));
    const r = await runCli(['scan', z, '--format', 'json'], { env: { ...process.env, NODE_OPTIONS: HEAP.join(' ') }, timeoutMs: 60_000 });
    expect(r.stderr).not.toMatch(/heap out of memory/i);
    // every log was read, its line counted
    expect(JSON.parse(r.stdout)).toMatchObject({ stats: { sources: 300, lines: 300 } });
  }, 70_000);

  it('5000 extras named 4 KB each (20 MB of names) are searched within a 16 MB heap', async () => {
    const z = join(t.dir, 'extras.zip');
    const entries = Array.from({ length: 5000 }, (_, i) => ({ name: `10.0.0.1_master/${folders(i, 16)}/r-${i}.txt`, content: i === 4999 ? DENY : 'x\n' }));
    writeFileSync(z, zipBytes(entries));
    const r = await runCli(['scan', z, '--format', 'json'], { env: { ...process.env, NODE_OPTIONS: HEAP.join(' ') }, timeoutMs: 60_000 });
    expect(r.stderr).not.toMatch(/heap out of memory/i);
    // the last extra holds the one denial: every extra was searched
    expect(JSON.parse(r.stdout)).toMatchObject({ stats: { sources: 1, denyLines: 1 } });
  }, 70_000);
});
