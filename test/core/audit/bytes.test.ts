// A byte that is not valid UTF-8 reads as the text `\xNN` (journal/utf8.ts). In a quoted value the
// tokenizer used to take that `\x` for an escape, so `object="dcos:<FF>iam"` became `dcos:xffiam`.
// Now `\xNN` is kept as written, and a decision whose uid, object or action holds one is malformed:
// a grant of that text would not be one of what was denied (docs/audit-log-forms.md). Elsewhere in
// the line (a request URI, a User-Agent) such bytes change nothing (test/core/journal/utf8.test.ts).
import { describe, expect, it } from 'vitest';
import { parseAudit } from '../../../src/core/audit/index.js';
import { readPairs } from '../../../src/core/audit/kv.js';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { createExportDecoder, parseLine } from '../../../src/core/journal/index.js';
import { decodeBytes } from '../../../src/core/journal/utf8.js';
import { createChunkScanner } from '../../../src/core/scanner/index.js';
import type { ParsedAudit, StreamMeta } from '../../../src/core/types.js';
import { ar, marathon, mesos } from '../../pipeline/lines.js';

const meta: StreamMeta = { label: 'b', host: null, unit: null, envelope: null, year: 2019 };
const FF = Buffer.from([0xff]);
/** `line` with the byte 0xFF inserted right after `at`. */
const withFF = (line: string, at: string): Buffer => {
  const i = line.indexOf(at) + at.length;
  if (i < at.length) throw new Error(`no ${at}`);
  return Buffer.concat([Buffer.from(line.slice(0, i)), FF, Buffer.from(line.slice(i))]);
};
function parsed(bytes: Buffer): ParsedAudit {
  const r = parseLine(decodeBytes(bytes, 0, bytes.length), meta);
  if (r.kind !== 'entry') throw new Error('not an entry');
  return parseAudit(r.entry, meta);
}
const why = (ev: ParsedAudit) => (ev.type === 'malformed' || ev.type === 'unverified' ? ev.why : ev.type);

const ms = mesos('svc-m').replace('framework:role:cassandra-role', 'framework:role:iam');
const cases: [string, Buffer][] = [
  ['Mesos, in the quoted object (the red team\'s)', withFF(ms, 'object="dcos:mesos:master:framework:role:')],
  ['Mesos, in the quoted uid', withFF(ms, 'uid="svc')],
  ['Mesos, in the quoted action', withFF(ms, 'action="cr')],
  ['Marathon, in the path (the rid is derived from it)', withFF(marathon('svc-p', '/dev/app'), 'path=/dev/')],
  ['Metronome, in the job id (its last part is not in the rid)', withFF(marathon('svc-p', 'prod.backup.nightly').replace('marathon.sh[1500]', 'metronome[1600]').replace(/marathon/g, 'metronome'), 'nightly')],
  ['Admin Router, in the bare object', withFF(ar({ uid: 'svc-a', rid: 'dcos:adminrouter:ops:mesos' }), 'object=dcos:')],
  ['Admin Router, in the uid', withFF(ar({ uid: 'svc-a' }), ' uid=svc')],
  ['a generic record, in the object', withFF('Mar 01 12:00:00 m1 secrets.sh[5]: type=audit result=deny uid=u action=read object=dcos:secrets:default:/a', 'object=dcos:')],
];

describe('a finding\'s fields holding a byte that is not valid UTF-8', () => {
  it.each(cases)('%s: malformed, never a finding with an altered value', (_what, line) => {
    const ev = parsed(line);
    expect(ev.type).toBe('malformed');
    expect(why(ev)).toMatch(/uid, object or action holds a byte that is not valid UTF-8 \(shown as \\xNN\)/);
    // The same line without the byte is a decision: the byte alone decides.
    const clean = Buffer.from(line.toString('latin1').replace('\u00ff', ''), 'latin1');
    expect(parsed(clean).type).toBe('decision');
  });

  it.each(cases)('%s: the scanner counts it malformed, with and without --uid', (_what, line) => {
    const stats = [[], ['svc-m'], ['svc-p'], ['svc-a'], ['u'], ['someone-else']].map((uids) => {
      const aggregator = createFindingsAggregator({ uids, since: null, until: null });
      const s = createChunkScanner(meta, (e) => aggregator.add(e), { uids });
      s.push(Buffer.concat([line, Buffer.from('\n')]));
      s.end();
      const r = aggregator.result({ bytes: 0, lines: 1, sources: 1, elapsedMs: 0, errors: [] });
      expect(r.findings).toEqual([]);
      return { ...r.stats, filteredLines: 0 };
    });
    expect(stats[0]).toMatchObject({ auditLines: 1, denyLines: 0, malformedLines: 1 });
    for (const s of stats) expect(s).toEqual(stats[0]);
  });

  it('json (MESSAGE as byte values) and export (binary MESSAGE) alike', () => {
    const msg = withFF(ms, 'object="dcos:mesos:master:framework:role:').subarray(ms.indexOf('I0301'));
    const j = parseLine(JSON.stringify({ MESSAGE: [...msg], _SYSTEMD_UNIT: 'dcos-mesos-master.service', SYSLOG_IDENTIFIER: 'mesos-master' }), meta);
    if (j.kind !== 'entry') throw new Error('not an entry');
    expect(j.entry.message).toContain('role:\\xffiam');
    expect(why(parseAudit(j.entry, meta))).toMatch(/not valid UTF-8/);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(msg.length));
    const dec = createExportDecoder(meta);
    const [r] = [...dec.push(Buffer.concat([Buffer.from('_SYSTEMD_UNIT=dcos-mesos-master.service\nMESSAGE\n'), len, msg, Buffer.from('\n\n')])), ...dec.end()];
    if (r?.kind !== 'entry') throw new Error('no entry');
    expect(why(parseAudit(r.entry, meta))).toMatch(/not valid UTF-8/);
  });
});

describe('readPairs keeps a byte\'s \\xNN as written', () => {
  it.each([
    ['object="dcos:\\xffiam"', 'dcos:\\xffiam'], // a byte, as the readers show it: not `dcos:xffiam`
    ['object="a\\x4"', 'ax4'], // not a byte escape: the backslash escapes the x, as before
    ['object="a\\\\xff"', 'a\\xff'], // an escaped backslash, then text
    ['object="\\"\\xFE\\""', '"\\xFE"'],
    ['object=dcos:\\xffiam', 'dcos:\\xffiam'], // bare values have no escapes
  ])('%s', (text, value) => {
    expect(readPairs(text).values.get('object')).toBe(value);
  });
});
