// `serve`: the composition root (createAppContext.ts) → first start (admin, plugins) → the background tasks,
// the HTTP server among them, started in order. main.ts calls it for `npm start`; tests and benchmarks call
// it to boot a real CSOC.
import type { DestinationStream } from 'pino';
import type { CsocConfig } from './config/configSchema.ts';
import { redactConfig } from './config/loadConfig.ts';
import { createAppContext, runWorkerTask } from './createAppContext.ts';
import type { BackgroundTask, BackgroundTasks } from './createBackgroundTasks.ts';
import type { AppContext, CsocApp } from './http/appContext.ts';
import { buildApp } from './http/buildApp.ts';
import { compilePendingValidators } from './http/createValidatorCompiler.ts';
import { pruneAuditEvents } from './audit/auditLog.ts';
import { bootstrapAdmin } from './identity/bootstrapAdmin.ts';
import { parseRoleMapping } from './identity/oidc/roleMapping.ts';
import { enforceSsoOnlyMode } from './identity/oidc/ssoOnlyMode.ts';
import { installBuiltinPlugins } from './plugins/pluginRegistry.ts';
import { ensureRepoPluginBundles } from './plugins/repoPluginBundles.ts';
import type { RunWorker } from './runs/startRunWorker.ts';
import { resumeUnfinishedDeploys, stopFollowingDeploys } from './gitops/deploys/deployService.ts';
import { startSimArgoCd } from './gitops/sim-argocd/startSimArgoCd.ts';
import { alertSourcesTask } from './alerts/alertSources.ts';
import { alertDispatcherTask } from './alerts/startAlertDispatcher.ts';
import { monitorProbesTask } from './monitor/monitorProbesTask.ts';
import { telemetryTask } from './telemetry-ingest/telemetryTask.ts';
import { driftChecksTask } from './drift/driftChecksTask.ts';
import { wavesTask } from './waves/wavesTask.ts';

export interface StartCsocOptions {
  config: CsocConfig;
  /** Where logs go; stdout by default. Tests capture them to search for leaked secrets. */
  logDestination?: DestinationStream;
  /** Where the one-time admin password is printed; stdout by default. */
  announce?: (message: string) => void;
}

export interface RunningCsoc {
  app: CsocApp;
  /** The run worker inside this process, unless CSOC_WORKER=off. */
  worker?: RunWorker;
  context: AppContext;
  /** Every background task of this process, the HTTP server among them. */
  tasks: BackgroundTasks;
  /** The address it listens on, e.g. http://127.0.0.1:8080 */
  url: string;
  /**
   * Stops every background task, the last started first (the run worker before the HTTP server, so
   * interrupted runs still reach the state backend), then closes the database.
   */
  stop(): Promise<void>;
}

export async function startCsoc(options: StartCsocOptions): Promise<RunningCsoc> {
  const { config } = options;
  const root = await createAppContext(config, { logDestination: options.logDestination });
  const { context, tasks } = root;
  const started: { app?: CsocApp; url?: string; worker?: RunWorker } = {};
  try {
    await firstStart(context, options.announce);
    for (const task of serveTasks(context, started)) await tasks.start(task);
  } catch (error) {
    await root.close();
    throw error;
  }
  return {
    app: started.app!,
    worker: started.worker,
    context,
    tasks,
    url: started.url!,
    stop: () => root.close(),
  };
}

/** What a start does once per database: the first platform admin, then the built-in plugins. */
async function firstStart(context: AppContext, announce?: (message: string) => void): Promise<void> {
  const { config, database, logger } = context;
  const bootstrap = await bootstrapAdmin(database.db, {
    email: config.adminEmail,
    password: config.adminPassword,
  });
  if (bootstrap?.generatedPassword) {
    // Printed once, outside the structured log, and never stored in clear anywhere.
    (announce ?? ((message) => process.stdout.write(`${message}\n`)))(
      `\n  First start: created platform admin ${bootstrap.email}\n  One-time password: ${bootstrap.generatedPassword}\n  It will not be shown again; change it after signing in.\n`,
    );
  } else if (bootstrap) {
    logger.info({ email: bootstrap.email }, 'created the first platform admin from CSOC_ADMIN_EMAIL');
  }
  await ensureRepoPluginBundles();
  const plugins = await installBuiltinPlugins(database);
  if (plugins.length) logger.info({ plugins }, 'installed built-in plugins');
}

/**
 * The background tasks of `serve`, in start order (they stop in reverse). Whatever must happen before the
 * first request comes before `http-server`; the run worker comes after it, as runs reach the state backend
 * at the address the server listens on.
 */
function serveTasks(
  context: AppContext,
  started: { app?: CsocApp; url?: string; worker?: RunWorker },
): BackgroundTask[] {
  const { config, logger } = context;
  const tasks: BackgroundTask[] = [];
  // SIMULATED Argo CD + commons endpoints on another loopback port, unless a real Argo CD is configured.
  if (config.simArgocd === 'embedded' && !config.argocdUrl)
    tasks.push({
      name: 'sim-argocd',
      async start() {
        const simArgoCd = await startSimArgoCd({
          dataDir: `${config.dataDir}/sim-argocd`,
          syncDelayMs: config.simSyncDelayMs,
          pollIntervalMs: 30_000,
          token: config.argocdToken,
        });
        context.simArgoCdUrl = simArgoCd.url;
        context.simArgoCdToken = simArgoCd.token;
        logger.info(
          { url: simArgoCd.url },
          'simulated Argo CD and commons endpoints are listening (SIMULATED)',
        );
        return () => simArgoCd.close();
      },
    });
  // Every replica, idempotent, before the first request: accounts that can no longer sign in lose their
  // sessions and tokens.
  if (context.ssoOnly)
    tasks.push({
      name: 'sso-only-revocation',
      async start() {
        await enforceSsoOnlyMode(
          context.database.db,
          parseRoleMapping(config.oidcRoleMapping),
          logger.child({ area: 'oidc' }),
        );
      },
    });
  // Before the HTTP server, as the onReady hook it replaces: deploys a stopped process left unfinished are
  // followed again, and every half lease the sweeper claims those another process stopped following.
  tasks.push({
    name: 'deploy-followers',
    async start() {
      const resumed = await resumeUnfinishedDeploys(context);
      if (resumed) logger.info({ resumed }, 'following unfinished deploys again');
      return () => stopFollowingDeploys(context);
    },
  });
  tasks.push({
    name: 'http-server',
    async start() {
      const app = await buildApp(context);
      let address;
      try {
        address = await app.listen({ host: config.host, port: config.port });
      } catch (error) {
        await app.close();
        throw error;
      }
      const url = address.replace('[::1]', '127.0.0.1');
      if (!config.publicUrl) context.publicUrl = url;
      logger.info({ url, config: redactConfig(config) }, 'CSOC is listening');
      Object.assign(started, { app, url });
      return () => app.close();
    },
  });
  tasks.push(validatorCompilationTask(context));
  tasks.push(auditRetentionTask(context));
  // After the simulated Argo CD (its address is the simulated commons' base URL); shares the probing with
  // every other process on the database by shard leases.
  const probes = monitorProbesTask(context);
  if (probes) tasks.push(probes);
  // Alerts: read runs, drift checks and deploys for alert conditions; deliver the notification outbox (every
  // replica runs both: observations are idempotent, outbox rows are claimed with a lease).
  tasks.push(alertSourcesTask(context));
  tasks.push(alertDispatcherTask(context));
  // Telemetry: silence and threshold signals for the alert engine, retention of the kept summary.
  tasks.push(telemetryTask(context));
  // Drift checks on a schedule: every replica takes part, each due commons is taken by one of them (lease).
  const driftChecks = driftChecksTask(context);
  if (driftChecks) tasks.push(driftChecks);
  tasks.push(wavesTask(context)); // release waves: every replica, each wave held by one (lease)
  if (config.worker === 'embedded') tasks.push(runWorkerTask(context, (worker) => (started.worker = worker)));
  return tasks;
}

/**
 * Once the server is ready, compiles the request validators no request has needed yet (ADR 0067), in the
 * background: the first request of each route then does not pay for it, and a schema that cannot compile
 * shows in the log shortly after start rather than at that route's first request.
 */
function validatorCompilationTask(context: AppContext): BackgroundTask {
  return {
    name: 'validator-compilation',
    start() {
      const abort = new AbortController();
      const done = compilePendingValidators({
        signal: abort.signal,
        onError: (error) =>
          context.logger.error({ err: error }, 'a request schema does not compile; its route answers 500'),
      });
      return async () => {
        abort.abort();
        await done;
      };
    },
  };
}

/** Prunes audit events past the retention period once a day (and shortly after start). */
function auditRetentionTask(context: AppContext): BackgroundTask {
  return {
    name: 'audit-retention',
    start() {
      const prune = () =>
        pruneAuditEvents(context.database, context.config.auditRetentionDays)
          .then(
            (deleted) =>
              deleted > 0 && context.logger.info({ deleted }, 'pruned audit events past retention'),
          )
          .catch((error) => context.logger.error({ err: error }, 'audit retention failed'));
      const first = setTimeout(prune, 60_000);
      first.unref();
      const daily = setInterval(prune, 86_400_000);
      daily.unref();
      return () => {
        clearTimeout(first);
        clearInterval(daily);
      };
    },
  };
}
