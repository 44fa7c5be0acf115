// SIMULATED traffic, REAL telemetry: a simulated commons runs the OpenTelemetry JS SDK (one MeterProvider
// per service, as each Gen3 service is its own process) and exports OTLP/HTTP protobuf, gzip, to CSOC with
// the commons' ingest credential: http.server.request.duration per service (status codes, latency),
// fence's gen3_fence_login and gen3_fence_presigned_url{action="download"}. The simulator's faults
// (simFaults.ts) shape the traffic: down → 503s, slow → the delay added, hang → 504s after 30 s.
// A synced commons starts its telemetry the way its rendered Grafana Alloy would (simTelemetryAgent.ts): the
// endpoint from the alloy source in app.yaml, the token from the simulated secret manager's entry that the
// ExternalSecret in secrets.yaml names. Control API on the simulator (Bearer: the simulated Argo CD token):
//   PUT    /sim-control/secret-manager/<entry>  {"token": "csoc_otlp_..."}   the simulated secret manager's value
//          (what the IaC plugin's store-ingest-credential verb writes on a real cloud); names only come back
//   GET    /sim-control/secret-manager                                      entry and property names, no value
//   PUT    /sim-control/telemetry/<org>/<commons>  {"endpoint": "<CSOC>/otlp", "token": "csoc_otlp_...", "services": [...], "intervalMs": 10000}
//          an emitter started by hand, without a deploy
//   DELETE /sim-control/telemetry/<org>/<commons>
//   GET    /sim-control/telemetry   emitters (started by a sync or by hand) and why a synced agent is not running
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
import { readRenderedTelemetryAgent } from './simTelemetryAgent.ts';

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
/** A commons whose synced Application renders a telemetry agent. */
interface SyncedAgent {
  org: string;
  commons: string;
  endpoint?: string;
  remoteKey?: string;
  property?: string;
  /** Why the agent is not exporting (no value in the entry, nothing rendered); absent when it is. */
  problem?: string;
}

export interface SimTelemetryControlOptions {
  /** How often a synced commons' agent exports (default 10 s). */
  agentIntervalMs?: number;
  /** Told after an entry of the simulated secret manager was written (other readers of it, like csoc-agent). */
  onSecretWritten?: (entry: string) => Promise<void>;
}

export function registerSimTelemetry(
  fastify: FastifyInstance,
  token: string,
  faults: SimFaults,
  options: SimTelemetryControlOptions = {},
) {
  const emitters = new Map<string, SimTelemetryEmitter>();
  /** The simulated secret manager's values, by entry name (the sim plugin's secret_manager_keys hold the names). */
  const secretValues = new Map<string, Record<string, string>>();
  const agents = new Map<string, SyncedAgent>();
  const expected = Buffer.from(`Bearer ${token}`);

  /** Starts (or restarts with the current token) the emitter of a synced agent, as Alloy re-reads its file. */
  async function runAgent(agent: SyncedAgent): Promise<void> {
    const key = `${agent.org}/${agent.commons}`;
    const value = agent.remoteKey ? secretValues.get(agent.remoteKey)?.[agent.property!] : undefined;
    if (!agent.endpoint || !agent.remoteKey) return;
    await emitters.get(key)?.stop();
    emitters.delete(key);
    if (!value) {
      agent.problem = `ExternalSecret csoc-telemetry-ingest: ${agent.remoteKey} has no value for "${agent.property}" yet (SecretSyncedError, simulated)`;
      return;
    }
    agent.problem = undefined;
    emitters.set(
      key,
      startSimTelemetryEmitter({
        endpoint: agent.endpoint,
        token: value,
        org: agent.org,
        commons: agent.commons,
        intervalMs: options.agentIntervalMs ?? 10_000,
        faultOf: (service) => faults.faultOf(agent.org, agent.commons, service),
      }),
    );
  }

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
      emitters: [...emitters].map(([commons, emitter]) => ({
        commons,
        startedBy: agents.has(commons) ? 'sync' : 'control',
        ...emitter.stats(),
      })),
      agents: [...agents.values()].map((agent) => ({
        commons: `${agent.org}/${agent.commons}`,
        endpoint: agent.endpoint ?? null,
        secret: agent.remoteKey ?? null,
        problem: agent.problem ?? null,
      })),
    }));

    control.get('/sim-control/secret-manager', async () => ({
      simulated: true,
      entries: [...secretValues].map(([name, properties]) => ({ name, properties: Object.keys(properties) })),
    }));

    control.put('/sim-control/secret-manager/:entry', async (request, reply) => {
      const { entry } = request.params as { entry: string };
      const body = request.body as Record<string, unknown> | undefined;
      if (!/^[a-z0-9][a-z0-9.-]{0,254}$/.test(entry))
        return reply
          .status(400)
          .send({ error: 'entry must be a secret-manager name like <env>-<ns>-csoc-telemetry-ingest' });
      if (
        !body ||
        typeof body !== 'object' ||
        Object.keys(body).length === 0 ||
        !Object.values(body).every((value) => typeof value === 'string' && value.length <= 8192)
      )
        return reply.status(400).send({
          error: 'the body must be a JSON object of string properties, e.g. {"token": "csoc_otlp_..."}',
        });
      secretValues.set(entry, body as Record<string, string>);
      // ESO refreshes, the agent re-reads its file: a running agent of this entry picks the new value up.
      for (const agent of agents.values()) if (agent.remoteKey === entry) await runAgent(agent);
      await options.onSecretWritten?.(entry);
      return { simulated: true, entry, properties: Object.keys(body) };
    });

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
    /** The simulated secret manager's value of an entry, as ESO would read it. */
    secretValue: (entry: string): Record<string, string> | undefined => secretValues.get(entry),
    /** The entries that hold a value: the secret manager holds them, whoever wrote them. */
    secretEntries: (): string[] => [...secretValues.keys()],
    /**
     * A commons Application synced: its telemetry runs as the rendered agent would (or stops, when the
     * render has no agent any more).
     */
    async agentSynced(target: {
      org: string;
      commons: string;
      sources: Parameters<typeof readRenderedTelemetryAgent>[0];
      secretsText: string | undefined;
    }): Promise<void> {
      const key = `${target.org}/${target.commons}`;
      const rendered = readRenderedTelemetryAgent(target.sources, target.secretsText);
      if ('problem' in rendered) {
        if (agents.has(key)) {
          await emitters.get(key)?.stop();
          emitters.delete(key);
        }
        agents.set(key, { org: target.org, commons: target.commons, problem: rendered.problem });
        return;
      }
      const previous = agents.get(key);
      const agent: SyncedAgent = { org: target.org, commons: target.commons, ...rendered };
      agents.set(key, agent);
      const unchanged =
        previous !== undefined &&
        previous.endpoint === agent.endpoint &&
        previous.remoteKey === agent.remoteKey &&
        !previous.problem &&
        emitters.has(key);
      if (!unchanged) await runAgent(agent);
    },
    /** The commons' Application is gone: its agent with it. */
    async agentRemoved(org: string, commons: string): Promise<void> {
      const key = `${org}/${commons}`;
      if (!agents.delete(key)) return;
      await emitters.get(key)?.stop();
      emitters.delete(key);
    },
    async close() {
      await Promise.allSettled([...emitters.values()].map((emitter) => emitter.stop()));
      emitters.clear();
    },
  };
}
