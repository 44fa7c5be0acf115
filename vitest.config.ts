// One test runner for every package. A global setup starts one throwaway PostgreSQL for the whole run;
// each test file creates its own database inside it (see packages/server/src/testing/testDatabases.ts).
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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
