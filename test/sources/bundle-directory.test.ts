// Bundles whose zip records disagree about what they hold: an end record that under-counts its
// central directory (yauzl would read it short, silently), and one node log stored twice. Archives
// are written byte by byte (zip-bytes.ts) or by yazl and patched, then read through yauzl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';
import { collect, tempDir } from './helpers.js';
import { nodeFileKey } from '../../src/sources/bundle-path.js';
import { patchEnd, withGapBeforeEnd, withZip64EntryCount, zipBytes, type ZipEntry } from './zip-bytes.js';

const line = (uid: string) => `2020-03-15 10:23:45.123456 +0000 UTC type=audit result=deny uid=${uid}\n`;
const A = '10.0.0.1_master/dcos-adminrouter.service';
const B = '10.0.0.1_master/dcos-mesos-master.service';
const C = '10.0.0.2_agent/dcos-mesos-slave.service';
const THREE: ZipEntry[] = [
  { name: A, content: line('a') },
  { name: B, content: line('b') },
  { name: C, content: line('c') },
];
const fixtures = fileURLToPath(new URL('../../fixtures/bundle', import.meta.url));

function yazlZip(path: string, o: { zip64?: boolean }): Promise<void> {
  const zip = new yazl.ZipFile();
  const zip64 = o.zip64 === true;
  for (const e of THREE) {
    // Entry comments lengthen directory records (yazl takes them; its types omit them for addBuffer).
    const opts: Partial<yazl.FileOptions> = { fileComment: `comment of ${e.name}`, forceZip64Format: zip64 };
    zip.addBuffer(Buffer.from(e.content ?? ''), e.name, opts);
  }
  zip.end({ comment: 'an archive comment', forceZip64Format: zip64 });
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject);
  });
}

describe('a central directory the end records under-count', () => {
  const t = tempDir();
  const at = (name: string) => join(t.dir, name);
  const good = zipBytes(THREE);
  const cdSize = good.readUInt32LE(good.length - 22 + 12);
  beforeAll(async () => {
    writeFileSync(at('good.zip'), good);
    writeFileSync(at('under.zip'), patchEnd(good, { entries: 2 }));
    writeFileSync(at('under-total.zip'), patchEnd(good, { entries: 2, entriesOnDisk: 3 }));
    writeFileSync(at('size-short.zip'), patchEnd(good, { size: cdSize - 10 }));
    writeFileSync(at('size-long.zip'), patchEnd(good, { size: cdSize + 10 }));
    writeFileSync(at('gap.zip'), withGapBeforeEnd(good, Buffer.alloc(16, 0x41)));
    writeFileSync(at('zip64-under.zip'), withZip64EntryCount(good, 2));
    // yauzl takes the zip64 count (3); a reader of the classic record would see 2
    writeFileSync(at('zip64-disagree.zip'), patchEnd(withZip64EntryCount(good, 3), { entries: 2 }));
    writeFileSync(at('zip64-good.zip'), withZip64EntryCount(good, 3));
    writeFileSync(at('over.zip'), patchEnd(good, { entries: 4 }));
    await yazlZip(at('yazl.zip'), {});
    await yazlZip(at('yazl-zip64.zip'), { zip64: true });
  });
  afterAll(() => t.cleanup());

  it.each([['good.zip'], ['zip64-good.zip'], ['yazl.zip'], ['yazl-zip64.zip']])('reads every entry of a consistent archive: %s', async (file) => {
    const got = await collect([at(file)]);
    expect(got.map((g) => [g.kind, g.text])).toEqual([
      ['stream', line('a')],
      ['stream', line('b')],
      ['stream', line('c')],
    ]);
  });

  it.each([['bundle-new.zip', 5], ['bundle-legacy.zip', 5]])('reads the real-shaped fixture %s whole', async (file, logs) => {
    const got = await collect([join(fixtures, file)]);
    expect(got.filter((g) => g.kind === 'stream')).toHaveLength(logs);
    expect(got.filter((g) => g.kind === 'error')).toEqual([]);
  });

  it.each([
    ['under.zip', 'its end record lists 2 entries, but its central directory goes on after them'],
    ['under-total.zip', 'its end record lists 2 entries in all but 3 on its one disk'],
    ['size-short.zip', `its central directory takes ${cdSize} bytes, but its end record says ${cdSize - 10}`],
    ['size-long.zip', `its central directory takes ${cdSize} bytes, but its end record says ${cdSize + 10}`],
    ['gap.zip', `its central directory ends at byte ${good.length - 22}, but its end records start at byte ${good.length - 22 + 16}`],
    ['zip64-under.zip', 'its end record lists 2 entries, but its central directory goes on after them'],
    ['zip64-disagree.zip', 'its end record says entries 2, its zip64 end record 3'],
  ])('refuses %s in one line, before reading any entry', async (file, why) => {
    const got = await collect([at(file)]);
    expect(got).toEqual([
      {
        kind: 'error',
        label: at(file),
        message: `refusing bundle ${at(file)}: ${why}; zip tools would disagree on what it holds, and entries this scan cannot see may hold denials (a DC/OS bundle never looks like this: damaged or altered); download it again from the cluster`,
      },
    ]);
  });

  it('an end record that over-counts already fails in yauzl: a corrupt zip, nothing read', async () => {
    const got = await collect([at('over.zip')]);
    expect(got).toEqual([{ kind: 'error', label: at('over.zip'), message: expect.stringMatching(/^corrupt zip: .*over\.zip is not a readable zip archive \((unexpected EOF|invalid central directory file header signature: 0x[0-9a-f]+)\); download or copy the bundle again$/) }]);
  });
});

describe('one node log twice', () => {
  const t = tempDir();
  const at = (name: string) => join(t.dir, name);
  const twice = (second: ZipEntry): Buffer => zipBytes([{ name: A, content: line('a') }, { name: B, content: line('b') }, second]);
  afterAll(() => t.cleanup());

  it.each([
    ['the same name', { name: A, content: line('a') }],
    ['a ./ prefix', { name: `./${A}`, content: line('a') }],
    ['a doubled /', { name: A.replace('/', '//'), content: line('x') }],
    ['a backslash', { name: A.replace('/', '\\'), content: line('x') }],
    ['another case', { name: A.toUpperCase().replace('_MASTER', '_master'), content: line('x') }],
    ['the .gz form', { name: `${A}.gz`, content: gzipSync(line('x')) }],
  ])('refuses a bundle holding a log under %s, naming both entries', async (_, second) => {
    const file = at(`dup-${second.name.replace(/[^a-z]/gi, '_')}.zip`);
    writeFileSync(file, twice(second));
    const got = await collect([file]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'error', label: file });
    expect(got[0]?.message).toBe(
      `refusing bundle ${file}: entries "${A}" and "${second.name.replace(/\\/g, '/')}" are the same node log twice; a DC/OS bundle holds each once, ` +
        'and which copy is the log is ambiguous (unzip keeps one, reading both would count denials twice); download it again from the cluster, or unzip it, keep the copy you trust and scan the folder',
    );
  });

  it('counts the further duplicates in the same line', async () => {
    const file = at('dup-many.zip');
    writeFileSync(file, zipBytes([A, B, A, B, `./${A}`].map((name) => ({ name, content: line('a') }))));
    const got = await collect([file]);
    expect(got.map((g) => g.message)).toEqual([expect.stringContaining(`entries "${A}" and "${A}" are the same node log twice (and 2 more such entries);`)]);
  });

  it('reads logs of one unit in two top folders (two bundles zipped together), and duplicate entries it does not read', async () => {
    const file = at('two-tops.zip');
    writeFileSync(
      file,
      zipBytes([
        { name: `bundle-1/${A}`, content: line('a') },
        { name: `bundle-2/${A}`, content: line('b') },
        { name: 'summaryReport.txt', content: 'x' },
        { name: 'summaryReport.txt', content: 'y' },
        { name: '10.0.0.1_master/', content: '' },
        { name: '10.0.0.1_master/', content: '' },
      ]),
    );
    const got = await collect([file]);
    expect(got.map((g) => [g.kind, g.text])).toEqual([
      ['stream', line('a')],
      ['stream', line('b')],
    ]);
  });

  it('a copy under an unsafe name (drive letter, ..) is skipped and counted, not taken for a duplicate', async () => {
    const file = at('unsafe-copy.zip');
    writeFileSync(file, zipBytes([{ name: A, content: line('a') }, { name: `C:/${A}`, content: line('x') }, { name: `x/../${A}`, content: line('y') }]));
    const got = await collect([file]);
    expect(got.map((g) => [g.kind, g.text ?? g.message])).toEqual([
      ['stream', line('a')],
      ['error', expect.stringMatching(/skipped 2 entries whose names would leave the bundle .* e\.g\. "C:\/10\.0\.0\.1_master/)],
    ]);
  });

  it.each([
    [A, `./${A}`, true],
    [A, `${A}.GZ`, true],
    [A, `10.0.0.1_master/./dcos-adminrouter.service`, true],
    [A, `top/${A}`, false],
    [A, B, false],
    ['10.0.0.1_master/caf\u00e9.log', '10.0.0.1_master/cafe\u0301.log', true],
  ])('node file key: %s and %s are one file: %s', (a, b, same) => {
    expect(nodeFileKey(a) === nodeFileKey(b)).toBe(same);
  });
});
