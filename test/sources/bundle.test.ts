import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';
import { collect, tempDir } from './helpers.js';
import { bundleLogEntry } from '../../src/sources/bundle-path.js';

const NEW = '2020-03-15 10:23:45.123456 +0000 UTC type=audit result=deny uid=svc\n';
const OLD = '2019-04-10 10:23:45: type=audit result=deny uid=svc\n';

function writeZip(path: string, entries: Array<[string, Buffer | string]>, dirs: string[] = []): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const d of dirs) zip.addEmptyDirectory(d);
  for (const [name, data] of entries) zip.addBuffer(Buffer.from(data), name, { mtime: new Date('2020-03-16T00:00:00Z') });
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject);
  });
}

describe('diagnostics bundles', () => {
  const t = tempDir();
  const d = t.dir;
  beforeAll(async () => {
    await writeZip(
      join(d, 'bundle.zip'),
      [
        ['summaryReport.txt', 'type=audit in a report\n'],
        ['report.json', '{}'],
        ['10.0.0.1_master/dcos-mesos-master.service', NEW.repeat(2)],
        ['10.0.0.1_master/dcos-adminrouter.service.gz', gzipSync(OLD)],
        ['10.0.0.1_master/5050-master_state.json', '{"type=audit":1}'],
        ['10.0.0.1_master/ip_addr_show.output', 'x'],
        ['10.0.0.2_agent_public/dcos-mesos-slave-public.service', NEW],
        // gzip inside the zip without a .gz name: sniffed
        ['10.0.0.3_agent/dcos-mesos-slave.service', gzipSync(NEW)],
      ],
      ['10.0.0.1_master/'],
    );
    // bundle under another name: detected by the PK magic
    writeFileSync(join(d, 'bundle-download'), readFileSync(join(d, 'bundle.zip')));
    writeFileSync(join(d, 'corrupt.zip'), 'this is not a zip at all\n');
    const good = readFileSync(join(d, 'bundle.zip'));
    writeFileSync(join(d, 'cut.zip'), good.subarray(0, good.length - 40));
    await writeZip(join(d, 'nologs.zip'), [['summaryReport.txt', 'hi']]);
    const cut = gzipSync(NEW.repeat(5000));
    await writeZip(join(d, 'junkentry.zip'), [
      ['10.0.0.1_master/dcos-marathon.service.gz', Buffer.concat([gzipSync(NEW.repeat(5000)), Buffer.from('junk')])],
      ['10.0.0.1_master/dcos-metronome.service', NEW],
    ]);
    await writeZip(join(d, 'badentry.zip'), [
      ['10.0.0.1_master/dcos-marathon.service.gz', cut.subarray(0, cut.length >> 1)],
      ['10.0.0.1_master/dcos-metronome.service', NEW],
    ]);
  });
  afterAll(() => t.cleanup());

  it('streams each unit log with host and unit from the entry path, skipping reports and dumps', async () => {
    const got = await collect([join(d, 'bundle.zip')]);
    const z = join(d, 'bundle.zip');
    expect(got.map((g) => [g.kind, g.label, g.host, g.unit, g.text])).toEqual([
      ['stream', `${z}!10.0.0.1_master/dcos-mesos-master.service`, '10.0.0.1', 'dcos-mesos-master.service', NEW.repeat(2)],
      ['stream', `${z}!10.0.0.1_master/dcos-adminrouter.service.gz`, '10.0.0.1', 'dcos-adminrouter.service', OLD],
      ['stream', `${z}!10.0.0.2_agent_public/dcos-mesos-slave-public.service`, '10.0.0.2', 'dcos-mesos-slave-public.service', NEW],
      ['stream', `${z}!10.0.0.3_agent/dcos-mesos-slave.service`, '10.0.0.3', 'dcos-mesos-slave.service', NEW],
      // not a unit log, but audit text outside JSON: read as the unpacked folder would read it
      ['stream', `${z}!summaryReport.txt`, null, null, 'type=audit in a report\n'],
      // a JSON dump quoting type=audit: not read, but named
      ['error', `${z}!10.0.0.1_master/5050-master_state.json`, undefined, undefined, undefined],
    ]);
    expect(got[5]?.message).toBe(`${z}!10.0.0.1_master/5050-master_state.json holds "type=audit" but was not read: it is a JSON document, not a log (an endpoint dump may quote log lines); if it holds a log, unzip the bundle and scan the file`);
    expect(got[0]).toMatchObject({ size: NEW.length * 2, framing: 'lines', year: null });
    // The entry's modification time (a DOS time: local time, as yauzl reads it).
    expect(new Date(got[0]!.writtenAt!).getFullYear()).toBe(2020);
    expect(got[1]?.size).toBeNull();
  });

  it('detects a bundle by its magic bytes whatever its name', async () => {
    const got = await collect([join(d, 'bundle-download')]);
    expect(got).toHaveLength(6);
    expect(got[0]?.label).toBe(`${join(d, 'bundle-download')}!10.0.0.1_master/dcos-mesos-master.service`);
  });

  it('reports a corrupt or cut zip in one line naming the file, and reads the next source', async () => {
    const got = await collect([join(d, 'corrupt.zip'), join(d, 'cut.zip'), join(d, 'nologs.zip')]);
    expect(got.map((g) => [g.kind, g.label])).toEqual([
      ['error', join(d, 'corrupt.zip')],
      ['error', join(d, 'cut.zip')],
      ['error', join(d, 'nologs.zip')],
    ]);
    expect(got[0]?.message).toMatch(/^corrupt zip: .*corrupt\.zip is not a readable zip archive/);
    expect(got[1]?.message).toMatch(/^corrupt zip: .*cut\.zip/);
    expect(got[2]?.message).toMatch(/^no unit logs in bundle .*nologs\.zip/);
    for (const g of got) expect(g.message).not.toContain('\n');
  });

  it('a gzip entry with bytes after its gzip data: all its data, a warning for that entry, and the next entries', async () => {
    const got = await collect([join(d, 'junkentry.zip')]);
    expect(got.map((g) => g.kind)).toEqual(['stream', 'error', 'stream']);
    expect(got[0]?.text).toBe(NEW.repeat(5000));
    expect(got[1]).toMatchObject({ incomplete: 'gzip-trailing-bytes', message: expect.stringMatching(/^.*junkentry\.zip!10\.0\.0\.1_master\/dcos-marathon\.service\.gz: its gzip data decompressed to 340000 bytes .*; the 4 bytes after it are not gzip/) });
    expect(got[2]?.text).toBe(NEW);
  });

  it('a truncated gzip entry yields its bytes, an error for that entry, and the next entries', async () => {
    const got = await collect([join(d, 'badentry.zip')]);
    expect(got.map((g) => g.kind)).toEqual(['stream', 'error', 'stream']);
    expect(got[0]?.bytes).toBeGreaterThan(1000);
    expect(got[1]?.message).toMatch(/^truncated gzip: .*badentry\.zip!10\.0\.0\.1_master\/dcos-marathon\.service\.gz/);
    expect(got[2]?.text).toBe(NEW);
  });

  it('reads entries outside the unit log rule that hold journal output, with the node folder as host; skips the others', async () => {
    const iso = '2024-05-14T09:00:00+0000 master-2 nginx[1240]: a line\n';
    const zip = join(d, 'extras.zip');
    await writeZip(zip, [
      ['10.0.0.1_master/dcos-mesos-master.service', ''],
      ['logs/master-2.log', iso + NEW],
      ['10.0.0.2_master/journal.txt', gzipSync(iso)],
      ['10.0.0.2_master/dcos-mesos-master.service.1', iso],
      ['10.0.0.2_master/ip_addr_show.output', '1: lo: <LOOPBACK,UP> mtu 65536\n'],
      ['10.0.0.2_master/5050-master_state.json', '{"log":"type=audit"}'],
    ]);
    const got = await collect([zip]);
    expect(got.map((g) => [g.kind, g.label.slice(zip.length + 1), g.host, g.unit])).toEqual([
      ['stream', '10.0.0.1_master/dcos-mesos-master.service', '10.0.0.1', 'dcos-mesos-master.service'],
      ['stream', 'logs/master-2.log', null, null],
      ['stream', '10.0.0.2_master/journal.txt', '10.0.0.2', 'journal.txt'],
      ['stream', '10.0.0.2_master/dcos-mesos-master.service.1', '10.0.0.2', 'dcos-mesos-master.service.1'],
      ['error', '10.0.0.2_master/5050-master_state.json', undefined, undefined],
    ]);
    expect(got[1]?.text).toBe(iso + NEW);
    expect(got[2]?.text).toBe(iso);
  });

  it.each([
    ['10.0.0.1_master/dcos-mesos-master.service', { host: '10.0.0.1', role: 'master', unit: 'dcos-mesos-master.service' }],
    ['10.0.0.1_agent_public/dcos-mesos-slave-public.service.gz', { host: '10.0.0.1', role: 'agent_public', unit: 'dcos-mesos-slave-public.service' }],
    ['bundle-2020/10.0.0.9_agent/mesos-agent.log', { host: '10.0.0.9', role: 'agent', unit: 'mesos-agent.log' }],
    ['summaryReport.txt', null],
    ['10.0.0.1_master/', null],
    ['10.0.0.1_master/5050-master_state.json', null],
    ['10.0.0.1_master/dmesg-0.output.gz', null],
    ['logs/dcos-mesos-master.service', null],
  ])('bundle entry rule: %s', (name, want) => {
    expect(bundleLogEntry(name)).toEqual(want);
  });
});
