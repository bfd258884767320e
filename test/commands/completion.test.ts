// `audit2grant completion bash|zsh`: the real CLI prints the script; bash runs it with COMP_WORDS
// as readline would set them; zsh completes through its own completion system on a real terminal.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionSpec } from '../../src/commands/completion/spec.js';
import { bashCompletion } from '../../src/core/completion/index.js';
import { BIN, HAVE_TMUX, q, tmuxServer } from '../helpers/tmux.js';

const HAVE_ZSH = spawnSync('zsh', ['--version']).status === 0;
let dir: string;
let bashScript: string;
let zshScript: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-completion-'));
  bashScript = execFileSync(process.execPath, [BIN, 'completion', 'bash'], { encoding: 'utf8' });
  zshScript = execFileSync(process.execPath, [BIN, 'completion', 'zsh'], { encoding: 'utf8' });
  writeFileSync(join(dir, 'a2g.bash'), bashScript);
  writeFileSync(join(dir, 'a2g.zsh'), zshScript);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What bash's completion offers for the words typed so far (the last one is being completed). */
function bashComplete(...words: string[]): string[] {
  const script = [
    `source ${q(join(dir, 'a2g.bash'))}`,
    `COMP_WORDS=(${words.map(q).join(' ')})`,
    'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))',
    'COMPREPLY=()',
    '_audit2grant',
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join('\n');
  return execFileSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8', cwd: dir }).split('\n').filter(Boolean);
}

describe('completion for bash', () => {
  it('registers a completion function for audit2grant', () => {
    const out = execFileSync('bash', ['--norc', '-c', `source ${q(join(dir, 'a2g.bash'))}; complete -p audit2grant`], { encoding: 'utf8' });
    expect(out.trim()).toBe('complete -o bashdefault -o default -F _audit2grant audit2grant');
  });

  it('completes command words, options of the command, and choices of a value', () => {
    expect(bashComplete('audit2grant', 'sc')).toEqual(['scan']);
    expect(bashComplete('audit2grant', '')).toEqual(expect.arrayContaining(['scan', 'grant', 'revoke', 'undo', 'history', 'demo', 'sandbox', 'completion']));
    expect(bashComplete('audit2grant', 'scan', '--fo')).toEqual(['--follow', '--format']);
    expect(bashComplete('audit2grant', 'scan', '--format', '')).toEqual(['table', 'json', 'ndjson', 'dcos', 'curl', 'terraform']);
    expect(bashComplete('audit2grant', 'grant', '--g')).toEqual(['--gid']);
    expect(bashComplete('audit2grant', 'history', '--j')).toEqual(['--json']);
    expect(bashComplete('audit2grant', 'completion', '')).toEqual(['bash', 'zsh']);
  });

  it("the default command's options after a SOURCE, and nothing (readline's files) for SOURCEs and file values", () => {
    expect(bashComplete('audit2grant', 'journal.log', '--quiet')).toEqual(['--quiet-period']);
    // An option's value is skipped when looking for the command: `--uid scan` is not the scan command.
    expect(bashComplete('audit2grant', '--uid', 'svc', 'x.log', '--gi')).toEqual(['--gid']);
    expect(bashComplete('audit2grant', 'fixtures/sa')).toEqual([]);
    expect(bashComplete('audit2grant', 'grant', '--from', '')).toEqual([]);
  });

  it('lists exactly the options each command defines (the script is built from the commands themselves)', async () => {
    const spec = await completionSpec();
    const scan = spec.commands.find((c) => c.name === 'scan')!;
    expect(scan.options).toEqual(expect.arrayContaining(['--uid', '--format', '--json', '--gid', '--follow', '--since']));
    expect(scan.values['--format']).toEqual(['table', 'json', 'ndjson', 'dcos', 'curl', 'terraform']);
    expect(scan.values['--follow']).toBeUndefined();
    expect(spec.commands.find((c) => c.name === 'grant')!.options).toEqual(expect.arrayContaining(['--gid', '--json', '--from', '--dry-run', '-y']));
    expect(bashScript).toBe(bashCompletion(spec));
  });

  it('refuses a word it would have to quote (the script holds plain words only)', () => {
    expect(() => bashCompletion({ program: 'audit2grant', commands: [{ name: 'x', options: ['--a;rm'], values: {}, positional: 'files' }] })).toThrow(/not a plain word/);
  });

  it('an unknown shell is a usage error', () => {
    const r = spawnSync(process.execPath, [BIN, 'completion', 'fish'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/completion: no script for "fish"/);
  });
});

describe('completion for zsh', () => {
  it.skipIf(!HAVE_ZSH)('is valid zsh and registers through bashcompinit', () => {
    expect(() => execFileSync('zsh', ['-n', join(dir, 'a2g.zsh')])).not.toThrow();
    const out = execFileSync('zsh', ['-f', '-c', `source ${q(join(dir, 'a2g.zsh'))}; print -r -- $_comps[audit2grant]`], { encoding: 'utf8', env: { ...process.env, HOME: dir } });
    expect(out.trim()).toBe('_bash_complete -o bashdefault -o default -F _audit2grant');
  });

  const tmux = HAVE_TMUX && HAVE_ZSH ? tmuxServer('a2g-compl') : null;
  afterAll(() => tmux?.kill());

  it.skipIf(!tmux)('completes `scan` and its --format values on a real zsh prompt (TAB)', async () => {
    const s = tmux!.session('zsh');
    s.start(`env HOME=${q(dir)} PS1='zsh> ' zsh -f`, 120, 20);
    await s.until('the prompt', () => s.pane().includes('zsh>'));
    s.keys(`source ${join(dir, 'a2g.zsh')}; clear`, 'Enter');
    // (capture-pane drops trailing blanks: a completed word shows without the space after it)
    await s.until('the prompt after loading', () => /^zsh>\s*$/m.test(s.pane()));
    s.keys('audit2grant sc', 'Tab');
    await s.until('scan completed', () => s.pane().includes('zsh> audit2grant scan'));
    s.keys('--', '--form', 'Tab'); // `--`: tmux would read --form as its own option
    await s.until('--format completed', () => s.pane().includes('audit2grant scan --format'));
    s.keys('terr', 'Tab');
    await s.until('terraform completed', () => s.pane().includes('audit2grant scan --format terraform'));
    s.kill();
  });
});
