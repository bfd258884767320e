// ink 6 turns each frame into text with @alcalzone/ansi-tokenize; package.json overrides its ^0.2
// range to 0.3. Why: 0.2 computes a style diff (three Sets and two arrays) for every cell of the
// frame, blank ones included, which made the loop's first frame with findings ~30 ms slower
// (docs/benchmarks.md, "Twenty-third pass"), and it drops bold where a nested dim ends.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as AnsiTokenize from '@alcalzone/ansi-tokenize';

const fromInk = createRequire(createRequire(import.meta.url).resolve('ink'));
const pkgFile = fromInk.resolve('@alcalzone/ansi-tokenize/package.json');
const tokenizer = (): Promise<typeof AnsiTokenize> => import(pathToFileURL(pkgFile.replace(/package\.json$/, 'build/index.js')).href);

describe("ink's frame text (ansi-tokenize)", () => {
  it('ink loads 0.3.2 or later, as package.json overrides', () => {
    const { version } = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
    const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(3002);
  });

  it('keeps bold on the text after a nested dim ends (0.2 wrote only the reset of both)', async () => {
    const { styledCharsFromTokens, styledCharsToString, tokenize } = await tokenizer();
    const out = styledCharsToString(styledCharsFromTokens(tokenize('\u001b[1m\u001b[2ma\u001b[22m\u001b[1mb\u001b[22m')));
    expect(out).toBe('\u001b[1m\u001b[2ma\u001b[22m\u001b[1mb\u001b[22m');
  });
});
