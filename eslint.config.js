import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const ioAndUi = ['fs', 'net', 'tls', 'http', 'https', 'child_process', 'zlib', 'os', 'worker_threads', 'readline', 'process', 'dgram', 'dns'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware rules: the project service reads tsconfig.json (src, test), one program for all files.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its rejection: await it, or mark fire-and-forget with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      // Type-only imports say so (verbatimModuleSyntax keeps them out of the output).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The React team's hook checks, on the UI (hooks live only there). Only the two classic rules:
    // the React Compiler's rules (refs, set-state-in-effect, …) reject the latest-value ref the ink
    // key handler reads, a pattern the App uses on purpose.
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The core is pure: plain data in, data out. I/O and UI live in adapters.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...ioAndUi.flatMap((m) => [{ name: m, message: 'src/core must stay pure (no I/O).' }, { name: `node:${m}`, message: 'src/core must stay pure (no I/O).' }]),
          ...['ssh2', 'ink', 'react', 'yauzl', 'fast-glob', 'yargs'].map((m) => ({ name: m, message: 'src/core must stay pure (no I/O or UI).' })),
        ],
        patterns: [{ group: ['fs/*', 'node:fs/*', 'ink/*', 'react/*', '**/sources/*', '**/cluster/*', '**/iam/*', '**/pipeline/*', '**/ui/*', '**/sandbox/*', '**/commands/*'], message: 'src/core must stay pure.' }],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core must not touch the process.' }, { name: 'fetch', message: 'src/core must not do I/O.' }],
    },
  },
);
