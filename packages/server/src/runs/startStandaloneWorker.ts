// `csoc-server worker`: a process that only executes runs, against the same database as the API
// replicas. Plugins reach the state backend through CSOC_PUBLIC_URL (an API replica).
import fs from 'node:fs';
import type { DestinationStream } from 'pino';
import type { CsocConfig } from '../config/configSchema.ts';
import { ConfigError } from '../config/loadConfig.ts';
import { createVault } from '../credentials/createVault.ts';
import { createDatabase } from '../db/createDatabase.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { AppContext } from '../http/appContext.ts';
import { createLogger } from '../telemetry/createLogger.ts';
import { createMetrics } from '../telemetry/createMetrics.ts';
import { createRunner } from './createRunner.ts';
import { startRunWorker, type RunWorker } from './startRunWorker.ts';

export interface StandaloneWorker {
  worker: RunWorker;
  context: AppContext;
  stop(): Promise<void>;
}

export async function startStandaloneWorker(
  config: CsocConfig,
  logDestination?: DestinationStream,
): Promise<StandaloneWorker> {
  if (!config.publicUrl) {
    throw new ConfigError([
      'CSOC_PUBLIC_URL is required for a standalone worker: plugins reach the state backend through an API replica at that URL. Fix: set it to the API address, e.g. http://csoc-api:8080.',
    ]);
  }
  const logger = createLogger(config.logLevel, logDestination);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const vault = createVault({ masterKey: config.masterKey, dataDir: config.dataDir, logger });
  const database = createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database);
  const context: AppContext = {
    config,
    database,
    logger,
    metrics: createMetrics(),
    publicUrl: config.publicUrl,
    lifecycle: { accepting: true },
    vault,
    ssoOnly: config.ssoOnly,
  };
  const worker = startRunWorker(context, {
    runner: await createRunner(config, logger),
    concurrency: config.workerConcurrency,
    leaseSeconds: config.runLeaseSeconds,
    pollMs: 500,
  });
  return {
    worker,
    context,
    async stop() {
      context.lifecycle.accepting = false;
      await worker.stop();
      await database.close();
    },
  };
}
