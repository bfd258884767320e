// The layers of src/ only point down (issue 12):
//
//   core → cluster → sources, iam → pipeline → ui, sandbox → commands → cli.ts
//
// (an arrow means "may be imported by", and what a layer may import, it may import from further left).
// - core is pure (also lint-enforced in eslint.config.js) and imports nothing outside itself.
// - errors.ts and lifecycle.ts (the one error taxonomy and the one exit path) serve every layer but core;
//   errors.ts uses core's text helpers (what it says of an error is terminal-safe).
// - cluster (credentials, TLS, the one HTTP client, login, node listing) stands on core alone.
// - sources read logs: they may use cluster (node discovery, the logging API), never iam; iam (grants,
//   revoke, ledger, undo) uses cluster, never sources.
// - pipeline runs a scan over sources; ui and sandbox (the IAM emulator, the demo) sit side by side
//   above pipeline and iam: neither imports the other.
// - commands wire everything; only cli.ts imports them.
// Every relative import counts, `import type` and dynamic `import()` included.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { existsUnder, importEdges, layerOf, readSources, type ImportEdge, type SourceFile } from './helpers/import-graph.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const BASE = ['errors.ts', 'lifecycle.ts'];
/** Layer → the layers it may import (besides itself). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  'errors.ts': ['core'],
  'lifecycle.ts': ['errors.ts'],
  cluster: ['core', ...BASE],
  sources: ['core', 'cluster', ...BASE],
  iam: ['core', 'cluster', ...BASE],
  pipeline: ['core', 'cluster', 'sources', ...BASE],
  ui: ['core', 'cluster', 'sources', 'iam', 'pipeline', ...BASE],
  sandbox: ['core', 'cluster', 'sources', 'iam', 'pipeline', ...BASE],
  commands: ['core', 'cluster', 'sources', 'iam', 'pipeline', 'ui', 'sandbox', ...BASE],
  'cli.ts': ['commands', ...BASE],
};

/** Imports that break the rule, one line each (`from → to (specifier): why`). */
function violations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const [a, b] = [layerOf(e.from), layerOf(e.to)];
    if (a === null) continue;
    const say = (why: string) => out.push(`${e.from} → ${e.to} (${e.specifier}): ${why}`);
    if (b === null) say('imports from outside src/');
    else if (!(a in MAY_IMPORT)) say(`${a} is not a known layer: add it to MAY_IMPORT in test/layering.test.ts`);
    else if (a !== b && !MAY_IMPORT[a]!.includes(b)) say(`${a} may not import ${b}`);
  }
  return out;
}

describe('the layers of src/ only point down', () => {
  const files = readSources(ROOT);
  const edges = importEdges(files, existsUnder(ROOT));

  it('holds for the tree as it is', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(violations(edges)).toEqual([]);
  });

  it('every relative import names a file that exists', () => {
    const exists = existsUnder(ROOT);
    expect(edges.filter((e) => !exists(e.to)).map((e) => `${e.from}: ${e.specifier}`)).toEqual([]);
  });

  it('sees the imports the rule is about: iam and sources both use cluster, commands are lazily loaded by cli.ts', () => {
    const pairs = new Set(edges.map((e) => `${layerOf(e.from)} → ${layerOf(e.to)}`));
    for (const p of ['iam → cluster', 'sources → cluster', 'pipeline → sources', 'ui → pipeline', 'cli.ts → commands']) expect(pairs, p).toContain(p);
  });

  describe('catches a planted violation', () => {
    const plant = (path: string, text: string): string[] => {
      const planted: SourceFile[] = [...files, { path, text }];
      return violations(importEdges(planted, (p) => p === path || existsUnder(ROOT)(p)));
    };

    it('a source importing the IAM (static)', () => {
      expect(plant('src/sources/planted.ts', "import { connectIam } from '../iam/client.js';\nexport const x = connectIam;\n")).toEqual([
        'src/sources/planted.ts → src/iam/client.ts (../iam/client.js): sources may not import iam',
      ]);
    });

    it('the UI importing a command, by type only', () => {
      expect(plant('src/ui/planted.ts', "import type { ScanCommandArgs } from '../commands/scan/handler.js';\nexport type X = ScanCommandArgs;\n")).toEqual([
        'src/ui/planted.ts → src/commands/scan/handler.ts (../commands/scan/handler.js): ui may not import commands',
      ]);
    });

    it('the cluster layer loading the pipeline lazily, and core reaching for errors.ts', () => {
      expect(plant('src/cluster/planted.ts', "export const load = () => import('../pipeline/scan.js');\n")).toEqual([
        'src/cluster/planted.ts → src/pipeline/scan.ts (../pipeline/scan.js): cluster may not import pipeline',
      ]);
      expect(plant('src/core/planted.ts', "export { UsageError } from '../errors.js';\n")).toEqual(['src/core/planted.ts → src/errors.ts (../errors.js): core may not import errors.ts']);
    });

    it('a new top-level directory must be placed in the rule first', () => {
      expect(plant('src/extra/planted.ts', "import '../core/types.js';\n")).toEqual([
        'src/extra/planted.ts → src/core/types.ts (../core/types.js): extra is not a known layer: add it to MAY_IMPORT in test/layering.test.ts',
      ]);
    });

    it('a specifier in a comment or a string is not an import', () => {
      expect(plant('src/sources/planted.ts', "// import { x } from '../iam/client.js';\nexport const s = \"from '../commands/registry.js'\";\n")).toEqual([]);
    });
  });
});
