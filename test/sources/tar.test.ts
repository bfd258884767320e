// A tar (or tar.gz) of a bundle folder used to be read as text: each member's first line glued to
// its 512-byte header, its denials lost without a word. It is refused, saying to extract it.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { collect, tempDir } from './helpers.js';

const LINE = '2019-03-01T12:00:00+0000 m1 nginx[1]: type=audit result=deny uid=svc\n';

/** A one-member ustar archive, as `tar -cf` writes it (header, data padded to 512, two zero blocks). */
function tar(name: string, data: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\x0000', 257, 'latin1');
  h.fill(' ', 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const body = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  body.write(data, 'latin1');
  return Buffer.concat([h, body, Buffer.alloc(1024)]);
}

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
