// Every command's --help (built CLI, the width of a pipe: 100): the text after the options is laid
// out by hand, and a hand-made line longer than the width is broken again by yargs, leaving a word
// or two alone mid-sentence ("SENSITIVE or" / "uncatalogued", "the latest" / "change").
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { COMMAND_WORDS } from '../../src/commands/usage.js';

const indent = (l: string) => l.length - l.trimStart().length;

/** Lines of one or two words that the next line, at the same indent, continues. */
function orphans(help: string): string[] {
  const lines = help.split('\n');
  const from = lines.findIndex((l) => l === 'Examples:');
  return lines.slice(from).filter((l, i, all) => {
    const next = all[i + 1] ?? '';
    const t = l.trim();
    return t !== '' && !t.startsWith('audit2grant') && t.split(' ').length <= 2 && next.trim() !== '' && indent(next) === indent(l);
  });
}

describe.concurrent('--help text is never broken mid-sentence', () => {
  it.each([...COMMAND_WORDS])('%s --help', async (cmd) => {
    const r = await runCli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(orphans(r.stdout)).toEqual([]);
  });

  it('revoke --help: the --from paragraph ends, and undo is an example of its own', async () => {
    const lines = (await runCli(['revoke', '--help'])).stdout.split('\n');
    const at = lines.indexOf('    audit2grant undo');
    expect(lines[at - 1]).toMatch(/^ {2}everything a grant session did/);
    expect(lines.find((l) => l.startsWith('--from refuses'))).toBeDefined();
    expect(lines[lines.findIndex((l) => l === '(a gap), so make it again rather than reach for --allow-gaps.') + 1]).toBe('');
  });
});
