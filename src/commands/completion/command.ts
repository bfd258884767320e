import type { CommandFactory } from '../context.js';
import { UsageError } from '../../errors.js';
import { environmentHelp } from '../options/env-help.js';

const SHELLS = ['bash', 'zsh'];

/** The shell to write for: the one named, else the login shell's when it is bash or zsh, else bash. */
export function shellOf(named: unknown, env: NodeJS.ProcessEnv): 'bash' | 'zsh' {
  if (named !== undefined) {
    if (!SHELLS.includes(String(named))) throw new UsageError(`completion: no script for ${JSON.stringify(String(named))}`, 'audit2grant completion bash, or audit2grant completion zsh');
    return named as 'bash' | 'zsh';
  }
  return /(^|\/)zsh$/.test(env.SHELL ?? '') ? 'zsh' : 'bash';
}

// `audit2grant completion [bash|zsh]`: thin, like every command; the script is built on demand.
const factory: CommandFactory = () => ({
  command: 'completion [shell]',
  describe: 'print a shell completion script (bash or zsh) for commands, options and their values',
  builder: (y) =>
    y.positional('shell', { type: 'string', describe: 'bash or zsh (default: the one $SHELL names, else bash)' }).epilogue(
      [
        'Examples:',
        '  this shell (bash):',
        '    source <(audit2grant completion bash)',
        '  every new bash:',
        '    audit2grant completion bash > ~/.local/share/bash-completion/completions/audit2grant',
        '  zsh, in ~/.zshrc after compinit:',
        '    source <(audit2grant completion zsh)',
        '',
        environmentHelp([['SHELL', 'with no shell named: zsh when it names zsh, else bash']]),
      ].join('\n'),
    ),
  handler: async (argv) => {
    const shell = shellOf(argv.shell, process.env);
    const [{ completionSpec }, { completionScript }] = await Promise.all([import('./spec.js'), import('../../core/completion/index.js')]);
    process.stdout.write(completionScript(shell, await completionSpec()));
  },
});
export default factory;
