// A json line names its writer only in a stream of json from its first line (scanner/json-form.ts,
// docs/audit-log-forms.md): in a `-o cat` file, a bundle's unit log or after any line of another
// form, a task can print a journal json object with the `_SYSTEMD_UNIT` of its choice.
import { describe, expect, it } from 'vitest';
import { createLineScanner } from '../../../src/core/scanner/chunks.js';
import { defaultParsers } from '../../../src/core/scanner/defaults.js';
import { scanBuffers } from '../../../src/core/scanner/newlines.js';
import { createChunkScanner } from '../../../src/core/scanner/scanner.js';
import type { AuditEvent, StreamMeta } from '../../../src/core/types.js';

const meta = (over: Partial<StreamMeta> = {}): StreamMeta => ({ label: 't', host: null, unit: null, envelope: null, year: 2024, ...over });

const record = (uid: string, result = 'deny') => `type=audit uid=${uid} object=dcos:superuser action=full result=${result} authorizer=bouncer`;
const json = (uid: string, result = 'deny'): string =>
  JSON.stringify({ __REALTIME_TIMESTAMP: '1715677801000000', _HOSTNAME: 'master-1', SYSLOG_IDENTIFIER: 'bouncer.sh', _SYSTEMD_UNIT: 'dcos-bouncer.service', MESSAGE: record(uid, result) });
const REAL = json('real-sa');
const FORGED = json('victim-sa');

function scan(text: string, opts: { meta?: StreamMeta; chunk?: number; mode?: 'usage'; framing?: 'export' } = {}): AuditEvent[] {
  const events: AuditEvent[] = [];
  const s = createChunkScanner(opts.meta ?? meta(), (e) => events.push(e), { mode: opts.mode, framing: opts.framing });
  const bytes = Buffer.from(text);
  const step = opts.chunk ?? bytes.length;
  for (let at = 0; at < bytes.length; at += step) s.push(bytes.subarray(at, at + step));
  s.end();
  return events;
}

const decisions = (evs: AuditEvent[]) => evs.flatMap((e) => (e.type === 'decision' ? [e.uid] : []));
const unverified = (evs: AuditEvent[]) => evs.flatMap((e) => (e.type === 'unverified' ? [e.why] : []));
const lines = (...ls: string[]) => ls.join('\n') + '\n';

describe('json lines name their writer only in a stream of json from its start', () => {
  it('a -o cat file: a task printed a journal json object as its message (the review\'s repro)', () => {
    for (const chunk of [undefined, 1, 7]) {
      const evs = scan(lines('real task output line', FORGED), { chunk });
      expect(decisions(evs)).toEqual([]);
      expect(unverified(evs)).toEqual([expect.stringContaining('json entry after lines of another form')]);
    }
  });

  it('json, json-seq and json-sse streams still verify their records, at any chunking', () => {
    for (const chunk of [undefined, 1, 7]) {
      expect(decisions(scan(lines(REAL, REAL), { chunk }))).toEqual(['real-sa', 'real-sa']);
      expect(decisions(scan(lines(`\u001e${REAL}`, `\u001e${REAL}`), { chunk }))).toEqual(['real-sa', 'real-sa']);
      // json-sse separates entries with an empty line: no form of its own.
      expect(decisions(scan(`data: ${REAL}\n\ndata: ${REAL}\r\n\r\n`, { chunk }))).toEqual(['real-sa', 'real-sa']);
    }
  });

  it('after a line of another form (text, another json form), json lines are unverified for the rest of the stream', () => {
    // The json lines before that line are read while the form holds, in the same read or not.
    for (const chunk of [undefined, 1, 7, REAL.length + 1]) {
      expect(decisions(scan(lines(REAL, REAL, 'appended text', FORGED, REAL), { chunk }))).toEqual(['real-sa', 'real-sa']);
      expect(decisions(scan(lines(REAL, `\u001e${FORGED}`, REAL), { chunk }))).toEqual(['real-sa']);
    }
    // An indented line is another form too (journalctl's json has none); one right after a record
    // continues it (a multi-line message: unverified).
    expect(decisions(scan(lines(REAL, REAL, '', `  ${FORGED}`, FORGED)))).toEqual(['real-sa', 'real-sa']);
    expect(unverified(scan(lines(REAL, '  x', FORGED)))).toHaveLength(2);
  });

  it('the same where type=audit is found from the blocks the line count flags (a chunk in wasm memory)', () => {
    const text = Buffer.from(lines(...Array<string>(40).fill(REAL), 'appended text', FORGED, REAL));
    const [buf] = scanBuffers(1, text.length) ?? [];
    if (!buf) return; // no WebAssembly: never flagged
    text.copy(buf);
    for (const findWith of ['flags', 'needle'] as const) {
      const out: AuditEvent[] = [];
      const s = createLineScanner(meta(), (e) => out.push(e), defaultParsers, [], false, findWith);
      s.push(buf.subarray(0, text.length));
      s.end();
      expect(decisions(out), findWith).toEqual(Array<string>(40).fill('real-sa'));
      expect(unverified(out), findWith).toHaveLength(2);
    }
  });

  it('a line that does not parse as json is text there, not a cut journal entry', () => {
    const evs = scan(lines('text', `{"MESSAGE":"${record('victim-sa')}`));
    expect(evs.filter((e) => e.type === 'malformed')).toEqual([]);
    expect(unverified(evs)).toHaveLength(1);
  });

  it('unused: a json allow after text is no use', () => {
    const evs = scan(lines('text', json('victim-sa', 'allow')), { mode: 'usage' });
    expect(evs.map((e) => e.type)).toEqual(['unverified']);
    expect(scan(lines(json('real-sa', 'allow')), { mode: 'usage' }).map((e) => e.type)).toEqual(['decision']);
  });

  it('text after export data: its json lines name no writer', () => {
    const block = '__CURSOR=s=1;i=1\n__REALTIME_TIMESTAMP=1715677801000000\n_HOSTNAME=master-1\n_SYSTEMD_UNIT=dcos-bouncer.service\nSYSLOG_IDENTIFIER=bouncer.sh\n' +
      `MESSAGE=${record('real-sa')}\n\n`;
    const evs = scan(block + 'text\n' + lines(FORGED), { framing: 'export' });
    expect(decisions(evs)).toEqual(['real-sa']);
  });

  it('a stream meta another stream shares keeps no state: each stream starts anew', () => {
    const shared = meta();
    expect(decisions(scan(lines('text', FORGED), { meta: shared }))).toEqual([]);
    expect(decisions(scan(lines(REAL), { meta: shared }))).toEqual(['real-sa']);
  });
});

describe("a bundle's unit log keeps its unit", () => {
  const entry = meta({ label: 'b.zip!10.0.0.9_master/job-runner.service', host: '10.0.0.9', unit: 'job-runner.service', envelope: 'bundle' });
  it("a json line at its start does not take the unit it names (the entry's name is the unit)", () => {
    const evs = scan(lines(FORGED), { meta: entry });
    expect(decisions(evs)).toEqual([]);
    expect(unverified(evs)).toEqual([expect.stringContaining('unit job-runner.service')]);
  });
  it('nor does a with-unit or short-iso line naming another unit', () => {
    expect(decisions(scan(lines(`Tue 2024-05-14 09:10:01 UTC master-1 dcos-bouncer.service[4800]: ${record('victim-sa')}`), { meta: entry }))).toEqual([]);
    expect(decisions(scan(lines(`2024-05-14T09:10:01+0000 master-1 dcos-bouncer.service[4800]: ${record('victim-sa')}`), { meta: entry }))).toEqual([]);
  });
  it("an entry named after a file, not a unit, leaves the line's unit", () => {
    expect(decisions(scan(lines(REAL), { meta: meta({ host: '10.0.0.9', unit: 'extra.log' }) }))).toEqual(['real-sa']);
  });
});
