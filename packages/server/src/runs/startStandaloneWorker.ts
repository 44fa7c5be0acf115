// `csoc-server worker`: a process that executes runs and shares the background work that needs no HTTP
// server (alert sources and the notification outbox, scheduled drift checks, probes when it can reach the
// commons), against the same database as the API replicas. Plugins reach the state backend through
// CSOC_PUBLIC_URL (an API replica).
import type { DestinationStream } from 'pino';
import type { CsocConfig } from '../config/configSchema.ts';
import { ConfigError } from '../config/loadConfig.ts';
import { createAppContext, runWorkerTask } from '../createAppContext.ts';
import type { BackgroundTasks } from '../createBackgroundTasks.ts';
import type { AppContext } from '../http/appContext.ts';
import type { RunWorker } from './startRunWorker.ts';
import { monitorProbesTask } from '../monitor/monitorProbesTask.ts';
import { alertSourcesTask } from '../alerts/alertSources.ts';
import { alertDispatcherTask } from '../alerts/startAlertDispatcher.ts';
import { driftChecksTask } from '../drift/driftChecksTask.ts';

export interface StandaloneWorker {
  worker: RunWorker;
  context: AppContext;
  /** Every background task of this process (the run worker, alerts, drift checks, probes). */
  tasks: BackgroundTasks;
  /** Stops the run worker (plans in flight go back to the queue), then closes the database. */
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
  const root = await createAppContext(config, { logDestination, publicUrl: config.publicUrl });
  const { context, tasks } = root;
  let worker: RunWorker | undefined;
  try {
    await tasks.start(runWorkerTask(context, (started) => (worker = started)));
    // A worker takes part in probing only when it reaches the commons as an API replica does: through a
    // configured Argo CD (the embedded simulator lives inside `serve`, out of a worker's reach).
    const probes = config.argocdUrl ? monitorProbesTask(context) : undefined;
    if (probes) await tasks.start(probes);
    // Shared with every replica through leases and idempotent observations, so a fleet whose API replicas
    // are busy (or scaled to one) still evaluates alerts, delivers notifications and checks drift.
    await tasks.start(alertSourcesTask(context));
    await tasks.start(alertDispatcherTask(context));
    const driftChecks = driftChecksTask(context);
    if (driftChecks) await tasks.start(driftChecks);
  } catch (error) {
    await root.close();
    throw error;
  }
  return { worker: worker!, context, tasks, stop: () => root.close() };
}
