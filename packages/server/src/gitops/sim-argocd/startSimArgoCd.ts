// SIMULATED Argo CD and Gen3 commons endpoints, for first start, demos, tests and load tests. It serves the
// subset of the Argo CD REST API the CSOC client uses — one simulated Argo CD per org under /argocd/<org> —
// pulls each application's GitOps repository over HTTP with real git (the credentials registered through
// /api/v1/repositories), and "syncs" after a configurable delay. Each synced commons answers Gen3's health
// and version endpoints under /sim/<org>/<commons>/... (or at / with its hostname in the Host header).
// Failures are injected from the values: a `podAnnotations` entry `sim.csoc.gen3.org/inject` on any chart
// set to `degraded` (that service reports unhealthy, the app turns Degraded) or `sync-failed` (the sync fails).
// Like the real API, every /argocd/ call needs `Authorization: Bearer <token>` (401 otherwise); the commons
// endpoints stay public, as a commons' revproxy is. Like a real Argo CD and cluster it refuses what would
// break one (docs/adr/0030): unregistered clusters, projects that do not permit an Application or an object
// of its folders (a kind or namespace, ADR 0083), unpublished gen3-helm charts, CRDs no add-on installed,
// and (on a simulated cluster) secret-manager keys, roles and a namespace the sim plugin never created.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import YAML from 'yaml';
import { GEN3_HEALTH_ENDPOINTS } from '../deploys/gen3Endpoints.ts';
import { basicAuthHeader, runGit } from '../repository/runGit.ts';
import type { ArgoAppProject } from '../deploys/argoCdClient.ts';
import {
  acceptCluster,
  acceptProject,
  checkApplicationPermitted,
  IN_CLUSTER,
  InvalidArgument,
  projectNamed,
  refusedClusterKind,
  refusedObject,
  type SimCluster,
  type SimObject,
} from './simulatedClusters.ts';
import {
  gen3Requirements,
  inventoryProblems,
  missingCrdProblem,
  SIM_ADDON_CHARTS,
  unpublishedChartProblem,
} from './simulatedSyncChecks.ts';
import { registerSimFaults } from './simFaults.ts';
import { registerSimTelemetry } from './simTelemetry.ts';
import { registerSimCommonsAgents } from '../../agents/sim/simCommonsAgents.ts';

export interface SimArgoCdOptions {
  host?: string;
  port?: number;
  /** Where the simulator keeps its git caches; a temporary folder by default. */
  dataDir?: string;
  /** How long a sync takes (ms). */
  syncDelayMs?: number;
  /** Refresh (re-fetch) applications with automated sync on this interval; 0 = only when asked. */
  pollIntervalMs?: number;
  /** The Bearer token the Argo CD API requires; a random one when absent (read it from `token`). */
  token?: string;
}

export interface RunningSimArgoCd {
  url: string;
  /** The Bearer token of the simulated Argo CD API (a secret: never log it). */
  token: string;
  close(): Promise<void>;
  /** Counters for load tests. */
  stats(): { applications: number; fetches: number; syncs: number };
}

/** Which chart answers a public path prefix of a commons. */
export const SIM_HEALTH_ENDPOINTS: Record<string, string> = Object.fromEntries(
  GEN3_HEALTH_ENDPOINTS.map((endpoint) => [endpoint.prefix, endpoint.chart]),
);

const INJECT_ANNOTATION = 'sim.csoc.gen3.org/inject';

/** The parts of an Argo CD Application source the simulator reads. */
interface AppSource {
  repoURL?: string;
  targetRevision?: string;
  ref?: string;
  chart?: string;
  path?: string;
  directory?: { include?: string };
  helm?: { valueFiles?: string[]; valuesObject?: unknown };
}

interface AppSpec {
  project?: string;
  sources?: AppSource[];
  source?: AppSource;
  destination?: { server?: string; namespace?: string };
  syncPolicy?: {
    automated?: unknown;
    syncOptions?: string[];
    retry?: { limit?: number; backoff?: { factor?: number } };
  };
}

interface ValuesBlock {
  enabled?: boolean;
  podAnnotations?: Record<string, string>;
  image?: { tag?: unknown };
  hostname?: string;
}

interface SimService {
  enabled: boolean;
  tag?: string;
  inject?: string;
}

interface SimApp {
  org: string;
  name: string;
  application: { metadata: Record<string, unknown>; spec: AppSpec };
  repoUrl?: string;
  valuesPath?: string;
  targetRevision: string;
  automated: boolean;
  headRevision?: string;
  syncedRevision?: string;
  syncingRevision?: string;
  operation?: {
    phase: 'Running' | 'Succeeded' | 'Failed';
    message: string;
    revision: string;
    startedAt: string;
    finishedAt?: string;
  };
  health: 'Missing' | 'Progressing' | 'Healthy' | 'Degraded';
  healthMessage?: string;
  /** Why the app cannot be compared (a ComparisonError, as Argo CD reports it); cleared by a good refresh. */
  comparisonError?: string;
  /** Why the last sync attempt failed (a SyncError), and how many attempts the current revision took. */
  syncError?: string;
  attempts: number;
  attemptsRevision?: string;
  /** What the simulation could not check (the sim plugin reports no such inventory): shown as a warning. */
  warnings: string[];
  /** Set by a cascading delete: resources are being pruned, then the app disappears. */
  deleting?: boolean;
  release?: string;
  hostname?: string;
  services: Map<string, SimService>;
}

/** One in-flight fetch per repository; callers arriving meanwhile share the next one. */
class Coalescer<T> {
  private running?: Promise<T>;
  private next?: Promise<T>;
  run(task: () => Promise<T>): Promise<T> {
    if (!this.running) {
      this.running = task().finally(() => (this.running = undefined));
      return this.running;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.run(task);
      });
    return this.next;
  }
}

export async function startSimArgoCd(options: SimArgoCdOptions = {}): Promise<RunningSimArgoCd> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-sim-argocd-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const syncDelayMs = options.syncDelayMs ?? 1500;
  const apps = new Map<string, SimApp>(); // `${org}/${name}`
  const clustersByOrg = new Map<string, Map<string, SimCluster>>(); // org -> server -> cluster
  const projectsByOrg = new Map<string, Map<string, ArgoAppProject>>(); // org -> name -> project
  const clustersOf = (org: string) => {
    let clusters = clustersByOrg.get(org);
    if (!clusters) clustersByOrg.set(org, (clusters = new Map()));
    return clusters;
  };
  const projectsOf = (org: string) => {
    let projects = projectsByOrg.get(org);
    if (!projects) projectsByOrg.set(org, (projects = new Map()));
    return projects;
  };
  /** The cluster an app deploys to (Argo CD's own cluster is always there, with nothing installed). */
  const destinationCluster = (app: SimApp): SimCluster | undefined => {
    const server = app.application.spec.destination?.server ?? IN_CLUSTER;
    let cluster = clustersOf(app.org).get(server);
    if (!cluster && server === IN_CLUSTER) {
      cluster = {
        registration: {
          server,
          name: 'in-cluster',
          config: { tlsClientConfig: { caData: '', insecure: false } },
        },
        installedKinds: new Set(),
      };
      clustersOf(app.org).set(server, cluster);
    }
    return cluster;
  };
  const repositories = new Map<string, { username: string; password: string }>(); // `${org} ${url}`
  const fetchers = new Map<string, Coalescer<string | undefined>>();
  const byHost = new Map<string, SimApp>();
  const timers = new Set<NodeJS.Timeout>();
  let fetches = 0;
  let syncs = 0;

  const token = options.token || crypto.randomBytes(32).toString('base64url');
  const expectedAuthorization = Buffer.from(`Bearer ${token}`);

  const fastify = Fastify({ logger: false });
  fastify.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-csoc-simulated', 'true');
    return payload;
  });
  // Argo CD answers an API call without a valid session with 401 and gRPC code 16 (Unauthenticated).
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/argocd/')) return;
    const given = Buffer.from(String(request.headers.authorization ?? ''));
    const valid =
      given.length === expectedAuthorization.length && crypto.timingSafeEqual(given, expectedAuthorization);
    if (!valid)
      return reply
        .status(401)
        .send({ error: 'no session information', code: 16, message: 'no session information' });
  });

  // Run-time failures of a commons' services (down, slow, hung) for monitoring tests: simFaults.ts.
  const faults = registerSimFaults(fastify, token);
  // Real OTLP from simulated traffic, shaped by those faults: simTelemetry.ts.
  const telemetry = registerSimTelemetry(fastify, token, faults, {
    onSecretWritten: (entry) => {
      // ESO refreshes: an application Degraded for want of this entry syncs again and may turn Healthy.
      for (const app of apps.values())
        if (
          app.health === 'Degraded' &&
          app.syncedRevision &&
          app.healthMessage?.includes(`reads "${entry}"`)
        )
          startSync(app, app.syncedRevision);
      return simAgents.secretChanged(entry);
    },
  });
  // A simulated cluster and the real csoc-agent link for each commons that renders the agent.
  const simAgents = registerSimCommonsAgents(fastify, token, {
    secretValue: (entry) => telemetry.secretValue(entry),
  });

  function cacheDirOf(org: string, url: string): string {
    return path.join(
      dataDir,
      'repos',
      `${org}-${crypto.createHash('sha256').update(url).digest('hex').slice(0, 16)}.git`,
    );
  }

  /** git fetch of the application's repository; returns the commit its target revision points at. */
  async function fetchHead(app: SimApp): Promise<string | undefined> {
    if (!app.repoUrl) return undefined;
    const key = `${app.org} ${app.repoUrl} ${app.targetRevision}`;
    let coalescer = fetchers.get(key);
    if (!coalescer) fetchers.set(key, (coalescer = new Coalescer()));
    const url = app.repoUrl;
    const org = app.org;
    const source = app.targetRevision === 'HEAD' ? 'HEAD' : `refs/heads/${app.targetRevision}`;
    return coalescer.run(async () => {
      const gitDir = cacheDirOf(org, url);
      if (!fs.existsSync(path.join(gitDir, 'HEAD'))) await runGit(['init', '--quiet', '--bare', gitDir]);
      const credentials = repositories.get(`${org} ${url}`);
      fetches++;
      await runGit(['fetch', '--quiet', '--no-tags', url, `+${source}:refs/sim/head`], {
        gitDir,
        extraHeader: credentials ? basicAuthHeader(credentials.username, credentials.password) : undefined,
      });
      return (await runGit(['rev-parse', 'refs/sim/head'], { gitDir })).stdout.trim();
    });
  }

  function readServices(valuesText: string): {
    services: Map<string, SimService>;
    hostname?: string;
    release?: string;
  } {
    const values = (YAML.parse(valuesText) ?? {}) as Record<string, ValuesBlock | null>;
    const services = new Map<string, SimService>();
    for (const [chart, block] of Object.entries(values)) {
      if (chart === 'global' || !block || typeof block !== 'object') continue;
      const annotations = (block.podAnnotations ?? {}) as Record<string, string>;
      const image = block.image;
      const tag = typeof image?.tag === 'string' ? image.tag : undefined;
      services.set(chart, { enabled: block.enabled !== false, tag, inject: annotations[INJECT_ANNOTATION] });
    }
    const release = /Gen3 release (\d{4}\.\d{2})/.exec(valuesText)?.[1];
    return { services, hostname: values.global?.hostname, release };
  }

  function startSync(app: SimApp, revision: string): void {
    if (app.syncingRevision === revision) return;
    // A new operation: its retries count from zero (a retry re-runs finishSync, not startSync).
    app.attempts = 0;
    app.attemptsRevision = revision;
    app.syncError = undefined;
    app.syncingRevision = revision;
    app.health = 'Progressing';
    app.operation = {
      phase: 'Running',
      message: `syncing to ${revision.slice(0, 7)} (simulated)`,
      revision,
      startedAt: new Date().toISOString(),
    };
    syncs++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void finishSync(app, revision);
    }, syncDelayMs);
    timers.add(timer);
  }

  /**
   * A sync attempt that failed to apply: retried with backoff (scaled to the simulated sync delay) while the
   * Application's `syncPolicy.retry.limit` allows, then the operation fails with the reason.
   */
  function failAttempt(app: SimApp, revision: string, reason: string): void {
    app.attempts++;
    app.syncError = reason;
    const retry = app.application.spec.syncPolicy?.retry;
    const limit = retry?.limit ?? 0;
    const message = `one or more objects failed to apply, reason: ${reason}`;
    if (app.attempts <= limit) {
      const backoff = Math.min(
        Math.max(syncDelayMs, 10) * (retry?.backoff?.factor ?? 2) ** (app.attempts - 1),
        Math.max(syncDelayMs, 10) * 10,
      );
      app.syncingRevision = revision;
      app.operation = {
        ...app.operation!,
        phase: 'Running',
        message: `Retrying attempt #${app.attempts} at ${new Date().toISOString()}: ${message}`,
      };
      const timer = setTimeout(() => {
        timers.delete(timer);
        void finishSync(app, revision);
      }, backoff);
      timers.add(timer);
      return;
    }
    app.operation = {
      ...app.operation!,
      phase: 'Failed',
      message: `${message}${app.attempts > 1 ? ` (after ${app.attempts - 1} retries)` : ''}`,
      finishedAt: new Date().toISOString(),
    };
    app.health = 'Degraded';
    app.healthMessage = reason;
  }

  /**
   * The objects of an Application's directory sources (a folder of its Git repository, `directory.include`
   * naming one file) at `revision`, as Argo CD reads them to sync.
   */
  async function directoryObjects(app: SimApp, revision: string): Promise<SimObject[]> {
    if (!app.repoUrl) return [];
    const objects: SimObject[] = [];
    for (const source of sourcesOf(app.application.spec)) {
      if (source.chart || source.path === undefined || !source.directory?.include) continue;
      const text = (
        await runGit(['show', `${revision}:${source.path}/${source.directory.include}`], {
          gitDir: cacheDirOf(app.org, app.repoUrl),
          okCodes: [128],
        })
      ).stdout;
      for (const document of YAML.parseAllDocuments(text)) {
        const object = document.toJSON() as SimObject | null;
        if (object && typeof object === 'object') objects.push(object);
      }
    }
    return objects;
  }

  /** What the project refuses of the app's directory sources at sync (ADR 0083), or undefined. */
  async function refusedDirectoryObject(app: SimApp, revision: string) {
    const project = projectNamed(projectsOf(app.org), app.application.spec.project ?? '');
    if (!project) return `project ${app.application.spec.project} does not exist`;
    const destination = {
      server: app.application.spec.destination?.server ?? IN_CLUSTER,
      namespace: app.application.spec.destination?.namespace ?? app.name,
    };
    return refusedObject(project, destination, await directoryObjects(app, revision));
  }

  /**
   * An Application of charts (the cluster add-ons: it installs its charts' CRDs in its cluster) or of folders
   * of the GitOps repository only (csoc-agent's access Application): its project must permit what it holds.
   */
  async function finishChartsSync(app: SimApp, revision: string, cluster: SimCluster): Promise<void> {
    const charts = sourcesOf(app.application.spec)
      .map((source) => source.chart)
      .filter((chart): chart is string => !!chart);
    const project = projectNamed(projectsOf(app.org), app.application.spec.project ?? '');
    if (!project) return failAttempt(app, revision, `project ${app.application.spec.project} does not exist`);
    const refused =
      refusedClusterKind(
        project,
        charts.flatMap((chart) => SIM_ADDON_CHARTS[chart]?.clusterScoped ?? []),
      ) ?? (await refusedDirectoryObject(app, revision));
    if (refused) return failAttempt(app, revision, refused);
    for (const chart of charts)
      for (const kind of SIM_ADDON_CHARTS[chart]?.installs ?? []) cluster.installedKinds.add(kind);
    app.syncedRevision = revision;
    app.syncError = undefined;
    app.operation = {
      ...app.operation!,
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run) (simulated)',
      finishedAt: new Date().toISOString(),
    };
    app.health = 'Healthy';
    app.healthMessage = undefined;
  }

  async function finishSync(app: SimApp, revision: string): Promise<void> {
    if (app.syncingRevision !== revision) return;
    app.syncingRevision = undefined;
    const finishedAt = new Date().toISOString();
    const cluster = destinationCluster(app);
    if (!cluster)
      return failAttempt(
        app,
        revision,
        `cluster ${app.application.spec.destination?.server} has not been configured (simulated)`,
      );
    if (!app.valuesPath) return finishChartsSync(app, revision, cluster);
    try {
      const gitDir = cacheDirOf(app.org, app.repoUrl!);
      const valuesText = (await runGit(['show', `${revision}:${app.valuesPath}`], { gitDir })).stdout;
      const { services, hostname, release } = readServices(valuesText);
      // What the cluster must serve and the cloud must hold for this commons (secrets.yaml and values.yaml).
      const secretsSource = sourcesOf(app.application.spec).find(
        (source) => source.directory?.include === 'secrets.yaml',
      );
      const secretsText = secretsSource
        ? (
            await runGit(['show', `${revision}:${secretsSource.path}/${secretsSource.directory!.include}`], {
              gitDir,
              okCodes: [128],
            })
          ).stdout
        : undefined;
      const namespace = app.application.spec.destination?.namespace ?? app.name;
      const requirements = gen3Requirements(valuesText, secretsText || undefined);
      const project = projectNamed(projectsOf(app.org), app.application.spec.project ?? '');
      const createsNamespace = app.application.spec.syncPolicy?.syncOptions?.includes('CreateNamespace=true');
      const refused = project
        ? refusedClusterKind(project, createsNamespace ? ['/Namespace'] : [])
        : `project ${app.application.spec.project} does not exist`;
      if (refused) return failAttempt(app, revision, refused);
      // Each object of its folders (secrets.yaml, search.yaml, agent.yaml) must be one the project permits.
      const refusedInFolder = await refusedDirectoryObject(app, revision);
      if (refusedInFolder) return failAttempt(app, revision, refusedInFolder);
      const missingCrd = missingCrdProblem(requirements, cluster.installedKinds, namespace);
      if (missingCrd) return failAttempt(app, revision, missingCrd);
      const injections = [...services].filter(([, service]) => service.enabled && service.inject);
      const syncFailure = injections.find(([, service]) => service.inject === 'sync-failed');
      if (syncFailure) {
        app.operation = {
          ...app.operation!,
          phase: 'Failed',
          message: `one or more objects failed to apply (simulated failure injected on ${syncFailure[0]})`,
          finishedAt,
        };
        app.health = 'Degraded';
        app.healthMessage = `${syncFailure[0]}: sync failed (simulated)`;
        return;
      }
      if (app.hostname) byHost.delete(app.hostname);
      app.services = services;
      app.hostname = hostname;
      app.release = release;
      if (hostname) byHost.set(hostname, app);
      app.syncedRevision = revision;
      app.operation = {
        ...app.operation!,
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run) (simulated)',
        finishedAt,
      };
      const degraded = injections
        .filter(([, service]) => service.inject === 'degraded')
        .map(([chart]) => chart);
      app.syncError = undefined;
      // What the cluster's workloads meet once running: the roles and secrets the IaC plugin created.
      // An entry holds a value when the IaC plugin created it or someone wrote it since (the join token).
      const inventory = cluster.inventory && {
        ...cluster.inventory,
        secretManagerKeys: cluster.inventory.secretManagerKeys && [
          ...cluster.inventory.secretManagerKeys,
          ...telemetry.secretEntries(),
        ],
      };
      const checked = inventory
        ? inventoryProblems(requirements, inventory, namespace)
        : { problems: [], warnings: [] };
      app.warnings = checked.warnings;
      const problems = [
        ...(degraded.length ? [`Deployment ${degraded.join(', ')} exceeded its progress deadline`] : []),
        ...checked.problems,
      ];
      app.health = problems.length ? 'Degraded' : 'Healthy';
      app.healthMessage = problems.length ? `${problems.join('; ')} (simulated)` : undefined;
      // The commons' Grafana Alloy runs as rendered: simTelemetryAgent.ts (ADR 0040).
      await telemetry.agentSynced({
        org: app.org,
        commons: commonsOf(app),
        sources: sourcesOf(app.application.spec),
        secretsText,
      });
      // The commons' csoc-agent runs as rendered, in a simulated cluster: agents/sim/simCommonsAgents.ts.
      const agentSource = sourcesOf(app.application.spec).find(
        (source) => source.directory?.include === 'agent.yaml',
      );
      const agentText = agentSource
        ? (await runGit(['show', `${revision}:${agentSource.path}/agent.yaml`], { gitDir, okCodes: [128] }))
            .stdout
        : undefined;
      await simAgents.agentSynced({
        org: app.org,
        commons: commonsOf(app),
        agentText: agentText || undefined,
        secretsText: secretsText || undefined,
        valuesText,
      });
    } catch (error) {
      app.operation = {
        ...app.operation!,
        phase: 'Failed',
        message: `could not read ${app.valuesPath}: ${(error as Error).message}`,
        finishedAt,
      };
      app.health = 'Degraded';
    }
  }

  /** What Argo CD says when it cannot read a repository, from git's own words. */
  function repositoryProblem(error: Error): string {
    const text = error.message;
    const reason = /authentication failed|could not read username|\b401\b|\b403\b/i.test(text)
      ? 'authentication required'
      : /not found|\b404\b|does not appear to be a git repository/i.test(text)
        ? 'repository not found'
        : text.slice(0, 300);
    return `Failed to load target state: failed to generate manifest for source 1 of 3: rpc error: code = Unknown desc = failed to list refs: ${reason} (simulated)`;
  }

  async function refresh(app: SimApp): Promise<void> {
    if (app.deleting) return;
    try {
      app.headRevision = await fetchHead(app);
    } catch (error) {
      app.comparisonError = repositoryProblem(error as Error);
      return;
    }
    app.comparisonError = undefined;
    // Argo CD pulls every chart to generate manifests: a version the repository never published stops it.
    const sources = sourcesOf(app.application.spec);
    for (const [index, source] of sources.entries()) {
      const problem = unpublishedChartProblem(source, `${index + 1} of ${sources.length}`);
      if (problem) {
        app.comparisonError = problem;
        return;
      }
    }
    // An app of charts only has no Git revision: its "revision" is the chart versions.
    if (!app.repoUrl)
      app.headRevision = sources
        .filter((source) => source.chart)
        .map((source) => `${source.chart}@${source.targetRevision}`)
        .join(',');
    if (app.headRevision && app.valuesPath) {
      // Files removed from the repository (or never there): Argo CD cannot generate manifests and says so.
      const present = await runGit(['cat-file', '-e', `${app.headRevision}:${app.valuesPath}`], {
        gitDir: cacheDirOf(app.org, app.repoUrl!),
        okCodes: [1, 128],
      });
      if (present.code !== 0) {
        app.comparisonError = `Failed to load target state: failed to generate manifest for source 2 of 3: rpc error: code = Unknown desc = Error: open $values/${app.valuesPath}: no such file or directory (simulated)`;
        return;
      }
    }
    // Argo CD compares manifests, not commits: a commit that changes nothing this app reads (another
    // commons' directory) leaves it Synced at the new revision, with no sync and no OutOfSync moment.
    if (
      app.headRevision &&
      app.syncedRevision &&
      app.headRevision !== app.syncedRevision &&
      !app.syncingRevision &&
      (await readsNothingNew(app, app.syncedRevision, app.headRevision))
    ) {
      app.syncedRevision = app.headRevision;
      return;
    }
    // Like Argo CD's auto-sync, a revision whose sync failed is not tried again until someone asks.
    const failedBefore = app.attemptsRevision === app.headRevision && app.operation?.phase === 'Failed';
    if (app.automated && app.headRevision && app.headRevision !== app.syncedRevision && !failedBefore)
      startSync(app, app.headRevision);
  }

  /** Whether no file the app's manifests come from (its values file, its secrets directory) changed. */
  async function readsNothingNew(app: SimApp, from: string, to: string): Promise<boolean> {
    if (!app.repoUrl || !app.valuesPath || app.operation?.phase === 'Failed') return false;
    const secretsSource = sourcesOf(app.application.spec).find((source) => source.directory?.include);
    const paths = [app.valuesPath, ...(secretsSource?.path ? [secretsSource.path] : [])];
    const diff = await runGit(['diff', '--quiet', from, to, '--', ...paths], {
      gitDir: cacheDirOf(app.org, app.repoUrl),
      okCodes: [1, 128],
    });
    return diff.code === 0;
  }

  /** The commons an Application deploys (its label; the Application name otherwise). */
  function commonsOf(app: SimApp): string {
    const labels = app.application.metadata.labels as Record<string, string> | undefined;
    return labels?.['csoc.gen3.org/commons'] ?? app.name;
  }

  /** A cascading delete: Argo CD prunes the app's resources, then the Application itself is gone. */
  function deleteApp(app: SimApp): void {
    if (app.deleting) return;
    app.deleting = true;
    app.syncingRevision = undefined;
    app.health = 'Progressing';
    app.healthMessage = 'deleting: pruning resources (simulated)';
    const timer = setTimeout(() => {
      timers.delete(timer);
      apps.delete(`${app.org}/${app.name}`);
      void telemetry.agentRemoved(app.org, commonsOf(app));
      void simAgents.agentRemoved(app.org, commonsOf(app));
      if (app.hostname && byHost.get(app.hostname) === app) byHost.delete(app.hostname);
      app.services = new Map();
      app.syncedRevision = undefined;
    }, syncDelayMs);
    timers.add(timer);
  }

  function statusOf(app: SimApp) {
    const chartVersion = app.application.spec.sources?.find((source) => source.chart)?.targetRevision;
    const synced = !!app.syncedRevision && app.syncedRevision === app.headRevision && !app.syncingRevision;
    const images = [...app.services]
      .filter(([, service]) => service.enabled && service.tag)
      .map(([chart, service]) => `quay.io/cdis/${chart}:${service.tag}`);
    return {
      sync: {
        status: app.comparisonError ? 'Unknown' : synced ? 'Synced' : 'OutOfSync',
        revision: app.syncedRevision ?? app.headRevision,
        revisions: [app.syncedRevision ?? app.headRevision, chartVersion],
      },
      health: { status: app.health, ...(app.healthMessage ? { message: app.healthMessage } : {}) },
      ...(app.operation
        ? {
            operationState: {
              phase: app.operation.phase,
              message: app.operation.message,
              startedAt: app.operation.startedAt,
              finishedAt: app.operation.finishedAt,
              syncResult: { revision: app.operation.revision },
            },
          }
        : {}),
      summary: { images, externalURLs: app.hostname ? [`https://${app.hostname}`] : [] },
      ...(conditionsOf(app).length ? { conditions: conditionsOf(app) } : {}),
      reconciledAt: new Date().toISOString(),
    };
  }

  function conditionsOf(app: SimApp) {
    const lastTransitionTime = new Date().toISOString();
    return [
      ...(app.comparisonError
        ? [{ type: 'ComparisonError', message: app.comparisonError, lastTransitionTime }]
        : []),
      ...(app.syncError && app.operation?.phase === 'Failed'
        ? [{ type: 'SyncError', message: `Failed sync attempt: ${app.syncError}`, lastTransitionTime }]
        : []),
      ...app.warnings.map((warning) => ({
        type: 'SimulationWarning',
        message: `not checked: ${warning} (simulated)`,
        lastTransitionTime,
      })),
    ];
  }

  const toJson = (app: SimApp) => ({ ...app.application, status: statusOf(app), simulated: true });

  function findApp(request: FastifyRequest, reply: FastifyReply): SimApp | undefined {
    const { org, name } = request.params as { org: string; name: string };
    const app = apps.get(`${org}/${name}`);
    if (!app)
      void reply
        .status(404)
        .send({ error: 'not found', code: 5, message: `applications.argoproj.io "${name}" not found` });
    return app;
  }

  fastify.get('/', async () => ({
    simulated: true,
    service: 'CSOC simulated Argo CD and Gen3 commons endpoints',
    applications: apps.size,
  }));

  fastify.get('/argocd/:org/api/v1/applications', async (request) => {
    const { org } = request.params as { org: string };
    const { selector } = request.query as { selector?: string };
    return {
      items: [...apps.values()]
        .filter((app) => app.org === org && matchesSelector(app.application.metadata.labels, selector))
        .map(toJson),
    };
  });

  fastify.post('/argocd/:org/api/v1/applications', async (request, reply) => {
    const { org } = request.params as { org: string };
    const application = request.body as SimApp['application'];
    const name = String(application?.metadata?.name ?? '');
    if (!/^[a-z0-9][a-z0-9.-]{0,252}$/.test(name))
      return reply.status(400).send({ code: 3, message: 'metadata.name is required' });
    try {
      checkApplicationPermitted(application, projectsOf(org), clustersOf(org));
    } catch (error) {
      if (!(error instanceof InvalidArgument)) throw error;
      return reply.status(400).send({ error: error.message, code: 3, message: error.message });
    }
    const sources: AppSource[] =
      application.spec?.sources ?? (application.spec?.source ? [application.spec.source] : []);
    const valuesSource = sources.find((source) => source.ref === 'values');
    const valueFile: string | undefined = sources.find((source) => source.helm?.valueFiles)?.helm
      ?.valueFiles?.[0];
    const existing = apps.get(`${org}/${name}`);
    const app: SimApp = existing ?? {
      org,
      name,
      application,
      targetRevision: 'HEAD',
      automated: false,
      health: 'Missing',
      services: new Map(),
      attempts: 0,
      warnings: [],
    };
    app.application = application;
    // An app of Git folders only (csoc-agent's access Application) reads its repository too.
    const folderSource = sources.find((source) => !source.chart && source.path !== undefined);
    app.repoUrl = valuesSource?.repoURL ?? folderSource?.repoURL;
    app.targetRevision = (valuesSource ?? folderSource)?.targetRevision ?? 'HEAD';
    app.valuesPath = valueFile?.replace(/^\$values\//, '');
    app.automated = !!application.spec?.syncPolicy?.automated;
    apps.set(`${org}/${name}`, app);
    return toJson(app);
  });

  fastify.get('/argocd/:org/api/v1/applications/:name', async (request, reply) => {
    const app = findApp(request, reply);
    if (!app) return reply;
    if ((request.query as { refresh?: string }).refresh || !app.headRevision) await refresh(app);
    return toJson(app);
  });

  fastify.post('/argocd/:org/api/v1/applications/:name/sync', async (request, reply) => {
    const app = findApp(request, reply);
    if (!app) return reply;
    await refresh(app);
    const revision = (request.body as { revision?: string } | undefined)?.revision ?? app.headRevision;
    if (revision && revision !== app.syncedRevision) startSync(app, revision);
    return toJson(app);
  });

  fastify.delete('/argocd/:org/api/v1/applications/:name', async (request, reply) => {
    const app = findApp(request, reply);
    if (!app) return reply;
    const { cascade } = request.query as { cascade?: string };
    if (cascade === 'false') {
      apps.delete(`${app.org}/${app.name}`);
      if (app.hostname && byHost.get(app.hostname) === app) byHost.delete(app.hostname);
    } else deleteApp(app);
    return {};
  });

  fastify.get('/argocd/:org/api/v1/applications/:name/resource-tree', async (request, reply) => {
    const app = findApp(request, reply);
    if (!app) return reply;
    const namespace =
      (app.application.spec.destination as { namespace?: string } | undefined)?.namespace ?? app.name;
    const nodes = [...app.services]
      .filter(([, service]) => service.enabled)
      .map(([chart, service]) => ({
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace,
        name: `${chart}-deployment`,
        images: service.tag ? [`quay.io/cdis/${chart}:${service.tag}`] : [],
        health: {
          status:
            service.inject === 'degraded'
              ? 'Degraded'
              : app.health === 'Progressing'
                ? 'Progressing'
                : 'Healthy',
        },
      }));
    return { nodes, simulated: true };
  });

  // Clusters (ClusterService): Create takes the Cluster as body and `upsert` as a query parameter.
  fastify.get('/argocd/:org/api/v1/clusters', async (request) => {
    const { org } = request.params as { org: string };
    return { items: [...clustersOf(org).values()].map((cluster) => cluster.registration) };
  });

  fastify.get('/argocd/:org/api/v1/clusters/:server', async (request, reply) => {
    const { org, server } = request.params as { org: string; server: string };
    const cluster = clustersOf(org).get(decodeURIComponent(server));
    if (!cluster) return reply.status(404).send({ code: 5, message: `cluster "${server}" not found` });
    return cluster.registration;
  });

  fastify.post('/argocd/:org/api/v1/clusters', async (request, reply) => {
    const { org } = request.params as { org: string };
    const upsert = (request.query as { upsert?: string }).upsert === 'true';
    const server = (request.body as { server?: string } | undefined)?.server ?? '';
    const existing = clustersOf(org).get(server);
    try {
      const cluster = acceptCluster(request.body, existing);
      if (
        existing &&
        !upsert &&
        JSON.stringify(existing.registration) !== JSON.stringify(cluster.registration)
      )
        return reply.status(400).send({
          code: 3,
          message: 'existing cluster spec is different; use upsert flag to force update',
        });
      clustersOf(org).set(cluster.registration.server, cluster);
      return cluster.registration;
    } catch (error) {
      if (!(error instanceof InvalidArgument)) throw error;
      return reply.status(400).send({ error: error.message, code: 3, message: error.message });
    }
  });

  fastify.delete('/argocd/:org/api/v1/clusters/:server', async (request, reply) => {
    const { org, server } = request.params as { org: string; server: string };
    if (!clustersOf(org).delete(decodeURIComponent(server)))
      return reply.status(404).send({ code: 5, message: `cluster "${server}" not found` });
    return {};
  });

  /** Stores a project with the next resourceVersion, as the Kubernetes API does on every write. */
  function storeProject(org: string, project: ArgoAppProject, existing: ArgoAppProject | undefined) {
    const version = Number(existing?.metadata.resourceVersion ?? '0') + 1;
    const stored = { ...project, metadata: { ...project.metadata, resourceVersion: String(version) } };
    projectsOf(org).set(project.metadata.name, stored);
    return stored;
  }

  // Update replaces the project at the resourceVersion read; a stale one is a conflict (409), as in Kubernetes.
  fastify.put('/argocd/:org/api/v1/projects/:name', async (request, reply) => {
    const { org, name } = request.params as { org: string; name: string };
    try {
      const project = acceptProject(request.body);
      const existing = projectsOf(org).get(name);
      if (!existing || project.metadata.name !== name)
        return reply.status(404).send({ code: 5, message: `appprojects.argoproj.io "${name}" not found` });
      if (project.metadata.resourceVersion !== existing.metadata.resourceVersion)
        return reply.status(409).send({
          code: 10,
          message: `Operation cannot be fulfilled on appprojects.argoproj.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        });
      return storeProject(org, project, existing);
    } catch (error) {
      if (!(error instanceof InvalidArgument)) throw error;
      return reply.status(400).send({ error: error.message, code: 3, message: error.message });
    }
  });

  // Projects (ProjectService): Create takes `{ project, upsert }` as body.
  fastify.get('/argocd/:org/api/v1/projects/:name', async (request, reply) => {
    const { org, name } = request.params as { org: string; name: string };
    const project = projectsOf(org).get(name);
    if (!project)
      return reply.status(404).send({ code: 5, message: `appprojects.argoproj.io "${name}" not found` });
    return project;
  });

  fastify.post('/argocd/:org/api/v1/projects', async (request, reply) => {
    const { org } = request.params as { org: string };
    try {
      const project = acceptProject(request.body);
      const existing = projectsOf(org).get(project.metadata.name);
      const upsert = (request.body as { upsert?: boolean }).upsert === true;
      if (existing && JSON.stringify(existing.spec) === JSON.stringify(project.spec)) return existing;
      if (existing && !upsert)
        return reply.status(400).send({
          code: 3,
          message: 'existing project spec is different, use upsert flag to force update',
        });
      return storeProject(org, project, existing);
    } catch (error) {
      if (!(error instanceof InvalidArgument)) throw error;
      return reply.status(400).send({ error: error.message, code: 3, message: error.message });
    }
  });

  fastify.get('/argocd/:org/api/v1/repositories/:repo', async (request, reply) => {
    const { org, repo } = request.params as { org: string; repo: string };
    if (!repositories.has(`${org} ${repo}`))
      return reply.status(404).send({ code: 5, message: 'repository not found' });
    return { repo, type: 'git', connectionState: { status: 'Successful' } };
  });

  fastify.post('/argocd/:org/api/v1/repositories', async (request, reply) => {
    const { org } = request.params as { org: string };
    const body = request.body as { repo?: string; username?: string; password?: string };
    if (!body?.repo) return reply.status(400).send({ code: 3, message: 'repo is required' });
    repositories.set(`${org} ${body.repo}`, {
      username: body.username ?? 'git',
      password: body.password ?? '',
    });
    return { repo: body.repo, type: 'git' };
  });

  /** Gen3's public endpoints of one synced commons. */
  function answerCommons(app: SimApp | undefined, rest: string, reply: FastifyReply) {
    if (!app || !app.syncedRevision)
      return reply.status(404).send({ error: 'no such simulated commons (not synced yet)' });
    const parts = rest.replace(/^\/+/, '').split('/');
    const [first = '', ...tail] = parts;
    const prefix = SIM_HEALTH_ENDPOINTS[first] !== undefined && first !== '' ? first : '';
    const endpoint = prefix ? tail.join('/') : parts.join('/');
    const chart = SIM_HEALTH_ENDPOINTS[prefix]!;
    const service = app.services.get(chart);
    if (!service?.enabled)
      return reply.status(404).send({ error: `${chart} is not deployed in this commons` });
    if (endpoint === '_status') {
      const commons = (app.application.metadata.labels as Record<string, string> | undefined)?.[
        'csoc.gen3.org/commons'
      ];
      const fault = faults.faultOf(app.org, commons ?? app.name, chart);
      if (fault)
        return faults.answer(fault, reply, () => ({ status: 'healthy', service: chart, simulated: true }));
      if (service.inject === 'degraded')
        return reply.status(500).send({ status: 'unhealthy', service: chart, simulated: true });
      return { status: 'healthy', service: chart, simulated: true };
    }
    if (endpoint === '_version') {
      const version = prefix === '' ? app.release : service.tag;
      const commit = crypto.createHash('sha1').update(`${chart}:${version}`).digest('hex');
      return { version, commit, simulated: true };
    }
    return reply.status(404).send({ error: 'not simulated' });
  }

  fastify.get('/sim/:org/:commons/*', async (request, reply) => {
    const { org, commons } = request.params as { org: string; commons: string; '*': string };
    const app = [...apps.values()].find(
      (candidate) =>
        candidate.org === org &&
        (candidate.application.metadata.labels as Record<string, string> | undefined)?.[
          'csoc.gen3.org/commons'
        ] === commons,
    );
    return answerCommons(app, (request.params as { '*': string })['*'], reply);
  });

  fastify.setNotFoundHandler(async (request, reply) => {
    const host = String(request.headers.host ?? '').replace(/:\d+$/, '');
    const app = byHost.get(host);
    if (app && request.method === 'GET') return answerCommons(app, request.url.split('?')[0]!, reply);
    return reply.status(404).send({ error: 'not found (CSOC simulator)' });
  });

  const poll = options.pollIntervalMs
    ? setInterval(() => {
        for (const app of apps.values()) if (app.automated) void refresh(app);
      }, options.pollIntervalMs)
    : undefined;
  poll?.unref();

  const address = await fastify.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return {
    url: address.replace('[::1]', '127.0.0.1'),
    token,
    async close() {
      if (poll) clearInterval(poll);
      for (const timer of timers) clearTimeout(timer);
      faults.close();
      await telemetry.close();
      await simAgents.close();
      await fastify.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    stats: () => ({ applications: apps.size, fetches, syncs }),
  };
}

function sourcesOf(spec: AppSpec): AppSource[] {
  return spec.sources ?? (spec.source ? [spec.source] : []);
}

/** Kubernetes equality selectors as Argo CD takes them: `key=value` terms joined by commas, all must hold. */
function matchesSelector(labels: unknown, selector: string | undefined): boolean {
  if (!selector) return true;
  const present = (labels ?? {}) as Record<string, unknown>;
  return selector
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .every((term) => {
      const [key, value] = term.split(/==?/, 2) as [string, string | undefined];
      return value === undefined ? key in present : present[key.trim()] === value.trim();
    });
}
