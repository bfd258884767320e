// The package as npm ships it: what `npm pack` puts in the tarball (the LICENSE, the built CLI, no
// source map pointing at a file it does not ship), `engines` no wider than the dependencies allow,
// and `prepare` when TypeScript is not installed. The real install from the tarball with scripts
// disabled runs in CI (.ci/package-check.sh): it needs the registry for the dependencies.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nth } from '../helpers/nth.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  license: string; bin: Record<string, string>; engines: { node: string }; dependencies: Record<string, string>; scripts: Record<string, string>;
};

let files: string[] = [];
beforeAll(() => {
  // --ignore-scripts: list what would ship without running prepare (the suite already built dist/).
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  files = nth(JSON.parse(out) as Array<{ files: Array<{ path: string }> }>, 0).files.map((f) => f.path);
}, 60_000);

describe('npm pack', () => {
  it('ships the licence text of the declared licence, the launcher and the built CLI', () => {
    expect(pkg.license).toBe('Apache-2.0');
    expect(files).toContain('LICENSE');
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^ +Apache License\n +Version 2\.0, January 2004\n/);
    expect(text).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(text).toContain('END OF TERMS AND CONDITIONS');
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(bin.replace(/^\.\//, ''));
    expect(files).toContain('dist/cli.js');
    // The launcher's loader, the bundle it loads with its code cache, its parts, and the workers the loop starts.
    for (const f of ['bin/load-cli.js', 'dist/bundle/cli.cjs', 'dist/bundle/cli.cjs.cache', 'dist/bundle/ui.cjs', 'dist/bundle/forge.cjs', 'dist/bundle/scan-worker.js', 'dist/bundle/usage-worker.js']) expect(files).toContain(f);
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  it('ships no source map pointing at a file it does not ship', () => {
    const shipped = new Set(files);
    for (const f of files.filter((x) => x.endsWith('.js'))) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(ROOT, f), 'utf8'))?.[1];
      if (url !== undefined && !url.startsWith('data:')) expect(shipped, `${f} names ${url}`).toContain(normalize(join(dirname(f), url)));
    }
    for (const f of files.filter((x) => x.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as { sources: string[]; sourceRoot?: string };
      for (const s of map.sources) expect(shipped, `${f} points at ${s}`).toContain(normalize(join(dirname(f), map.sourceRoot ?? '', s)));
    }
  });
});

describe('engines', () => {
  /** The lowest Node version a range admits, as [major, minor] (enough for the ranges npm packages use). */
  const lowest = (range: string): [number, number] => {
    const v = range.split('||').map((r) => /(\d+)(?:\.(\d+|\*|x))?/.exec(r)).filter((m): m is RegExpExecArray => !!m)
      .map((m) => [Number(m[1]), /^\d+$/.test(m[2] ?? '') ? Number(m[2]) : 0] as [number, number]);
    return nth(v.sort((a, b) => a[0] - b[0] || a[1] - b[1]), 0, 'version');
  };

  it('say what the dependencies really need: the range yargs 18 supports, no wider', () => {
    const yargs = JSON.parse(readFileSync(join(ROOT, 'node_modules/yargs/package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(yargs.engines.node);
    const ours = lowest(pkg.engines.node);
    for (const dep of Object.keys(pkg.dependencies)) {
      const file = join(ROOT, 'node_modules', dep, 'package.json');
      const need = (JSON.parse(readFileSync(file, 'utf8')) as { engines?: { node?: string } }).engines?.node;
      if (!need) continue;
      const min = lowest(need);
      expect(min[0] < ours[0] || (min[0] === ours[0] && min[1] <= ours[1]), `${dep} needs ${need}`).toBe(true);
    }
    // And the Node this runs on is one of them.
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(major > ours[0] || (major === ours[0] && minor >= ours[1])).toBe(true);
  });
});

describe('prepare', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'a2g-prepare-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs test/tools/prepare.mjs, which builds through the build script', () => {
    expect(pkg.scripts.prepare).toBe('node test/tools/prepare.mjs');
    expect(readFileSync(join(ROOT, 'test/tools/prepare.mjs'), 'utf8')).toMatch(/'run', 'build'/);
  });

  it('without TypeScript (npm ci --omit=dev) it succeeds, builds nothing, and says both ways to build', () => {
    // A copy where `typescript` cannot be resolved, as in a production install; exit 0 or this throws.
    copyFileSync(join(ROOT, 'test/tools/prepare.mjs'), join(dir, 'prepare.mjs'));
    const out = execFileSync('sh', ['-c', `${JSON.stringify(process.execPath)} prepare.mjs 2>&1`], { cwd: dir, encoding: 'utf8' });
    expect(out).toMatch(/dist\/ was not built: TypeScript, a dev dependency, is not installed \(npm ci --omit=dev\)/);
    expect(out).toMatch(/npm ci && npm run build/);
    expect(out).toMatch(/npm pack && npm install -g \.\/audit2grant-\*\.tgz/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
