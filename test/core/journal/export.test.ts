import { describe, expect, it } from 'vitest';
import { createExportDecoder, type ExportRecord } from '../../../src/core/journal/index.js';
import { MAX_LINE_BYTES, type StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 'x.export', host: null, unit: null, envelope: 'export', year: null };

function binField(key: string, value: Buffer): Buffer {
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(value.length));
  return Buffer.concat([Buffer.from(key + '\n'), len, value, Buffer.from('\n')]);
}

const AUDIT = 'type=audit object=dcos:mesos:master:framework:role:cassandra action=create result=deny uid="cassandra-sa"';
const sample = Buffer.concat([
  Buffer.from('__CURSOR=s=1;i=1\n__REALTIME_TIMESTAMP=1551441600123456\n_HOSTNAME=m1\n_SYSTEMD_UNIT=dcos-mesos-master.service\nSYSLOG_IDENTIFIER=mesos-master\n_PID=3708\nMESSAGE=' + AUDIT + '\n\n'),
  Buffer.from('__CURSOR=s=1;i=2\n__REALTIME_TIMESTAMP=1551441601000000\n_HOSTNAME=m1\n_COMM=nginx\n'),
  binField('MESSAGE', Buffer.concat([Buffer.from('line one\ntype=audit é '), Buffer.from([0xff, 0x00]), Buffer.from(' end')])),
  Buffer.from('_PID=12\n\n'),
  Buffer.from('__CURSOR=s=1;i=3\n_HOSTNAME=a1\n\n'), // no MESSAGE
]);

function decodeAll(chunks: Buffer[], opts = {}): ExportRecord[] {
  const d = createExportDecoder(meta, opts);
  const out: ExportRecord[] = [];
  for (const c of chunks) out.push(...d.push(c));
  out.push(...d.end());
  return out;
}

function check(records: ExportRecord[]): void {
  expect(records).toHaveLength(3);
  expect(records[0]).toMatchObject({ kind: 'entry', entry: { envelope: 'export', time: Date.UTC(2019, 2, 1, 12) + 123, host: 'm1', unit: 'dcos-mesos-master.service', ident: 'mesos-master', pid: 3708, cursor: 's=1;i=1', message: AUDIT } });
  expect(records[1]).toMatchObject({ kind: 'entry', entry: { ident: 'nginx', pid: 12, host: 'm1', time: Date.UTC(2019, 2, 1, 12, 0, 1) } });
  // invalid UTF-8 is kept as its bytes, escaped (a replacement character would lose them)
  expect(records[1]?.kind === 'entry' && records[1]?.entry.message).toBe('line one\ntype=audit é \\xff\u0000 end');
  expect(records[2]).toEqual({ kind: 'bad', why: 'export entry without MESSAGE' });
}

describe('export decoder', () => {
  it('decodes a whole buffer', () => check(decodeAll([sample])));

  it('decodes with the chunk boundary at every byte offset', () => {
    for (let i = 1; i < sample.length; i++) check(decodeAll([sample.subarray(0, i), sample.subarray(i)]));
  });

  it('decodes one byte at a time', () => {
    check(decodeAll([...sample].map((b) => Buffer.from([b]))));
  });

  it('counts entries and lets accept drop entries before decoding', () => {
    const d = createExportDecoder(meta, { accept: (m: Buffer) => m.indexOf('role:cassandra') >= 0 });
    const out = [...d.push(sample), ...d.end()];
    expect(out.filter((r) => r.kind === 'entry')).toHaveLength(1);
    expect(d.entries).toBe(3);
  });

  it('emits the last entry without its closing blank line', () => {
    const r = decodeAll([Buffer.from('MESSAGE=hello\n_HOSTNAME=h')]);
    expect(r).toMatchObject([{ kind: 'entry', entry: { message: 'hello', host: 'h' } }]);
  });

  it('reports input that ends inside a binary field as damage', () => {
    const r = decodeAll([binField('MESSAGE', Buffer.from('abcdef')).subarray(0, 12)]);
    expect(r).toEqual([{ kind: 'damaged', why: 'export entry 1 is cut: the input ends inside a binary field' }]);
  });

  it('reads CRLF export (binary fields included) as journalctl wrote it, and skips a BOM', () => {
    const crlf = Buffer.from(sample.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    check(decodeAll([crlf]));
    for (let i = 1; i < crlf.length; i += 7) check(decodeAll([crlf.subarray(0, i), crlf.subarray(i)]));
    check(decodeAll([Buffer.from([0xef, 0xbb, 0xbf]), sample]));
  });

  it('hands back what follows export data that is no export field, whole, as text', () => {
    const text = Buffer.from('2024-05-14T09:00:00+0000 m1 nginx[1]: type=audit x\nmore\n');
    for (let i = 1; i < sample.length + text.length; i += 5) {
      const all = Buffer.concat([sample, text]);
      const r = decodeAll([all.subarray(0, i), all.subarray(i)]);
      const last = r.at(-1)!;
      expect(r.filter((x) => x.kind === 'entry')).toHaveLength(2);
      expect(last.kind).toBe('text');
      // The rest of the chunk the text started in: the text from its start (the caller gets later chunks).
      if (last.kind === 'text') expect(text.toString().startsWith(last.rest.toString()) || last.rest.toString().startsWith('2024')).toBe(true);
      if (last.kind === 'text') expect(last.damaged).toBeNull();
    }
  });

  it('drops an audit entry cut by a line that is no export field, and says it is damaged', () => {
    // Never emitted: the fields it lost (its writer's) may be what verifies it, and the line that cut it is of unknown origin.
    const r = decodeAll([Buffer.from(`__CURSOR=a\nMESSAGE=${AUDIT}\nnot a field\n_HOSTNAME=h\n\n`)]);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ kind: 'text', damaged: 'export entry 1 (an audit record) is cut: a line that is no export field follows its fields' });
  });

  it('skips a binary field over the cap without buffering it, and keeps going', () => {
    const big = Buffer.alloc(MAX_LINE_BYTES + 10, 0x61);
    const input = Buffer.concat([Buffer.from('_HOSTNAME=h\n'), binField('MESSAGE', big), Buffer.from('\nMESSAGE=next\n\n')]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < input.length; i += 65536) chunks.push(input.subarray(i, i + 65536));
    const r = decodeAll(chunks);
    expect(r[0]).toMatchObject({ kind: 'bad', why: expect.stringMatching(/over the .*cap/) });
    expect(r[1]).toEqual({ kind: 'bad', why: 'export entry without MESSAGE' });
    expect(r[2]).toMatchObject({ kind: 'entry', entry: { message: 'next' } });
  });

  it('skips a text field line over the cap', () => {
    const input = Buffer.concat([Buffer.from('MESSAGE='), Buffer.alloc(MAX_LINE_BYTES + 5, 0x62), Buffer.from('\n_HOSTNAME=h\n\nMESSAGE=ok\n\n')]);
    const r = decodeAll([input.subarray(0, 300000), input.subarray(300000, 700000), input.subarray(700000)]);
    expect(r[0]).toMatchObject({ kind: 'bad', why: expect.stringMatching(/over/) });
    expect(r.at(-1)).toMatchObject({ kind: 'entry', entry: { message: 'ok' } });
  });

  it('ends the export data at a name line followed by an impossible length (a word alone in text, or corruption)', () => {
    const len = Buffer.alloc(8, 0xff);
    const r = decodeAll([Buffer.concat([Buffer.from(`MESSAGE=${AUDIT}\nMESSAGE\n`), len, Buffer.from('junk\n\nMESSAGE=after\n\n')])]);
    expect(r).toHaveLength(1); // the cut audit entry is dropped
    expect(r[0]).toMatchObject({ kind: 'text', damaged: expect.stringMatching(/entry 1 \(an audit record\) is cut: its binary field MESSAGE has an impossible length/) });
    expect(r[0]?.kind === 'text' && r[0].rest).toEqual(Buffer.concat([Buffer.from('MESSAGE\n'), len, Buffer.from('junk\n\nMESSAGE=after\n\n')]));
  });
});
