// A list endpoint of CSOC (GET /api/v1/orgs, authenticated, 50 items a page, SQLite) next to a bare
// Fastify route serving the very same JSON from memory and a bare hello-world, measured in the same run on
// the same machine; prints req/s, p50/p99 and both ratios (target: ≥ 0.5 of the same-JSON route).
//
// The machine is shared and its load moves within seconds, so the cases take turns: ROUNDS rounds, each
// running every case once (in a rotated order), and the table shows each case's median. Besides req/s it
// prints the CPU this process spent per request (load generator and server share it, as they share the
// event loop): a figure that other processes' load disturbs much less than req/s.
import Fastify from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, type LoadResult, median, printTable, round, startBenchCsoc } from './benchKit.ts';

const ROUNDS = Number(process.env.CSOC_BENCH_LIST_ROUNDS ?? 3);
const SECONDS_PER_CASE = 5;

interface Measured extends LoadResult {
  cpuMicrosPerRequest: number;
}

async function measure(url: string, headers?: Record<string, string>): Promise<Measured> {
  const cpuBefore = process.cpuUsage();
  const result = await load(url, { headers, seconds: SECONDS_PER_CASE });
  const cpu = process.cpuUsage(cpuBefore);
  const requests = result.requestsPerSecond * SECONDS_PER_CASE;
  return { ...result, cpuMicrosPerRequest: requests > 0 ? (cpu.user + cpu.system) / requests : NaN };
}

export async function benchListEndpoint(): Promise<void> {
  const bare = Fastify();
  bare.get('/hello', async () => ({ hello: 'world' }));
  // Answers exactly what CSOC answers (same bytes, same content type), from memory, kept as a Buffer as CSOC
  // keeps its cached page (a string would be encoded on every request); filled in below.
  let pageBytes = Buffer.alloc(0);
  bare.get('/orgs', (_request, reply) => {
    void reply.type('application/json; charset=utf-8').send(pageBytes);
  });
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  // The database in a folder of this run's own, removed with CSOC's data directory when the bench ends.
  const databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-list-'));
  const csoc = await startBenchCsoc(`sqlite:${path.join(databaseDir, 'csoc.db')}`);
  for (let index = 0; index < 200; index++)
    await csoc.admin.post('/api/v1/orgs', { slug: `bench-org-${index}`, name: `Bench org ${index}` });
  const token = (await csoc.admin.post('/api/v1/orgs/bench-org-0/tokens', { name: 'bench', role: 'viewer' }))
    .body.token;
  const cookie = (await csoc.admin.get('/api/v1/session')) && csocCookie(csoc);

  const page = await csoc.admin.get('/api/v1/orgs?limit=50');
  if (page.body.items?.length !== 50) throw new Error(`expected 50 orgs, got ${page.text}`);
  pageBytes = Buffer.from(page.text);

  const cases: Array<{ name: string; run: () => Promise<Measured> }> = [
    { name: 'bare Fastify GET /hello', run: () => measure(`${bareUrl}/hello`) },
    { name: 'bare Fastify GET /orgs (the same JSON, from memory)', run: () => measure(`${bareUrl}/orgs`) },
    {
      name: 'CSOC GET /api/v1/orgs?limit=50 (session)',
      run: () => measure(`${csoc.url}/api/v1/orgs?limit=50`, { cookie }),
    },
    {
      name: 'CSOC GET /api/v1/orgs/:org (API token)',
      run: () => measure(`${csoc.url}/api/v1/orgs/bench-org-0`, { authorization: `Bearer ${token}` }),
    },
  ];
  const results = new Map<string, Measured[]>(cases.map((one) => [one.name, []]));
  const listRatios: number[] = [];
  for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
    // Rotated, so no case always runs first or last in a round.
    const order = cases.map((_, index) => cases[(index + roundIndex) % cases.length]!);
    const roundResults = new Map<string, Measured>();
    for (const one of order) roundResults.set(one.name, await one.run());
    for (const [name, result] of roundResults) results.get(name)!.push(result);
    listRatios.push(
      roundResults.get(cases[2]!.name)!.requestsPerSecond /
        roundResults.get(cases[1]!.name)!.requestsPerSecond,
    );
  }

  const summary = (name: string) => {
    const runs = results.get(name)!;
    return {
      case: name,
      'req/s': round(median(runs.map((run) => run.requestsPerSecond))),
      'p50 ms': median(runs.map((run) => run.p50Ms)),
      'p99 ms': median(runs.map((run) => run.p99Ms)),
      'CPU µs/req': round(median(runs.map((run) => run.cpuMicrosPerRequest)), 1),
      errors: runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0),
    };
  };
  const [hello, sameJson, list] = cases.slice(0, 3).map((one) => summary(one.name));
  printTable(
    `List endpoint vs bare Fastify (10 connections, ${SECONDS_PER_CASE} s per case, median of ${ROUNDS} rounds)`,
    cases.map((one) => summary(one.name)),
  );
  console.log(
    `ratio list / bare same-JSON route: ${round(list!['req/s'] / sameJson!['req/s'], 3)} (target ≥ 0.5); per round: ${listRatios.map((ratio) => round(ratio, 3)).join(', ')}`,
  );
  console.log(`ratio list / bare hello-world: ${round(list!['req/s'] / hello!['req/s'], 3)}`);
  console.log(
    `CPU per request, bare same-JSON ÷ list (the throughput ratio on an otherwise idle core): ${round(sameJson!['CPU µs/req'] / list!['CPU µs/req'], 3)}`,
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
  for (const dir of [databaseDir, csoc.dataDir]) fs.rmSync(dir, { recursive: true, force: true });
}

function csocCookie(csoc: Awaited<ReturnType<typeof startBenchCsoc>>): string {
  // The admin client keeps its cookies privately; reuse them for the load generator.
  const cookies = (csoc.admin as unknown as { cookies: Map<string, string> }).cookies;
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}
