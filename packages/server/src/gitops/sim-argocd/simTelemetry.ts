// SIMULATED traffic, REAL telemetry: a simulated commons runs the OpenTelemetry JS SDK (one MeterProvider
// per service, as each Gen3 service is its own process) and exports OTLP/HTTP protobuf, gzip, to CSOC with
// the commons' ingest credential: http.server.request.duration per service (status codes, latency),
// fence's gen3_fence_login and gen3_fence_presigned_url{action="download"}. The simulator's faults
// (simFaults.ts) shape the traffic: down → 503s, slow → the delay added, hang → 504s after 30 s.
// Control API on the simulator (Bearer: the simulated Argo CD token), standing in for the cloud's secret
// manager that delivers the credential to a real commons' agent:
//   PUT    /sim-control/telemetry/<org>/<commons>  {"endpoint": "<CSOC>/otlp", "token": "csoc_otlp_...", "services": [...], "intervalMs": 10000}
//   DELETE /sim-control/telemetry/<org>/<commons>
//   GET    /sim-control/telemetry
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SimFault, SimFaults } from './simFaults.ts';

export const SIM_TELEMETRY_SERVICES = ['revproxy', 'fence', 'indexd', 'sheepdog', 'peregrine', 'metadata'];

/** Seconds, as the semantic conventions say; bounds fit web latencies from 5 ms to 30 s. */
const DURATION_BOUNDS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30];
const HANG_SECONDS = 30;

export interface SimTelemetryOptions {
  /** CSOC's OTLP base URL (`<CSOC>/otlp`); /v1/metrics is appended. */
  endpoint: string;
  token: string;
  org: string;
  commons: string;
  services?: string[];
  /** How often traffic is generated and exported. */
  intervalMs?: number;
  /** Requests each service serves per interval. */
  requestsPerInterval?: number;
  faultOf?: (service: string) => SimFault | undefined;
}

export interface SimTelemetryEmitter {
  /** Generates one interval of traffic (the timer does it too). */
  generate(): void;
  /** Exports now; rejects when CSOC refused the export. */
  flush(): Promise<void>;
  stats(): { exports: number; failures: number; lastError: string | null };
  stop(): Promise<void>;
}

/** A small deterministic generator, so a simulated commons' traffic is the same run after run. */
function seededRandom(seed: string): () => number {
  let state = crypto.createHash('sha256').update(seed).digest().readUInt32BE(0) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

export function startSimTelemetryEmitter(options: SimTelemetryOptions): SimTelemetryEmitter {
  const intervalMs = options.intervalMs ?? 10_000;
  const perInterval = options.requestsPerInterval ?? 20;
  const stats = { exports: 0, failures: 0, lastError: null as string | null };
  const random = seededRandom(`${options.org}/${options.commons}`);
  const services = (options.services ?? SIM_TELEMETRY_SERVICES).map((service) => {
    const inner = new OTLPMetricExporter({
      url: `${options.endpoint.replace(/\/+$/, '')}/v1/metrics`,
      headers: { Authorization: `Bearer ${options.token}` },
      compression: 'gzip' as never,
    });
    // Counts what the SDK's export did, for the control API's GET.
    const exporter: PushMetricExporter = {
      export(metrics, done) {
        inner.export(metrics, (result) => {
          if (result.code === 0) stats.exports += 1;
          else {
            stats.failures += 1;
            stats.lastError = result.error?.message ?? 'export failed';
          }
          done(result);
        });
      },
      forceFlush: () => inner.forceFlush(),
      shutdown: () => inner.shutdown(),
      selectAggregationTemporality: inner.selectAggregationTemporality?.bind(inner),
    };
    const reader = new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: Math.max(intervalMs, 1000),
    });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({
        'service.name': service,
        'csoc.commons': options.commons,
        'csoc.org': options.org,
        'csoc.simulated': true,
      }),
      readers: [reader],
    });
    const meter = provider.getMeter('csoc-sim-commons');
    return {
      service,
      provider,
      duration: meter.createHistogram('http.server.request.duration', {
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BOUNDS_S },
      }),
      logins: meter.createCounter('gen3_fence_login'),
      presignedUrls: meter.createCounter('gen3_fence_presigned_url'),
    };
  });

  function generate(): void {
    for (const emitter of services) {
      const fault = options.faultOf?.(emitter.service);
      for (let index = 0; index < perInterval; index += 1) {
        let seconds = 0.02 + random() * 0.08;
        let status = random() < 0.01 ? 404 : 200;
        if (fault?.kind === 'down') status = 503;
        else if (fault?.kind === 'slow') seconds += fault.delayMs / 1000;
        else if (fault?.kind === 'hang') {
          status = 504;
          seconds = HANG_SECONDS;
        }
        emitter.duration.record(seconds, {
          'http.request.method': 'GET',
          'http.response.status_code': status,
          'http.route': '/_status',
        });
      }
      if (emitter.service === 'fence' && fault?.kind !== 'down' && fault?.kind !== 'hang') {
        emitter.logins.add(1 + Math.floor(random() * 3), { idp: 'sim', fence_idp: 'sim' });
        emitter.presignedUrls.add(2 + Math.floor(random() * 4), { action: 'download', protocol: 's3' });
        emitter.presignedUrls.add(Math.floor(random() * 2), { action: 'upload', protocol: 's3' });
      }
    }
  }

  const timer = setInterval(generate, intervalMs);
  timer.unref();
  return {
    generate,
    async flush() {
      await Promise.all(services.map((emitter) => emitter.provider.forceFlush()));
    },
    stats: () => ({ ...stats }),
    async stop() {
      clearInterval(timer);
      await Promise.allSettled(services.map((emitter) => emitter.provider.shutdown()));
    },
  };
}

/** The emitters of one simulator and their control routes. */
export function registerSimTelemetry(fastify: FastifyInstance, token: string, faults: SimFaults) {
  const emitters = new Map<string, SimTelemetryEmitter>();
  const expected = Buffer.from(`Bearer ${token}`);

  fastify.register(async (control) => {
    control.addHook('onRequest', async (request, reply) => {
      const given = Buffer.from(String(request.headers.authorization ?? ''));
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
        return reply.status(401).send({
          error: 'the telemetry control API needs Authorization: Bearer <the simulated Argo CD token>',
        });
    });

    control.get('/sim-control/telemetry', async () => ({
      simulated: true,
      emitters: [...emitters].map(([commons, emitter]) => ({ commons, ...emitter.stats() })),
    }));

    control.put('/sim-control/telemetry/:org/:commons', async (request, reply) => {
      const { org, commons } = request.params as { org: string; commons: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body.endpoint !== 'string' || !/^https?:\/\//.test(body.endpoint))
        return reply
          .status(400)
          .send({ error: 'endpoint must be CSOC\u2019s OTLP base URL, e.g. http://127.0.0.1:8080/otlp' });
      if (typeof body.token !== 'string' || !body.token)
        return reply.status(400).send({ error: 'token must be the commons\u2019 ingest credential' });
      const services = body.services ?? SIM_TELEMETRY_SERVICES;
      if (
        !Array.isArray(services) ||
        !services.every((name) => typeof name === 'string' && /^[a-z][a-z0-9-]{0,62}$/.test(name))
      )
        return reply.status(400).send({ error: 'services must be Gen3 chart names such as fence' });
      const intervalMs = body.intervalMs ?? 10_000;
      if (
        typeof intervalMs !== 'number' ||
        !Number.isInteger(intervalMs) ||
        intervalMs < 1000 ||
        intervalMs > 600_000
      )
        return reply
          .status(400)
          .send({ error: 'intervalMs must be an integer of milliseconds, 1000-600000' });
      const key = `${org}/${commons}`;
      await emitters.get(key)?.stop();
      emitters.set(
        key,
        startSimTelemetryEmitter({
          endpoint: body.endpoint,
          token: body.token,
          org,
          commons,
          services: services as string[],
          intervalMs,
          faultOf: (service) => faults.faultOf(org, commons, service),
        }),
      );
      return { simulated: true, commons: key, services, intervalMs };
    });

    control.delete('/sim-control/telemetry/:org/:commons', async (request) => {
      const { org, commons } = request.params as { org: string; commons: string };
      const key = `${org}/${commons}`;
      await emitters.get(key)?.stop();
      emitters.delete(key);
      return { simulated: true, stopped: key };
    });
  });

  return {
    async close() {
      await Promise.allSettled([...emitters.values()].map((emitter) => emitter.stop()));
      emitters.clear();
    },
  };
}
