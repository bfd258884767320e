// Writes the forgery corpus (records.ts) in every envelope the scanner reads: the journalctl short
// family, with-unit, cat, json (+ json-seq, json-sse), export, `dcos node log`, diagnostics bundles
// (zip, new and legacy line forms; an unpacked bundle folder; a bundle-form file outside one) and,
// when systemd-journal-remote exists, a binary `.journal`. Deterministic.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { corpusLines, expectedReal, VICTIM, type CorpusLine, type Real, type Rec } from './records.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const d = (t: number) => new Date(t);
const ymd = (t: number) => `${d(t).getUTCFullYear()}-${p2(d(t).getUTCMonth() + 1)}-${p2(d(t).getUTCDate())}`;
const hms = (t: number) => `${p2(d(t).getUTCHours())}:${p2(d(t).getUTCMinutes())}:${p2(d(t).getUTCSeconds())}`;
const micros = (t: number) => String((t % 1000) * 1000 + 123).padStart(6, '0');

/** The line prefix of each text form (the message follows). */
const PREFIX: Record<string, (r: Rec) => string> = {
  short: (r) => `${MON[d(r.t).getUTCMonth()]} ${p2(d(r.t).getUTCDate())} ${hms(r.t)} ${r.host} ${r.ident}[${r.pid}]: `,
  'short-precise': (r) => `${MON[d(r.t).getUTCMonth()]} ${p2(d(r.t).getUTCDate())} ${hms(r.t)}.${micros(r.t)} ${r.host} ${r.ident}[${r.pid}]: `,
  'short-iso': (r) => `${ymd(r.t)}T${hms(r.t)}+0000 ${r.host} ${r.ident}[${r.pid}]: `,
  'short-iso-precise': (r) => `${ymd(r.t)}T${hms(r.t)}.${micros(r.t)}+0000 ${r.host} ${r.ident}[${r.pid}]: `,
  'short-full': (r) => `${DAY[d(r.t).getUTCDay()]} ${ymd(r.t)} ${hms(r.t)} UTC ${r.host} ${r.ident}[${r.pid}]: `,
  'short-unix': (r) => `${Math.floor(r.t / 1000)}.${micros(r.t)} ${r.host} ${r.ident}[${r.pid}]: `,
  'with-unit': (r) => `${DAY[d(r.t).getUTCDay()]} ${ymd(r.t)} ${hms(r.t)} UTC ${r.host} ${r.unit}[${r.pid}]: `,
  cat: () => '',
  'dcos-node-log': (r) => `${ymd(r.t)} ${hms(r.t)}: `,
  bundle: (r) => `${ymd(r.t)} ${hms(r.t)}.${micros(r.t)} +0000 UTC `,
  'bundle-legacy': (r) => `${ymd(r.t)} ${hms(r.t)}: `,
};

const jsonFields = (r: Rec, i: number) => ({
  __CURSOR: `s=f0f0;i=${(i + 1).toString(16)}`,
  __REALTIME_TIMESTAMP: String(r.t * 1000 + 123),
  _HOSTNAME: r.host,
  ...(r.unit ? { _SYSTEMD_UNIT: r.unit } : {}),
  SYSLOG_IDENTIFIER: r.ident,
  _PID: String(r.pid),
  MESSAGE: r.message,
});

/**
 * A journal json object that a task printed as a line of its own output (a `-o cat` message, a
 * bundle's unindented continuation line, text appended to a save), in each json form: it names
 * the DC/OS unit of its choice. Json names its writer only in a stream of json from its start.
 */
const PRINTED_JSON: [string, (s: string) => string][] = [['json', (s) => s], ['json-seq', (s) => `\u001e${s}`], ['json-sse', (s) => `data: ${s}`]];
const printedJson = (tag: string): string[] =>
  PRINTED_JSON.map(([form, wrap]) => wrap(JSON.stringify(jsonFields({ t: Date.UTC(2024, 4, 14, 9, 1), host: 'master-9', unit: 'dcos-bouncer.service', ident: 'bouncer.sh', pid: 4800,
    message: `type=audit uid=${VICTIM} object=dcos:secrets:default:/forged-printed-${form}-${tag} action=full result=deny` }, 0))));

/** journalctl prints a multi-line message's continuation lines indented to the message column. */
function textLine(kind: string, r: Rec): string {
  const prefix = PREFIX[kind];
  if (!prefix) throw new Error(`no envelope named ${kind}`);
  const head = prefix(r);
  const [first, ...more] = r.message.split('\n');
  return [head + first, ...more.map((m) => ' '.repeat(head.length) + m)].join('\n');
}

function exportBlock(r: Rec, i: number): Buffer {
  const head = [
    `__CURSOR=s=f0f0;i=${(i + 1).toString(16)}`,
    `__REALTIME_TIMESTAMP=${r.t * 1000 + 123}`,
    `__MONOTONIC_TIMESTAMP=${1000000 + i * 1000003}`,
    '_BOOT_ID=0f6d3a1c9b2e4d5f8a7b6c5d4e3f2a1b',
    `_HOSTNAME=${r.host}`,
    ...(r.unit ? [`_SYSTEMD_UNIT=${r.unit}`] : []),
    `SYSLOG_IDENTIFIER=${r.ident}`,
    `_PID=${r.pid}`,
  ].join('\n') + '\n';
  if (!r.message.includes('\n')) return Buffer.from(`${head}MESSAGE=${r.message}\n\n`);
  const body = Buffer.from(r.message);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(body.length));
  return Buffer.concat([Buffer.from(`${head}MESSAGE\n`), len, body, Buffer.from('\n\n')]);
}

/** How one envelope is written, and whether it shows each line's writer (unit or identifier). */
interface Form {
  tag: string;
  /** What it writes under the corpus folder (a file, or a folder for the unpacked bundle). */
  file: string;
  writer: boolean;
  /** Multi-line messages keep their shape (short forms indent, json/export keep `\n`). */
  multiLine: boolean;
  /** It records each entry's `_SYSTEMD_UNIT` (json, export), so it holds the lines from outside every unit. */
  unit?: boolean;
  write(dir: string, lines: CorpusLine[]): Promise<void> | void;
}

const pick = (lines: CorpusLine[], f: Pick<Form, 'writer' | 'multiLine' | 'unit'>) =>
  lines.filter((l) => (f.writer || !l.needsWriter) && (f.multiLine || !l.multiLine) && (f.unit === true || !l.needsUnit)).map((l) => l.rec);

function textForm(kind: string, writer: boolean, multiLine = writer): Form {
  return { tag: kind, file: `${kind}.log`, writer, multiLine, write: (dir, lines) => writeFileSync(join(dir, `${kind}.log`), [...pick(lines, { writer, multiLine }).map((r) => textLine(kind, r)), ...printedJson(kind)].join('\n') + '\n') };
}
/** A unit log of a bundle: its lines, and a task's printed json objects after them. */
const unitLog = (kind: 'bundle' | 'bundle-legacy', recs: Rec[], tag: string): string =>
  [...recs.map((r) => textLine(kind, r)), ...printedJson(tag)].join('\n') + '\n';
/** The log of a task's unit that printed nothing but a journal json object, naming a unit other than its own. */
const PRINTER = 'job-printer.service';
const printerLog = (tag: string): string => `${printedJson(`${tag}-own-unit`)[0]}\n`;
function jsonForm(tag: string, wrap: (s: string) => string): Form {
  return {
    tag, file: `${tag}.log`, writer: true, multiLine: true, unit: true,
    write: (dir, lines) => writeFileSync(join(dir, `${tag}.log`), pick(lines, { writer: true, multiLine: true, unit: true }).map((r, i) => wrap(JSON.stringify(jsonFields(r, i)))).join('\n') + '\n'),
  };
}
const exportBytes = (lines: CorpusLine[]) => Buffer.concat(pick(lines, { writer: true, multiLine: true, unit: true }).map(exportBlock));

/** Bundle entries: one per unit under a node folder, as dcos-diagnostics writes them. */
function byUnit(recs: Rec[]): Map<string, Rec[]> {
  const m = new Map<string, Rec[]>();
  for (const r of recs) m.set(r.unit, [...(m.get(r.unit) ?? []), r]);
  return m;
}
function zipForm(tag: string, kind: 'bundle' | 'bundle-legacy'): Form {
  return {
    tag, file: `${tag}.zip`, writer: true, multiLine: false,
    write: (dir, lines) => new Promise<void>((resolve, reject) => {
      const zip = new yazl.ZipFile();
      const mtime = new Date(Date.UTC(2024, 4, 14, 10));
      for (const [unit, recs] of byUnit(pick(lines, { writer: true, multiLine: false }))) {
        zip.addBuffer(Buffer.from(unitLog(kind, recs, tag)), `10.0.0.9_master/${unit}`, { mtime, mode: 0o100644 });
      }
      zip.addBuffer(Buffer.from(printerLog(tag)), `10.0.0.9_master/${PRINTER}`, { mtime, mode: 0o100644 });
      zip.end();
      const chunks: Buffer[] = [];
      zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('error', reject).on('end', () => {
        writeFileSync(join(dir, `${tag}.zip`), Buffer.concat(chunks));
        resolve();
      });
    }),
  };
}

export const FORMS: Form[] = [
  ...['short', 'short-precise', 'short-iso', 'short-iso-precise', 'short-full', 'short-unix', 'with-unit'].map((k) => textForm(k, true)),
  textForm('cat', false),
  textForm('dcos-node-log', false),
  jsonForm('json', (s) => s),
  jsonForm('json-seq', (s) => `\u001e${s}`),
  jsonForm('json-sse', (s) => `data: ${s}\n`),
  { tag: 'export', file: 'corpus.export', writer: true, multiLine: true, unit: true, write: (dir, lines) => writeFileSync(join(dir, 'corpus.export'), exportBytes(lines)) },
  zipForm('bundle-zip', 'bundle'),
  zipForm('bundle-legacy-zip', 'bundle-legacy'),
  {
    tag: 'bundle-dir', file: 'unpacked', writer: true, multiLine: false,
    write: (dir, lines) => {
      for (const [unit, recs] of byUnit(pick(lines, { writer: true, multiLine: false }))) {
        mkdirSync(join(dir, 'unpacked', '10.0.0.8_agent'), { recursive: true });
        writeFileSync(join(dir, 'unpacked', '10.0.0.8_agent', unit), unitLog('bundle', recs, 'bundle-dir'));
      }
      writeFileSync(join(dir, 'unpacked', '10.0.0.8_agent', PRINTER), printerLog('bundle-dir'));
    },
  },
  // A bundle-form file outside a node folder: no unit is known.
  { tag: 'bundle-file', file: 'bundle-lines.log', writer: false, multiLine: false, write: (dir, lines) => writeFileSync(join(dir, 'bundle-lines.log'), [...pick(lines, { writer: false, multiLine: false }).map((r) => textLine('bundle', r)), ...printedJson('bundle-file')].join('\n') + '\n') },
];

const JOURNAL_REMOTE = '/lib/systemd/systemd-journal-remote';
/** A binary journal (read back through journalctl) needs systemd-journal-remote and journalctl. */
export const canWriteJournal = (): boolean =>
  existsSync(JOURNAL_REMOTE) && spawnSync('journalctl', ['--version'], { stdio: 'ignore' }).status === 0;

export interface Written {
  tag: string;
  /** Path of the file (or folder) under the corpus folder. */
  path: string;
  /** The real denials it must yield. */
  real: Real[];
  /** It holds the lines from outside every unit (needsUnit). */
  unit: boolean;
}

/** Write every form under `dir` (and, with `journal`, a binary journal beside the export). */
export async function writeCorpus(dir: string, opts: { journal: boolean }): Promise<Written[]> {
  const out: Written[] = [];
  for (const f of FORMS) {
    await f.write(dir, corpusLines(f.tag));
    out.push({ tag: f.tag, path: join(dir, f.file), real: expectedReal(f.tag, f.writer, f.unit), unit: f.unit === true });
  }
  if (opts.journal) {
    const src = join(dir, '..', 'journal-src.export');
    writeFileSync(src, exportBytes(corpusLines('journal')));
    const r = spawnSync(JOURNAL_REMOTE, ['-o', join(dir, 'corpus.journal'), src], { stdio: 'pipe' });
    if (r.status !== 0) throw new Error(`systemd-journal-remote: ${r.stderr.toString()}`);
    out.push({ tag: 'journal', path: join(dir, 'corpus.journal'), real: expectedReal('journal', true, true), unit: true });
  }
  return out;
}
