import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Per test file: a temp HOME/XDG/DCOS_DIR, and no connection beyond loopback (test/setup/isolate.ts).
    setupFiles: ['test/setup/isolate.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real sshd/IAM servers on loopback; two workers fit a 2-core machine.
    maxWorkers: 2,
  },
});
