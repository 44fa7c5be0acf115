// A list endpoint of CSOC (GET /api/v1/orgs, authenticated, 50 items a page, SQLite) next to a bare
// Fastify hello-world measured in the same run on the same machine; prints req/s, p50/p99 and the ratio.
import Fastify from 'fastify';
import { load, printTable, round, startBenchCsoc } from './benchKit.ts';

export async function benchListEndpoint(): Promise<void> {
  const bare = Fastify();
  bare.get('/hello', async () => ({ hello: 'world' }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  const csoc = await startBenchCsoc();
  for (let index = 0; index < 200; index++)
    await csoc.admin.post('/api/v1/orgs', { slug: `bench-org-${index}`, name: `Bench org ${index}` });
  const token = (await csoc.admin.post('/api/v1/orgs/bench-org-0/tokens', { name: 'bench', role: 'viewer' }))
    .body.token;
  const cookie = (await csoc.admin.get('/api/v1/session')) && csocCookie(csoc);

  const helloResult = await load(`${bareUrl}/hello`);
  const listResult = await load(`${csoc.url}/api/v1/orgs?limit=50`, { headers: { cookie } });
  const tokenResult = await load(`${csoc.url}/api/v1/orgs/bench-org-0`, {
    headers: { authorization: `Bearer ${token}` },
  });

  printTable('List endpoint vs bare Fastify (10 connections, 5 s each)', [
    {
      case: 'bare Fastify GET /hello',
      'req/s': round(helloResult.requestsPerSecond),
      'p50 ms': helloResult.p50Ms,
      'p99 ms': helloResult.p99Ms,
      errors: helloResult.errors + helloResult.non2xx,
    },
    {
      case: 'CSOC GET /api/v1/orgs?limit=50 (session)',
      'req/s': round(listResult.requestsPerSecond),
      'p50 ms': listResult.p50Ms,
      'p99 ms': listResult.p99Ms,
      errors: listResult.errors + listResult.non2xx,
    },
    {
      case: 'CSOC GET /api/v1/orgs/:org (API token)',
      'req/s': round(tokenResult.requestsPerSecond),
      'p50 ms': tokenResult.p50Ms,
      'p99 ms': tokenResult.p99Ms,
      errors: tokenResult.errors + tokenResult.non2xx,
    },
  ]);
  console.log(
    `ratio list/bare throughput: ${round(listResult.requestsPerSecond / helloResult.requestsPerSecond, 3)}`,
  );
  await csoc.stop();
  await bare.close();
}

function csocCookie(csoc: Awaited<ReturnType<typeof startBenchCsoc>>): string {
  // The admin client keeps its cookies privately; reuse them for the load generator.
  const cookies = (csoc.admin as unknown as { cookies: Map<string, string> }).cookies;
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}
