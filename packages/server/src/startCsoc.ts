// The composition root: configuration → database (migrated) → first admin → HTTP app → listening.
// main.ts calls it for `npm start`; tests and benchmarks call it to boot a real CSOC.
import fs from 'node:fs';
import type { DestinationStream } from 'pino';
import type { CsocConfig } from './config/configSchema.ts';
import { redactConfig } from './config/loadConfig.ts';
import { createDatabase } from './db/createDatabase.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createVault, missingMasterKeyIds } from './credentials/createVault.ts';
import type { AppContext, CsocApp } from './http/appContext.ts';
import { buildApp } from './http/buildApp.ts';
import { pruneAuditEvents } from './audit/auditLog.ts';
import { bootstrapAdmin } from './identity/bootstrapAdmin.ts';
import { installBuiltinPlugins } from './plugins/pluginRegistry.ts';
import { ensureRepoPluginBundles } from './plugins/repoPluginBundles.ts';
import { createRunner } from './runs/createRunner.ts';
import { startRunWorker, type RunWorker } from './runs/startRunWorker.ts';
import { createLogger } from './telemetry/createLogger.ts';
import { startSimArgoCd, type RunningSimArgoCd } from './gitops/sim-argocd/startSimArgoCd.ts';
import { createMetrics } from './telemetry/createMetrics.ts';

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
  /** The address it listens on, e.g. http://127.0.0.1:8080 */
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

export async function startCsoc(options: StartCsocOptions): Promise<RunningCsoc> {
  const { config } = options;
  const logger = createLogger(config.logLevel, options.logDestination);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const vault = createVault({ masterKey: config.masterKey, dataDir: config.dataDir, logger });
  const database = createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(database);
    logger.info({ database: database.description, applied }, 'database ready');
    const missingKeys = await missingMasterKeyIds(database, vault);
    if (missingKeys.length > 0)
      logger.warn(
        { missingKeys },
        'stored secrets need master keys this process does not hold; see docs/operations/master-key-rotation.md',
      );

    const bootstrap = await bootstrapAdmin(database.db, {
      email: config.adminEmail,
      password: config.adminPassword,
    });
    if (bootstrap?.generatedPassword) {
      // Printed once, outside the structured log, and never stored in clear anywhere.
      (options.announce ?? ((message) => process.stdout.write(`${message}\n`)))(
        `\n  First start: created platform admin ${bootstrap.email}\n  One-time password: ${bootstrap.generatedPassword}\n  It will not be shown again; change it after signing in.\n`,
      );
    } else if (bootstrap) {
      logger.info({ email: bootstrap.email }, 'created the first platform admin from CSOC_ADMIN_EMAIL');
    }
    await ensureRepoPluginBundles();
    const plugins = await installBuiltinPlugins(database);
    if (plugins.length) logger.info({ plugins }, 'installed built-in plugins');
  } catch (error) {
    await database.close();
    throw error;
  }

  const context: AppContext = {
    config,
    database,
    logger,
    metrics: createMetrics(),
    publicUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
    lifecycle: { accepting: true },
    vault,
    ssoOnly: config.ssoOnly,
  };
  // SIMULATED Argo CD + commons endpoints on another loopback port, unless a real Argo CD is configured.
  let simArgoCd: RunningSimArgoCd | undefined;
  if (config.simArgocd === 'embedded' && !config.argocdUrl) {
    simArgoCd = await startSimArgoCd({
      dataDir: `${config.dataDir}/sim-argocd`,
      syncDelayMs: config.simSyncDelayMs,
      pollIntervalMs: 30_000,
      token: config.argocdToken,
    });
    context.simArgoCdUrl = simArgoCd.url;
    context.simArgoCdToken = simArgoCd.token;
    logger.info({ url: simArgoCd.url }, 'simulated Argo CD and commons endpoints are listening (SIMULATED)');
  }
  const app = await buildApp(context);
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', '127.0.0.1');
  if (!config.publicUrl) context.publicUrl = url;
  logger.info({ url, config: redactConfig(config) }, 'CSOC is listening');

  const retention = startAuditRetention(context);
  let worker: RunWorker | undefined;
  if (config.worker === 'embedded') {
    worker = startRunWorker(context, {
      runner: await createRunner(config, logger),
      concurrency: config.workerConcurrency,
      leaseSeconds: config.runLeaseSeconds,
      pollMs: 500,
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    app,
    worker,
    context,
    url,
    stop() {
      stopping ??= (async () => {
        context.lifecycle.accepting = false;
        clearInterval(retention);
        await Promise.all([app.close(), worker?.stop()]);
        await simArgoCd?.close();
        await database.close();
      })();
      return stopping;
    },
  };
}

/** Prunes audit events past the retention period once a day (and shortly after start). */
function startAuditRetention(context: AppContext): NodeJS.Timeout {
  const prune = () =>
    pruneAuditEvents(context.database, context.config.auditRetentionDays)
      .then(
        (deleted) => deleted > 0 && context.logger.info({ deleted }, 'pruned audit events past retention'),
      )
      .catch((error) => context.logger.error({ err: error }, 'audit retention failed'));
  setTimeout(prune, 60_000).unref();
  const timer = setInterval(prune, 86_400_000);
  timer.unref();
  return timer;
}
