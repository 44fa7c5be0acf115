// OTLP ingest: data points per second CSOC accepts at POST /otlp/v1/metrics (authenticate, rate-count,
// decode, summarize into the per-commons buckets), with forwarding off and on (the request stored in the
// durable outbox before the answer, then sent to an OTLP receiver in the same Node by the forwarder,
// ADR 0052), next to a bare OTLP/HTTP receiver that only gunzips and decodes the same payloads with the
// same protobuf types. The ratios are what CSOC's bookkeeping and the outbox cost. Payload: one commons'
// export of 6 services with delta request histograms per route × status and fence counters, gzip
// protobuf, as the SDK sends.
import autocannon from 'autocannon';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import {
  decodeOtlpBody,
  decompressOtlpBody,
  otlpRequestType,
} from '@csoc/server/internal/telemetry-ingest/decodeOtlpBody.ts';
import { createPostgresTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { startThrowawayPostgres } from '@csoc/server/testing/startThrowawayPostgres.ts';
import { printTable, round, startBenchCsoc } from './benchKit.ts';

const SECONDS = 8;
const CONNECTIONS = 8;
const ROUNDS = 3;
const SERVICES = ['revproxy', 'fence', 'indexd', 'sheepdog', 'peregrine', 'metadata'];
const ROUTES = ['/_status', '/index', '/user', '/data/download', '/api/v0/submission'];
const STATUSES = [200, 404, 500];

/** The payload and how many data points it carries. */
function payload(): { body: Buffer; dataPoints: number } {
  const now = Date.now();
  const nanos = (ms: number) => String(BigInt(ms) * 1_000_000n);
  let dataPoints = 0;
  const resourceMetrics = SERVICES.map((service) => {
    const histogramPoints = ROUTES.flatMap((route) =>
      STATUSES.map((status) => {
        dataPoints += 1;
        return {
          attributes: [
            { key: 'http.route', value: { stringValue: route } },
            { key: 'http.response.status_code', value: { intValue: status } },
          ],
          startTimeUnixNano: nanos(now - 10_000),
          timeUnixNano: nanos(now),
          count: 40,
          sum: 2.4,
          bucketCounts: [5, 10, 20, 4, 1, 0, 0],
          explicitBounds: [0.01, 0.05, 0.1, 0.25, 0.5, 1],
        };
      }),
    );
    const counter = (name: string, attributes: unknown[]) => {
      dataPoints += 1;
      return {
        name,
        sum: {
          aggregationTemporality: 1,
          isMonotonic: true,
          dataPoints: [
            { attributes, startTimeUnixNano: nanos(now - 10_000), timeUnixNano: nanos(now), asInt: 3 },
          ],
        },
      };
    };
    return {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeMetrics: [
        {
          metrics: [
            {
              name: 'http.server.request.duration',
              unit: 's',
              histogram: { aggregationTemporality: 1, dataPoints: histogramPoints },
            },
            ...(service === 'fence'
              ? [
                  counter('gen3_fence_login', [{ key: 'idp', value: { stringValue: 'google' } }]),
                  counter('gen3_fence_presigned_url', [
                    { key: 'action', value: { stringValue: 'download' } },
                  ]),
                ]
              : []),
          ],
        },
      ],
    };
  });
  const type = otlpRequestType('metrics');
  const body = gzipSync(Buffer.from(type.encode(type.fromObject({ resourceMetrics })).finish()));
  return { body, dataPoints };
}

async function hammer(url: string, body: Buffer, headers: Record<string, string>) {
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip', ...headers },
    duration: SECONDS,
    connections: CONNECTIONS,
  });
  return {
    rps: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx + result.errors,
    total: result.requests.total,
  };
}

/** The baseline: gunzip + protobuf decode of the same body with the same types, nothing kept. */
async function benchBareReceiver(body: Buffer) {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      decodeOtlpBody(
        'metrics',
        'protobuf',
        decompressOtlpBody(Buffer.concat(chunks), request.headers['content-encoding']),
      );
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await hammer(`http://127.0.0.1:${port}/v1/metrics`, body, {});
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The org's backend when forwarding is on: takes every request, counts them. */
async function startForwardReceiver() {
  let received = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const BACKLOG_DRAIN_MS = 120_000;

async function benchCsoc(databaseUrl: string | undefined, body: Buffer, forward: boolean) {
  const csoc = await startBenchCsoc(databaseUrl, {
    CSOC_TELEMETRY_RATE_LIMIT_PER_MINUTE: '1000000',
    CSOC_PROBE_INTERVAL_SECONDS: '0',
    CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS: '127.0.0.0/8',
  });
  const receiver = forward ? await startForwardReceiver() : undefined;
  try {
    await csoc.admin.post('/api/v1/orgs', { slug: 'bench-otlp', name: 'Bench' });
    await csoc.admin.post('/api/v1/orgs/bench-otlp/accounts', {
      kind: 'sim',
      name: 'sim-account',
      public: { region: 'us-sim-1' },
      secrets: {},
    });
    await csoc.admin.post('/api/v1/orgs/bench-otlp/commons', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'bench' },
      spec: {
        environment: 'dev',
        plugin: { name: 'sim' },
        account: 'sim-account',
        inputs: { name: 'bench' },
      },
    });
    const issued = await csoc.admin.post('/api/v1/orgs/bench-otlp/commons/bench/telemetry/credential', {});
    if (issued.status !== 201) throw new Error(`could not issue the credential: ${issued.text}`);
    if (receiver) {
      const put = await csoc.admin.put('/api/v1/orgs/bench-otlp/telemetry/forwarding', {
        endpoint: receiver.url,
      });
      if (put.status !== 200) throw new Error(`could not set forwarding: ${put.text}`);
    }
    const result = await hammer(`${csoc.url}/otlp/v1/metrics`, body, {
      authorization: `Bearer ${issued.body.token}`,
    });
    if (!receiver) return { ...result, forwardedDuring: '—', drainSeconds: '—' };
    // How far the forwarder kept up: what the backend had at the end of the load, and how long the rest took.
    const forwardedDuring = receiver.received();
    const started = Date.now();
    for (;;) {
      const read = await csoc.admin.get('/api/v1/orgs/bench-otlp/telemetry/forwarding');
      if (read.body.backlogRequests === 0 || Date.now() - started > BACKLOG_DRAIN_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return {
      ...result,
      forwardedDuring: `${forwardedDuring} of ${result.total}`,
      drainSeconds: round((Date.now() - started) / 1000, 1),
    };
  } finally {
    await csoc.stop();
    await receiver?.close();
  }
}

type CsocResult = Awaited<ReturnType<typeof benchCsoc>>;

/** The run of median requests/s among `results` (its other figures come with it). */
function medianRun<T extends { rps: number }>(results: T[]): T {
  const sorted = [...results].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchOtlp(): Promise<void> {
  const { body, dataPoints } = payload();
  const bare: Awaited<ReturnType<typeof hammer>>[] = [];
  const runs = new Map<string, { off: CsocResult[]; on: CsocResult[] }>();
  // Rounds interleave bare, off and on (alternating which goes first), so a machine whose speed drifts
  // during the run moves all three alike; the medians are printed.
  const measure = async (dialect: string, databaseUrl: () => Promise<string | undefined>) => {
    const results = { off: [] as CsocResult[], on: [] as CsocResult[] };
    runs.set(dialect, results);
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
      bare.push(await benchBareReceiver(body));
      for (const forward of roundIndex % 2 ? [true, false] : [false, true])
        results[forward ? 'on' : 'off'].push(await benchCsoc(await databaseUrl(), body, forward));
    }
  };
  await measure('sqlite', async () => undefined);
  const postgres = process.env.CSOC_TEST_DATABASE_URL ? undefined : await startThrowawayPostgres();
  if (postgres) process.env.CSOC_TEST_DATABASE_URL = postgres.url;
  try {
    await measure('postgres', createPostgresTestDatabase);
  } finally {
    await postgres?.stop();
  }

  const bareRun = medianRun(bare);
  const row = (
    receiver: string,
    result: Awaited<ReturnType<typeof hammer>> & Partial<CsocResult>,
    off?: number,
  ) => ({
    receiver,
    'requests/s': round(result.rps, 1),
    'data points/s': Math.round(result.rps * dataPoints),
    'p99 ms': result.p99Ms,
    'refused or failed': result.non2xx,
    'vs bare': `${round((result.rps / bareRun.rps) * 100, 1)}%`,
    'vs forwarding off': off ? `${round((result.rps / off) * 100, 1)}%` : '—',
    'forwarded by end of load': result.forwardedDuring ?? '—',
    'rest forwarded in s': result.drainSeconds ?? '—',
  });
  const rows = [row('bare OTLP/HTTP decoder', bareRun)];
  for (const [dialect, results] of runs) {
    const off = medianRun(results.off);
    rows.push(row(`CSOC (${dialect}), forwarding off`, off));
    rows.push(row(`CSOC (${dialect}), forwarding on`, medianRun(results.on), off.rps));
  }
  printTable(
    `OTLP metrics ingest: ${dataPoints} data points per request (${body.length} bytes gzip protobuf), ${CONNECTIONS} connections, ${SECONDS} s, median of ${ROUNDS} interleaved rounds`,
    rows,
  );
  console.log(
    `requests/s of every round — bare: ${bare.map((run) => round(run.rps)).join(', ')}; ` +
      [...runs]
        .map(
          ([dialect, results]) =>
            `${dialect} off: ${results.off.map((run) => round(run.rps)).join(', ')}; ${dialect} on: ${results.on.map((run) => round(run.rps)).join(', ')}`,
        )
        .join('; '),
  );
}
