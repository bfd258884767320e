#!/usr/bin/env node
// `npm run bench`: the scan against grep pipelines, on several log shapes, plus gzip and start-up
// (see docs/benchmarks.md). Plain Node and standard shell tools (grep, zcat, wc; GNU time when
// present for CPU time and peak RSS). Generates each shape once, deterministically
// (bench-shapes.mjs; kept in bench-data/, not committed), then on the warm files times
// alternating runs of
//   bin/audit2grant.js scan FILE [--uid U] --format json
//   sh -c 'grep -F type=audit FILE | grep -F result=deny [| grep -F uid=U] | wc -l'
// and prints medians, ratios against the targets of issue 13, and a markdown table; with each
// case, what the host did meanwhile (its steal of the machine's CPU time, and a fixed loop timed on
// each CPU before every run), so a figure the host slowed says so.
//
// Environment:
//   BENCH_SIZE_MB   size of the `mixed` shape (default 1024; gzip is its gzip -1 copy)
//   BENCH_SHAPE_MB  size of the other shapes (default 1024: issue 13 measured its short-line log at
//                   the size of the mixed one; a scan's start-up and warm-up, ~0.2 s, weigh twice
//                   as much at 512 MB, see docs/benchmarks.md, fifth pass)
//   BENCH_RUNS      alternating runs per case (default 5; start-up runs 3x as many)
//   BENCH_ONLY      comma list of cases to run: mixed,short,long,noaudit,gzip,startup (default all)
//   BENCH_BIN       the CLI to bench (default bin/audit2grant.js of this checkout)
//   BENCH_BASE      another build's bin/audit2grant.js: timed alternately with BENCH_BIN, and its
//                   JSON output hash compared (an A/B of two builds, e.g. main vs a branch)
//   BENCH_DIR       where the generated logs and bench-last.json live (default bench-data/)
//   BENCH_NODE      the Node binary that runs the scans and `node -e 0` (default: the one running
//                   this script); `npm run bench:lts` sets it to the LTS from the npm registry, so
//                   the machine's Node and the LTS are reported side by side
// Each case's JSON output is hashed (elapsedMs blanked): the hashes are compared with the
// previous run's (bench-last.json) and with BENCH_BASE's, so an optimisation that changes the
// output shows at once.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { alternate, countLines, cpuTicks, median, probeCpus, scanJson, speedProbe, stealShare } from './bench-run.mjs';
import { generate, SHAPES } from './bench-shapes.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;
const mainMb = Number(env.BENCH_SIZE_MB ?? 1024);
const shapeMb = Number(env.BENCH_SHAPE_MB ?? 1024);
const runs = Number(env.BENCH_RUNS ?? 5);
const dir = env.BENCH_DIR ?? join(root, 'bench-data');
const bin = resolve(env.BENCH_BIN ?? join(root, 'bin', 'audit2grant.js'));
const base = env.BENCH_BASE ? resolve(env.BENCH_BASE) : null;
const only = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const wanted = (name) => only === null || only.has(name);
const node = env.BENCH_NODE ? resolve(env.BENCH_NODE) : process.execPath;
const nodeVersion = env.BENCH_NODE ? spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim() : process.version;
const TARGET = { uid: 1.2, all: 1.5, gzip: 1.0, startup: 2.0 };

const fileOf = (shape) => {
  const mb = shape === 'mixed' ? mainMb : shapeMb;
  // The mixed shape keeps the name (and bytes) the older figures were measured on.
  return join(dir, shape === 'mixed' ? `journal-v2-${mb}mb.log` : `${shape}-v${SHAPES[shape].version}-${mb}mb.log`);
};

function gzipCopy(file) {
  const gz = `${file}.gz`;
  if (existsSync(gz)) return gz;
  process.stderr.write(`compressing ${gz}…\n`);
  const r = spawnSync('sh', ['-c', `gzip -1 -c '${file}' > '${gz}.tmp' && mv '${gz}.tmp' '${gz}'`], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('gzip failed');
  return gz;
}

/** The first ~4 KiB of a file, cut at a line end: the start-up case's input. */
function smallCopy(file) {
  const out = join(dir, 'small-4k.log');
  const buf = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  writeFileSync(out, buf.subarray(0, buf.lastIndexOf(10, n - 1) + 1));
  return out;
}

/**
 * The logs still to generate must fit where they go (the gzip copy of `mixed` adds ~10 %): say so
 * before writing gigabytes, rather than stop with ENOSPC half way.
 */
function checkRoom(missing) {
  if (missing.length === 0) return;
  const need = missing.reduce((n, s) => n + (s === 'mixed' ? mainMb * 1.1 : shapeMb) * 1048576, 0);
  mkdirSync(dir, { recursive: true });
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  if (free >= need * 1.05) return;
  const gb = (b) => `${(b / 1073741824).toFixed(1)} GB`;
  process.stderr.write(
    `bench: generating ${missing.join(', ')} needs ~${gb(need)} in ${dir}, and ${gb(free)} is free there. ` +
      'Point BENCH_DIR at a disk with room, or make the shapes smaller (BENCH_SHAPE_MB=512, BENCH_SIZE_MB=512; ' +
      'the figures then weigh the scan\'s start-up twice as much, see docs/benchmarks.md).\n',
  );
  process.exit(2);
}

/**
 * What the host does while a case runs: `beforeRun` probes the CPUs (call it before every timed
 * run), `result` gives the host's steal over the case and, per CPU probed, the median probe.
 */
function watchHost() {
  const ticks = cpuTicks();
  const probes = [];
  return {
    beforeRun: () => probes.push(speedProbe()),
    result: () => ({
      steal: stealShare(ticks, cpuTicks()),
      probeMs: (probes[0] ?? []).map((_, k) => median(probes.map((p) => p[k]))),
    }),
  };
}

const probeText = (r) => `${r.probeMs.map((ms) => ms.toFixed(0)).join(' / ')} ms`;

/** A share as a percentage for the report; '–' where the machine does not say (no /proc/stat). */
const pct = (share) => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);

// Before each timed run, not once per case: some VMs reclaim page cache in the background (the
// kernel's DAMON reclaim), and a run that reads part of a "warm" file from disk moves a median.
const warm = (file) => spawnSync('sh', ['-c', `cat '${file}' > /dev/null`]);
const results = [];

/**
 * The CLI as users run it: the launcher started as a command (through its `#!/bin/sh` line, as npm
 * links it; it keeps NODE_EXTRA_CA_CERTS from Node's start), with `node` on PATH the Node benched.
 */
const cliEnv = { ...env, PATH: `${dirname(node)}:${env.PATH ?? ''}` };
const cli = (launcher, args) => [launcher, args, cliEnv];

/** One case: scan (and base) against a grep pipeline, alternating. */
async function compare(name, label, target, input, scanArgs, grepPipeline) {
  warm(input);
  const args = ['scan', input, ...scanArgs, '--format', 'json'];
  const { doc, hash } = scanJson(...cli(bin, args));
  const baseOut = base ? scanJson(...cli(base, args)) : null;
  const grepCount = countLines(grepPipeline);
  const cmds = [cli(bin, args), ['sh', ['-c', `${grepPipeline} | wc -l`]]];
  if (base) cmds.push(cli(base, args));
  const host = watchHost();
  const [scan, grep, baseT] = await alternate(cmds, runs, () => {
    warm(input);
    host.beforeRun();
  });
  const res = {
    name,
    label,
    target,
    bytes: statSync(input).size,
    lines: doc.stats.lines,
    scanMs: scan.medianMs,
    grepMs: grep.medianMs,
    ratio: scan.medianMs / grep.medianMs,
    scanCpu: scan.medianCpu,
    grepCpu: grep.medianCpu,
    rssMb: scan.rssKb / 1024,
    denyLines: doc.stats.denyLines,
    grepLines: grepCount,
    findings: doc.findings.length,
    hash,
    baseMs: baseT?.medianMs ?? null,
    baseHash: baseOut?.hash ?? null,
    ...host.result(),
  };
  results.push(res);
  process.stderr.write(
    `${label}: scan ${res.scanMs.toFixed(0)} ms, grep ${res.grepMs.toFixed(0)} ms, ratio ${res.ratio.toFixed(2)} (target ${target}), ` +
      `peak RSS ${res.rssMb.toFixed(0)} MB, CPU scan ${res.scanCpu.toFixed(0)} / grep ${res.grepCpu.toFixed(0)} ms, host steal ${pct(res.steal)}, CPU probe ${probeText(res)}, hash ${hash}` +
      (base ? `, base ${res.baseMs.toFixed(0)} ms (hash ${res.baseHash === hash ? 'same' : `DIFFERS: ${res.baseHash}`})` : '') +
      ` [scan ${scan.ms.map((x) => x.toFixed(0)).join('/')}; grep ${grep.ms.map((x) => x.toFixed(0)).join('/')}]\n`,
  );
}

/** What becomes of the benched CLI's code cache (bin/load-cli.js) under this Node: 'used' unless its build ran on another. */
function codeCacheState(launcher) {
  const loader = join(dirname(launcher), 'load-cli.js');
  if (!existsSync(loader)) return 'none';
  const code = `import { loadBundle, tuneV8 } from ${JSON.stringify(pathToFileURL(loader).href)}; tuneV8(); console.log(loadBundle().cache);`;
  const r = spawnSync(node, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : `unreadable (${r.stderr.trim().split('\n').at(-1)})`;
}

/** What NODE_EXTRA_CA_CERTS costs each Node start, when it is set (the start-up case measures it). */
let extraCaNote = null;

async function startup(small, uid) {
  const cache = codeCacheState(bin);
  const args = ['scan', small, '--uid', uid, '--format', 'json'];
  const { doc, hash } = scanJson(...cli(bin, args));
  const cmds = [cli(bin, args), [node, ['-e', '0']]];
  if (base) cmds.push(cli(base, args));
  // Node 20 reads NODE_EXTRA_CA_CERTS's whole file at every start, before any JavaScript runs (a
  // system bundle of ~150 certificates: ~45 ms on the 2-core AMD EPYC VM, docs/benchmarks.md);
  // `node -e 0` pays it, the launcher keeps it from the CLI's start (twenty-second pass). Timed
  // without it too, so the report says what it weighs.
  const extraCa = env.NODE_EXTRA_CA_CERTS ? { ...env, NODE_EXTRA_CA_CERTS: '' } : null;
  if (extraCa) cmds.push([node, ['-e', '0'], extraCa]);
  const host = watchHost();
  const timings = await alternate(cmds, runs * 3, host.beforeRun);
  const [scan, bare] = timings;
  const baseT = base ? timings[2] : undefined;
  const bareNoCa = extraCa ? timings.at(-1) : undefined;
  const res = {
    name: 'startup',
    label: `start-up: scan of a 4 KB file vs \`node -e 0\` (code cache ${cache})`,
    target: TARGET.startup,
    bytes: statSync(small).size,
    lines: doc.stats.lines,
    scanMs: scan.medianMs,
    grepMs: bare.medianMs,
    ratio: scan.medianMs / bare.medianMs,
    scanCpu: scan.medianCpu,
    grepCpu: bare.medianCpu,
    rssMb: scan.rssKb / 1024,
    denyLines: doc.stats.denyLines,
    grepLines: null,
    findings: doc.findings.length,
    hash,
    baseMs: baseT?.medianMs ?? null,
    baseHash: null,
    ...host.result(),
  };
  results.push(res);
  process.stderr.write(`start-up: scan ${res.scanMs.toFixed(1)} ms, node -e 0 ${res.grepMs.toFixed(1)} ms, ratio ${res.ratio.toFixed(2)} (target 2), code cache ${cache}${base ? `, base ${res.baseMs.toFixed(1)} ms` : ''}\n`);
  if (bareNoCa) {
    extraCaNote =
      `NODE_EXTRA_CA_CERTS is set (${env.NODE_EXTRA_CA_CERTS}): Node 20 reads it at every start, before any of the CLI runs; ` +
      `\`node -e 0\` ${res.grepMs.toFixed(0)} ms with it, ${bareNoCa.medianMs.toFixed(0)} ms without; the scans above, started as the \`audit2grant\` command, do not pay those ${(res.grepMs - bareNoCa.medianMs).toFixed(0)} ms (bin/audit2grant.js), \`node bin/audit2grant.js\` would.`;
  }
}

// ---- run ---------------------------------------------------------------------------------------
const shapes = Object.keys(SHAPES).filter((s) => wanted(s) || (s === 'mixed' && (wanted('gzip') || wanted('startup'))));
checkRoom(shapes.filter((s) => !existsSync(fileOf(s))));
for (const s of shapes) await generate(s, fileOf(s), (s === 'mixed' ? mainMb : shapeMb) * 1024 * 1024);
const gz = wanted('gzip') ? gzipCopy(fileOf('mixed')) : null;
const loadBefore = loadavg();
const ticksBefore = cpuTicks();
const t0 = Date.now();
for (const s of Object.keys(SHAPES)) {
  if (!wanted(s)) continue;
  const f = fileOf(s);
  const { uid } = SHAPES[s];
  const g = `grep -F type=audit '${f}' | grep -F result=deny`;
  await compare(`${s}-uid`, `${s}, --uid`, TARGET.uid, f, ['--uid', uid], `${g} | grep -F uid=${uid}`);
  await compare(`${s}-all`, `${s}, all principals`, TARGET.all, f, [], g);
}
if (gz) {
  const { uid } = SHAPES.mixed;
  await compare('gzip-uid', 'mixed gzip, --uid', TARGET.gzip, gz, ['--uid', uid], `zcat '${gz}' | grep -F type=audit | grep -F result=deny | grep -F uid=${uid}`);
}
if (wanted('startup')) await startup(smallCopy(fileOf('mixed')), SHAPES.mixed.uid);
const loadAfter = loadavg();
const steal = stealShare(ticksBefore, cpuTicks());
// In ms, not against the run's fastest: a run slowed throughout would read as full speed.
const fastestProbe = Math.min(...results.flatMap((r) => r.probeMs));
const probed = probeCpus() ? `on CPU ${probeCpus().join(' / ')}` : 'on the CPU the bench ran on';

// ---- report ------------------------------------------------------------------------------------
const lastFile = join(dir, 'bench-last.json');
const previous = existsSync(lastFile) ? JSON.parse(readFileSync(lastFile, 'utf8')) : null;
const keyOfResult = (r) => `${r.name}@${r.bytes}`;
const prevHash = new Map((previous?.results ?? []).map((r) => [keyOfResult(r), r.hash]));
const cpu = cpus();
const model = cpu[0]?.model.trim() || 'unknown CPU';
const machine = `${model}, ${cpu.length} cores, Node ${nodeVersion}${env.BENCH_NODE ? ` (BENCH_NODE=${node})` : ''}, ${process.platform}`;
const mb = (b) => (b >= 1048576 ? `${(b / 1048576).toFixed(0)} MB` : `${(b / 1024).toFixed(0)} KB`);
const ok = (r) => (r.ratio <= r.target ? 'met' : 'MISSED');
const row = (r) =>
  `| ${r.label} | ${mb(r.bytes)} | ${r.lines.toLocaleString('en')} | ${r.scanMs.toFixed(0)} ms | ${r.grepMs.toFixed(0)} ms | **${r.ratio.toFixed(2)}** | ≤ ${r.target} ${ok(r)} | ${r.rssMb.toFixed(0)} MB | ${r.scanCpu.toFixed(0)} / ${r.grepCpu.toFixed(0)} ms | ${r.denyLines} / ${r.grepLines ?? '–'} | ${r.findings} | \`${r.hash.slice(0, 8)}\` | ${pct(r.steal)}; ${probeText(r)} |`;
const md = [
  `${machine}; load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(1)).join(' ')} after. ` +
    `Medians of ${runs} alternating runs on warm files (start-up: ${runs * 3}); \`BENCH_SIZE_MB=${mainMb} BENCH_SHAPE_MB=${shapeMb}\`, ${((Date.now() - t0) / 1000).toFixed(0)} s. ` +
    `The host took ${pct(steal)} of this machine's CPU time during the runs (steal, /proc/stat). CPU probe: a fixed loop (5·10⁷ additions) timed ${probed} before every run, the median per case (the fastest of this run: ${fastestProbe.toFixed(0)} ms); ` +
    'a virtual CPU runs it up to twice as slowly while its host core serves another guest, which steal does not count. A figure taken under steal or a slow probe is the hour\'s as much as the code\'s.',
  '',
  '| case | input | lines | scan | grep pipeline (start-up: `node -e 0`) | ratio | target | scan peak RSS | CPU scan / grep | deny lines scan / grep | findings | JSON hash | host steal; CPU probe |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(row),
  '',
  ...(extraCaNote ? [extraCaNote, ''] : []),
];
process.stdout.write(`\n${md.join('\n')}\n`);
const rssOver = results.filter((r) => r.rssMb > 100);
process.stdout.write(
  `targets: ${results.filter((r) => r.ratio <= r.target).length}/${results.length} ratios met; peak RSS ≤ 100 MB ${rssOver.length === 0 ? 'met' : `MISSED (${rssOver.map((r) => r.name).join(', ')})`}\n`,
);
const changed = results.filter((r) => prevHash.has(`${r.name}@${r.bytes}`) && prevHash.get(`${r.name}@${r.bytes}`) !== r.hash);
if (previous) {
  process.stdout.write(
    changed.length === 0
      ? `JSON output: same hashes as the previous run (${previous.when}, ${previous.bin})\n`
      : `JSON output: DIFFERS from the previous run (${previous.when}, ${previous.bin}) in ${changed.map((r) => r.name).join(', ')}\n`,
  );
}
if (base) {
  const diff = results.filter((r) => r.baseHash !== null && r.baseHash !== r.hash);
  process.stdout.write(`base ${base}: ${diff.length === 0 ? 'same JSON output' : `JSON output DIFFERS in ${diff.map((r) => r.name).join(', ')}`}; speed-up ${results.map((r) => `${r.name} ${(r.baseMs / r.scanMs).toFixed(2)}x`).join(', ')}\n`);
}
// A partial run (BENCH_ONLY) keeps the previous run's other cases, so the next full run still has
// every hash to compare with.
const rerun = new Set(results.map(keyOfResult));
const kept = (previous?.results ?? []).filter((r) => !rerun.has(keyOfResult(r)));
writeFileSync(lastFile, JSON.stringify({ when: new Date().toISOString(), bin, machine, results: [...results, ...kept] }, null, 2) + '\n');
