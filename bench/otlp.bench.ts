// OTLP ingest: data points per second CSOC accepts at POST /otlp/v1/metrics (authenticate, rate-count,
// decode, summarize into the per-commons buckets, queue for forwarding — none configured here), next to
// a bare OTLP/HTTP receiver in the same Node that only gunzips and decodes the same payloads with the same
// protobuf types. The ratio is what CSOC's bookkeeping costs. Payload: one commons' export of 6 services
// with delta request histograms per route × status and fence counters, gzip protobuf, as the SDK sends.
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
  return { rps: result.requests.average, p99Ms: result.latency.p99, non2xx: result.non2xx + result.errors };
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

async function benchCsoc(databaseUrl: string | undefined, body: Buffer) {
  const csoc = await startBenchCsoc(databaseUrl, {
    CSOC_TELEMETRY_RATE_LIMIT_PER_MINUTE: '1000000',
    CSOC_PROBE_INTERVAL_SECONDS: '0',
  });
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
    return await hammer(`${csoc.url}/otlp/v1/metrics`, body, {
      authorization: `Bearer ${issued.body.token}`,
    });
  } finally {
    await csoc.stop();
  }
}

export async function benchOtlp(): Promise<void> {
  const { body, dataPoints } = payload();
  const bare = await benchBareReceiver(body);
  const rows: Record<string, string | number>[] = [];
  const row = (receiver: string, result: Awaited<ReturnType<typeof hammer>>) => ({
    receiver,
    'requests/s': round(result.rps, 1),
    'data points/s': Math.round(result.rps * dataPoints),
    'p99 ms': result.p99Ms,
    'refused or failed': result.non2xx,
    'vs bare': `${round((result.rps / bare.rps) * 100, 1)}%`,
  });
  rows.push(row('bare OTLP/HTTP decoder', bare));
  rows.push(row('CSOC (sqlite)', await benchCsoc(undefined, body)));
  const postgres = process.env.CSOC_TEST_DATABASE_URL ? undefined : await startThrowawayPostgres();
  if (postgres) process.env.CSOC_TEST_DATABASE_URL = postgres.url;
  try {
    rows.push(row('CSOC (postgres)', await benchCsoc(await createPostgresTestDatabase(), body)));
  } finally {
    await postgres?.stop();
  }
  printTable(
    `OTLP metrics ingest: ${dataPoints} data points per request (${body.length} bytes gzip protobuf), ${CONNECTIONS} connections, ${SECONDS} s`,
    rows,
  );
}
