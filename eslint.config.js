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
    // The core is pure: plain data in, data out. I/O and UI live in adapters.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...ioAndUi.flatMap((m) => [{ name: m, message: 'src/core must stay pure (no I/O).' }, { name: `node:${m}`, message: 'src/core must stay pure (no I/O).' }]),
          ...['ssh2', 'ink', 'react', 'yauzl', 'fast-glob', 'yargs'].map((m) => ({ name: m, message: 'src/core must stay pure (no I/O or UI).' })),
        ],
        patterns: [{ group: ['fs/*', 'node:fs/*', 'ink/*', 'react/*', '**/sources/*', '**/iam/*', '**/ui/*', '**/sandbox/*', '**/commands/*'], message: 'src/core must stay pure.' }],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core must not touch the process.' }, { name: 'fetch', message: 'src/core must not do I/O.' }],
    },
  },
);
