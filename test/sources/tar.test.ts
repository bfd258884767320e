// A tar (or tar.gz) of a bundle folder used to be read as text: each member's first line glued to
// its 512-byte header, its denials lost without a word. It is refused, saying to extract it.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { collect, tempDir } from './helpers.js';
import { tar } from './tar-bytes.js';

const LINE = '2019-03-01T12:00:00+0000 m1 nginx[1]: type=audit result=deny uid=svc\n';

describe('tar archives', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it('a tar and a tar.gz are refused as tar archives, not read as text', async () => {
    const archive = tar('10.0.0.7_master/dcos-mesos-master.service', LINE.repeat(3));
    writeFileSync(join(t.dir, 'bundle.tar'), archive);
    writeFileSync(join(t.dir, 'bundle.tgz'), gzipSync(archive));
    writeFileSync(join(t.dir, 'plain.log'), LINE);
    const got = await collect([join(t.dir, 'bundle.tar'), join(t.dir, 'bundle.tgz'), join(t.dir, 'plain.log')]);
    expect(got.map((g) => g.kind)).toEqual(['error', 'error', 'stream']);
    expect(got[0]?.message).toBe(`${join(t.dir, 'bundle.tar')} is a tar archive: extract it (tar -xf) and scan the folder`);
    expect(got[1]?.message).toBe(`${join(t.dir, 'bundle.tgz')} is a tar archive (gzip-compressed): extract it (tar -xf) and scan the folder`);
  });
});
