// A password-protected bundle: each encrypted entry says so (yauzl's own words named one of its
// options), and the entries that are not encrypted are still read.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, tempDir } from './helpers.js';
import { zipBytes } from './zip-bytes.js';

const NEW = '2020-03-15 10:23:45.123456 +0000 UTC type=audit result=deny uid=svc\n';

describe('an encrypted bundle entry', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it('is said to be password-protected; the other entries are read', async () => {
    const z = join(t.dir, 'locked.zip');
    const locked = '10.0.0.1_master/dcos-mesos-master.service';
    const open = '10.0.0.2_agent/dcos-mesos-slave.service';
    writeFileSync(z, zipBytes([{ name: locked, content: NEW, encrypted: true }, { name: open, content: NEW }]));
    const got = await collect([z]);
    expect(got.map((g) => [g.kind, g.label])).toEqual([
      ['error', `${z}!${locked}`],
      ['stream', `${z}!${open}`],
    ]);
    expect(got[0]?.message).toBe(`cannot read ${z}!${locked}: the entry is password-protected (an encrypted zip): unzip the bundle with its password and scan the folder`);
  });
});
