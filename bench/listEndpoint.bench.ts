// A list endpoint of CSOC (GET /api/v1/orgs, authenticated, 50 items a page, SQLite) next to a bare
// Fastify route serving the very same JSON from memory and a bare hello-world, measured in the same run on
// the same machine; prints req/s, p50/p99 and both ratios (target: ≥ 0.5 of the same-JSON route).
import Fastify from 'fastify';
import os from 'node:os';
import { load, printTable, round, startBenchCsoc } from './benchKit.ts';

export async function benchListEndpoint(): Promise<void> {
  const bare = Fastify();
  bare.get('/hello', async () => ({ hello: 'world' }));
  // Answers exactly what CSOC answers (same bytes, same content type), from memory; filled in below.
  let pageText = '';
  bare.get('/orgs', (_request, reply) => {
    void reply.type('application/json; charset=utf-8').send(pageText);
  });
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  const csoc = await startBenchCsoc();
  for (let index = 0; index < 200; index++)
    await csoc.admin.post('/api/v1/orgs', { slug: `bench-org-${index}`, name: `Bench org ${index}` });
  const token = (await csoc.admin.post('/api/v1/orgs/bench-org-0/tokens', { name: 'bench', role: 'viewer' }))
    .body.token;
  const cookie = (await csoc.admin.get('/api/v1/session')) && csocCookie(csoc);

  const page = await csoc.admin.get('/api/v1/orgs?limit=50');
  if (page.body.items?.length !== 50) throw new Error(`expected 50 orgs, got ${page.text}`);
  pageText = page.text;

  const helloResult = await load(`${bareUrl}/hello`);
  const sameJsonResult = await load(`${bareUrl}/orgs`);
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
      case: 'bare Fastify GET /orgs (the same JSON, from memory)',
      'req/s': round(sameJsonResult.requestsPerSecond),
      'p50 ms': sameJsonResult.p50Ms,
      'p99 ms': sameJsonResult.p99Ms,
      errors: sameJsonResult.errors + sameJsonResult.non2xx,
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
    `ratio list / bare same-JSON route: ${round(listResult.requestsPerSecond / sameJsonResult.requestsPerSecond, 3)} (target ≥ 0.5)`,
  );
  console.log(
    `ratio list / bare hello-world: ${round(listResult.requestsPerSecond / helloResult.requestsPerSecond, 3)}`,
  );
  // The machine is shared: the load during the runs says how far the absolute rates can be trusted.
  console.log(
    `load average (1, 5, 15 min) after the runs: ${os
      .loadavg()
      .map((l) => round(l))
      .join(', ')}`,
  );
  await csoc.stop();
  await bare.close();
}

function csocCookie(csoc: Awaited<ReturnType<typeof startBenchCsoc>>): string {
  // The admin client keeps its cookies privately; reuse them for the load generator.
  const cookies = (csoc.admin as unknown as { cookies: Map<string, string> }).cookies;
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}
