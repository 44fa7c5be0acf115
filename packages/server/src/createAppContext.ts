// The composition root shared by `serve` (startCsoc.ts) and `worker` (runs/startStandaloneWorker.ts): builds the
// AppContext every area receives and owns the registry through which all background work starts and stops.
import fs from 'node:fs';
import type { DestinationStream } from 'pino';
import type { CsocConfig } from './config/configSchema.ts';
import { createVault, missingMasterKeyIds } from './credentials/createVault.ts';
import { createDatabase } from './db/createDatabase.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createDeployFollowers } from './gitops/deploys/deployFollowers.ts';
import { createAgentHub } from './agents/createAgentHub.ts';
import { createGitopsServices } from './gitops/gitopsServices.ts';
import type { AppContext } from './http/appContext.ts';
import { createBackgroundTasks, type BackgroundTask, type BackgroundTasks } from './createBackgroundTasks.ts';
import { createRunner } from './runs/createRunner.ts';
import { startRunWorker, type RunWorker } from './runs/startRunWorker.ts';
import { createLogger } from './telemetry/createLogger.ts';
import { createMetrics } from './telemetry/createMetrics.ts';

export interface CreateAppContextOptions {
  /** Where logs go; stdout by default. Tests capture them to search for leaked secrets. */
  logDestination?: DestinationStream;
  /**
   * The URL users and plugins reach this CSOC at. Defaults to CSOC_PUBLIC_URL, else http://host:port (which
   * `serve` replaces by the address it listens on).
   */
  publicUrl?: string;
}

export interface AppRoot {
  context: AppContext;
  /** Every background loop of this process; start them here, never elsewhere. */
  tasks: BackgroundTasks;
  /**
   * Shutdown: /readyz turns 503, every background task stops (the last started first), then the database
   * closes. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Opens what every CSOC process needs, in order: logger, data dir (0700), vault, database (migrated), the
 * warning about stored secrets sealed by master keys this process does not hold, metrics, lifecycle, and
 * the areas' per-process services (`gitops`, `deployFollowers`).
 * Closes the database again when a step fails.
 *
 * @example
 * const root = await createAppContext(config, { logDestination });
 * await root.tasks.start(runWorkerTask(root.context));
 * // ... on SIGTERM:
 * await root.close();
 */
export async function createAppContext(
  config: CsocConfig,
  options: CreateAppContextOptions = {},
): Promise<AppRoot> {
  const logger = createLogger(config.logLevel, options.logDestination);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const vault = createVault({ masterKey: config.masterKey, dataDir: config.dataDir, logger });
  const database = createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(database, {
      // A rolling upgrade's older half (ADR 0064): a newer CSOC migrated, with expand-only steps.
      onNewerSchema: (newerMigrations) =>
        logger.warn(
          { newerMigrations },
          'the database was migrated by a newer CSOC (expand-only migrations); running without migrating',
        ),
    });
    logger.info({ database: database.description, applied }, 'database ready');
    const missingKeys = await missingMasterKeyIds(database, vault);
    if (missingKeys.length > 0)
      logger.warn(
        { missingKeys },
        'stored secrets need master keys this process does not hold; see docs/operations/master-key-rotation.md',
      );
  } catch (error) {
    await database.close();
    throw error;
  }

  const base = {
    config,
    database,
    logger,
    metrics: createMetrics(),
    publicUrl: options.publicUrl ?? config.publicUrl ?? `http://${config.host}:${config.port}`,
    lifecycle: { accepting: true },
    vault,
    ssoOnly: config.ssoOnly,
  };
  // The same object: the gitops services read publicUrl and the simulated Argo CD's address as they change.
  const context: AppContext = Object.assign(base, {
    gitops: createGitopsServices(base),
    deployFollowers: createDeployFollowers(),
    agentHub: createAgentHub({ db: database.db, logger: logger.child({ area: 'agents' }) }),
  });
  const tasks = createBackgroundTasks(logger);
  let closing: Promise<void> | undefined;
  return {
    context,
    tasks,
    close() {
      closing ??= (async () => {
        context.lifecycle.accepting = false;
        try {
          await context.agentHub.close();
          await tasks.stop();
        } finally {
          await database.close();
        }
      })();
      return closing;
    },
  };
}

/**
 * The run worker as a background task, configured the same in `serve` (CSOC_WORKER=embedded) and `worker`.
 * `onStarted` receives the worker, for callers that report on it.
 */
export function runWorkerTask(context: AppContext, onStarted: (worker: RunWorker) => void): BackgroundTask {
  const { config, logger } = context;
  return {
    name: 'run-worker',
    async start() {
      const worker = startRunWorker(context, {
        runner: await createRunner(config, logger),
        concurrency: config.workerConcurrency,
        leaseSeconds: config.runLeaseSeconds,
        pollMs: 500,
      });
      onStarted(worker);
      return () => worker.stop();
    },
  };
}
