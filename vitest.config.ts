// One test runner for every package. A global setup starts one throwaway PostgreSQL for the whole run;
// each test file creates its own database inside it (see packages/server/src/testing/testDatabases.ts).
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'plugins/*/**/*.test.ts',
      'bench/**/*.test.ts',
      'packages/web/e2e/**/*.test.ts',
      'eslint-rules/**/*.test.ts',
      'deploy/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', '**/.terraform/**'],
    globalSetup: ['./vitest.globalSetup.ts'],
    pool: 'forks',
    // Most test files wait on child processes (Terraform, PostgreSQL, git, Chromium) rather than compute, so
    // two files at a time fit on CI's 2 cores; vitest's own default there (cores - 1) runs them one by one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
