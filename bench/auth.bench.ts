// The cost of one password sign-in (argon2id verification dominates) and of one token-authenticated
// request compared to an unauthenticated one, in milliseconds.
import { ApiClient } from '@csoc/server/testing/ApiClient.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { load, median, printTable, round, startBenchCsoc } from './benchKit.ts';

export async function benchAuth(): Promise<void> {
  const csoc = await startBenchCsoc();
  const loginMs: number[] = [];
  for (let index = 0; index < 20; index++) {
    const client = new ApiClient(csoc.url);
    const started = performance.now();
    await client.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    loginMs.push(performance.now() - started);
  }
  await csoc.admin.post('/api/v1/orgs', { slug: 'bench-auth', name: 'Bench' });
  const token = (await csoc.admin.post('/api/v1/orgs/bench-auth/tokens', { name: 'bench', role: 'viewer' }))
    .body.token;

  const singleRequestMs = async (headers: Record<string, string>, path: string) => {
    const samples: number[] = [];
    for (let index = 0; index < 300; index++) {
      const started = performance.now();
      const response = await fetch(`${csoc.url}${path}`, { headers });
      await response.text();
      samples.push(performance.now() - started);
    }
    return median(samples);
  };
  const publicMs = await singleRequestMs({}, '/healthz');
  const tokenMs = await singleRequestMs({ authorization: `Bearer ${token}` }, '/api/v1/orgs/bench-auth');
  const tokenLoad = await load(`${csoc.url}/api/v1/orgs/bench-auth`, {
    headers: { authorization: `Bearer ${token}` },
    seconds: 3,
  });

  printTable('Authentication cost', [
    { measure: 'password sign-in, median of 20 (ms)', value: round(median(loginMs)) },
    { measure: 'password sign-in, slowest of 20 (ms)', value: round(Math.max(...loginMs)) },
    { measure: 'unauthenticated GET /healthz, median of 300 (ms)', value: round(publicMs, 3) },
    { measure: 'token-authenticated GET /api/v1/orgs/:org, median of 300 (ms)', value: round(tokenMs, 3) },
    { measure: 'token authentication + authorization overhead (ms)', value: round(tokenMs - publicMs, 3) },
    { measure: 'token-authenticated req/s (10 connections)', value: round(tokenLoad.requestsPerSecond) },
  ]);
  await csoc.stop();
}
