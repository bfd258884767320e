// The committed fixtures are what test/tools/make-fixtures.mjs writes, and every one parses as documented.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAudit } from '../../../src/core/audit/index.js';
import { createExportDecoder, isContinuationLine, parseLine } from '../../../src/core/journal/index.js';
import type { AuditEvent, EnvelopeKind, JournalEntry, StreamMeta } from '../../../src/core/types.js';
import { nth } from '../../helpers/nth.js';

const FX = join(import.meta.dirname, '../../../fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'a2g-fx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const meta = (label: string, envelope: EnvelopeKind | null = null): StreamMeta => ({ label, host: null, unit: null, envelope, year: 2024 });

/** Lines → entries the way the scanner glues them (continuations appended, headers skipped). */
function entries(text: string, m: StreamMeta): { entries: JournalEntry[]; bad: number } {
  const out: JournalEntry[] = [];
  let bad = 0;
  for (const line of text.split('\n')) {
    const prev = out.at(-1);
    if (prev && isContinuationLine(line)) {
      prev.message += '\n' + line.trim();
      continue;
    }
    const r = parseLine(line, m);
    if (r.kind === 'entry') out.push(r.entry);
    else if (r.kind === 'bad') bad++;
  }
  return { entries: out, bad };
}
const audits = (es: JournalEntry[], m: StreamMeta): AuditEvent[] => es.filter((e) => e.message.includes('type=audit')).map((e) => parseAudit(e, m));
const denials = (evs: AuditEvent[]) => evs.flatMap((e) => (e.type === 'decision' && e.result === 'deny' ? [`${e.uid} ${e.rid} ${e.ridAction}`] : [])).sort();
const read = (p: string) => readFileSync(join(FX, p), 'utf8');

function listFiles(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(dir, join(base, d.name)) : [join(base, d.name)]);
}

describe('fixtures', () => {
  it('are exactly what the generator writes (deterministic)', () => {
    execFileSync(process.execPath, [join(FX, '../test/tools/make-fixtures.mjs'), tmp], { stdio: 'pipe' });
    const made = listFiles(tmp).filter((f) => f !== 'README.md').sort();
    expect(listFiles(FX).filter((f) => f !== 'README.md').sort()).toEqual(made);
    for (const f of made) expect(readFileSync(join(FX, f)).equals(readFileSync(join(tmp, f))), f).toBe(true);
  });

  const STANDARD = ['cassandra-sa dcos:adminrouter:ops:mesos full', 'cassandra-sa dcos:mesos:master:framework:role:cassandra-role create', 'jenkins-sa dcos:service:marathon:marathon:services:/dev/jenkins-agent create'];
  const kinds: [string, EnvelopeKind, EnvelopeKind | null][] = [
    ['short', 'short', null], ['short-precise', 'short-precise', null], ['short-iso', 'short-iso', null],
    ['short-iso-precise', 'short-iso-precise', null], ['short-full', 'short-full', null], ['short-unix', 'short-unix', null],
    ['with-unit', 'with-unit', null], ['cat', 'cat', null], ['json', 'json', null], ['json-seq', 'json', null], ['json-sse', 'json', null],
    ['dcos-node-log', 'dcos-node-log', null], ['bundle', 'bundle', 'bundle'], ['bundle-legacy', 'bundle-legacy', 'bundle-legacy'],
  ];
  it.each(kinds)('envelopes/%s.log', (name, kind, forced) => {
    const m = meta(name, forced);
    const { entries: es, bad } = entries(read(`envelopes/${name}.log`), m);
    expect(bad).toBe(0);
    expect(es).toHaveLength(5);
    for (const e of es) expect(e.envelope).toBe(kind);
    if (kind !== 'cat') expect(es[1]?.time).toBe(Date.UTC(2024, 4, 14, 9, 0, 1) + (['short', 'short-iso', 'short-full', 'with-unit', 'dcos-node-log', 'bundle-legacy'].includes(kind) ? 0 : 37));
    const evs = audits(es, m);
    expect(evs.every((e) => e.type === 'decision')).toBe(true);
    expect(denials(evs)).toEqual(STANDARD);
  });

  it('envelopes/export.export (in 7-byte chunks)', () => {
    const buf = readFileSync(join(FX, 'envelopes/export.export'));
    const d = createExportDecoder(meta('export', 'export'));
    const recs = [];
    for (let i = 0; i < buf.length; i += 7) recs.push(...d.push(buf.subarray(i, i + 7)));
    recs.push(...d.end());
    const es = recs.flatMap((r) => (r.kind === 'entry' ? [r.entry] : []));
    expect(es).toHaveLength(6);
    expect(es[5]?.message).toBe('stack trace follows\n    at x.y(Z.java:1)');
    expect(denials(audits(es, meta('export')))).toEqual(STANDARD);
  });

  it('envelopes/mixed.log: forms detected per line, CRLF, headers, continuations, cut last line', () => {
    const { entries: es, bad } = entries(read('envelopes/mixed.log'), meta('mixed'));
    expect(bad).toBe(0);
    expect(es.map((e) => e.envelope)).toEqual(['short-iso', 'short-iso', 'json', 'short-precise', 'short-full', 'dcos-node-log', 'cat', 'short-iso']);
    expect(es[1]?.message).toContain('\njava.lang.RuntimeException: boom\nat mesosphere');
    expect(es[3]?.message.endsWith('\r')).toBe(false);
    const last = parseAudit(nth(es, 7), meta('mixed'));
    expect(last).toMatchObject({ type: 'malformed' });
  });

  it('envelopes gzip sample', () => {
    const text = gunzipSync(readFileSync(join(FX, 'gz/short-iso.log.gz'))).toString('utf8');
    expect(text).toBe(read('envelopes/short-iso.log'));
  });

  it('messages/*.log', () => {
    const m = meta('messages');
    const ev = (f: string) => audits(entries(read(`messages/${f}`), m).entries, m);
    const ar = ev('adminrouter.log');
    expect(ar.map((e) => (e.type === 'decision' ? `${e.result} ${e.uid} ${e.truncated ? 'cut' : ''}`.trim() : 'malformed'))).toEqual([
      'deny cassandra-sa', 'deny cassandra-sa', 'deny cassandra-sa', 'deny alice', 'allow bob', 'deny cassandra-sa',
      'deny null', 'deny null', 'deny null', 'deny null cut',
    ]);
    expect(denials(ev('mesos.log'))).toEqual(['cassandra-sa /slave(1)/state GET', 'cassandra-sa dcos:mesos:master:framework:role:cassandra-role create', 'cassandra-sa dcos:mesos:master:reservation:role:cassandra-role create']);
    expect(ev('mesos.log').filter((e) => e.type === 'malformed')).toHaveLength(1);
    expect(denials(ev('marathon.log'))).toEqual([
      'jenkins-sa dcos:service:marathon:marathon:admin:leader read', 'jenkins-sa dcos:service:marathon:marathon:services:/dev read',
      'jenkins-sa dcos:service:marathon:marathon:services:/dev/jenkins-agent create', 'jenkins-sa dcos:service:marathon:marathon:services:/dev/jenkins-agent update',
      'jenkins-sa dcos:service:marathon:marathon:services:/dev/old delete']);
    expect(denials(ev('metronome.log'))).toEqual(['jenkins-sa dcos:service:metronome:metronome:jobs:ci.nightly create', 'jenkins-sa dcos:service:metronome:metronome:jobs:cleanup read']);
    expect(denials(ev('generic.log'))).toEqual(['cassandra-sa dcos:secrets:default:/cassandra/tls-key read', 'kafka-sa dcos:iam:users read']);
    // Words before the record (`audit: …`): not one logfmt record, so not verified (docs/audit-log-forms.md).
    expect(ev('generic.log')[1]).toMatchObject({ type: 'unverified' });
    expect(ev('generic.log')[2]).toMatchObject({ type: 'malformed' });
  });

  const SAMPLE = [
    'cassandra-sa /slave(1)/state GET',
    'cassandra-sa dcos:adminrouter:ops:exhibitor full',
    'cassandra-sa dcos:adminrouter:ops:mesos full',
    'cassandra-sa dcos:adminrouter:ops:mesos full',
    'cassandra-sa dcos:adminrouter:ops:system-metrics full',
    'cassandra-sa dcos:mesos:agent:framework:role:cassandra-role read',
    'cassandra-sa dcos:mesos:master:framework:role:cassandra-role create',
    'cassandra-sa dcos:mesos:master:framework:role:cassandra-role create',
    'cassandra-sa dcos:mesos:master:framework:role:cassandra-role create',
    'cassandra-sa dcos:mesos:master:reservation:role:cassandra-role create',
    'cassandra-sa dcos:mesos:master:task:user:nobody create',
    'cassandra-sa dcos:mesos:master:volume:role:cassandra-role create',
    'cassandra-sa dcos:service:marathon:marathon:services:/cassandra read',
    'jenkins-sa dcos:service:marathon:marathon:services:/dev/jenkins-agent create',
    'jenkins-sa dcos:service:metronome:metronome:jobs:ci.nightly create',
    'kafka-sa dcos:mesos:master:framework:role:kafka-role create',
    'null dcos:adminrouter:ops:mesos full', // expired token
    'null dcos:adminrouter:ops:mesos full', // cut line: uid unknown (the preceding notice names it)
  ];
  function sampleEvents(): AuditEvent[] {
    return ['master-1.log', 'master-2.json', 'agent-1.log'].flatMap((f) => audits(entries(read(`sample/${f}`), meta(f)).entries, meta(f)));
  }
  it('sample/: the denials a newcomer should find', () => {
    const evs = sampleEvents();
    expect(denials(evs)).toEqual(SAMPLE);
    expect(evs.filter((e) => e.type === 'malformed')).toHaveLength(1);
    expect(evs.filter((e) => e.type === 'decision' && e.result === 'allow')).toHaveLength(2);
  });

  function exportEvents(buf: Buffer): AuditEvent[] {
    const d = createExportDecoder(meta('x', 'export'));
    const es = [...d.push(buf), ...d.end()].flatMap((r) => (r.kind === 'entry' ? [r.entry] : []));
    return audits(es, meta('x'));
  }
  it('export/sample.export holds the same denials', () => {
    expect(denials(exportEvents(readFileSync(join(FX, 'export/sample.export'))))).toEqual(SAMPLE);
  });

  const remote = '/lib/systemd/systemd-journal-remote';
  it.skipIf(!existsSync(remote) || spawnSync('journalctl', ['--version']).status !== 0)('systemd-journal-remote builds a journal from export/sample.export; journalctl -o json reads back the same denials', () => {
    const out = join(tmp, 'sample.journal');
    execFileSync(remote, ['-o', out, join(FX, 'export/sample.export')], { stdio: 'pipe' });
    const json = execFileSync('journalctl', ['--file', out, '-o', 'json', '--no-pager'], { encoding: 'utf8' });
    const m = meta('journal');
    const { entries: es, bad } = entries(json, m);
    expect(bad).toBe(0);
    expect(es.every((e) => e.envelope === 'json')).toBe(true);
    expect(denials(audits(es, m))).toEqual(SAMPLE);
  });

  it.each([['bundle/bundle-new.zip'], ['bundle/bundle-legacy.zip']])('%s: per-node folders, .gz and plain entries, no directory entries', async (p) => {
    const names = await new Promise<string[]>((resolve, reject) => {
      yauzl.open(join(FX, p), { lazyEntries: false }, (err, zip) => {
        if (err || !zip) return reject(err);
        const n: string[] = [];
        zip.on('entry', (e: yauzl.Entry) => n.push(e.fileName)).on('end', () => resolve(n)).on('error', reject);
      });
    });
    expect(names.some((n) => n.endsWith('/'))).toBe(false);
    expect(names.some((n) => /^10\.0\.0\.1_master\/dcos-[a-z-]+\.service\.gz$/.test(n))).toBe(true);
    expect(names.some((n) => /^10\.0\.0\.1_master\/dcos-[a-z-]+\.service$/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith('10.0.1.5_agent/'))).toBe(true);
  });
});
