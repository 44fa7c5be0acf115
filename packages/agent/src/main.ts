// csoc-agent in its pod: reads its settings, builds the namespaced Kubernetes client, the handlers and
// the Secret identity store, and keeps the link to CSOC up until SIGTERM (or until CSOC refuses it for
// good, e.g. revoked: then it exits 1 with the reason, and Kubernetes shows it in the pod's status).
import fs from 'node:fs/promises';
import { startAgentStatusFile } from './agentStatusFile.ts';
import { createKubernetesHandlers } from './kubernetes/createKubernetesHandlers.ts';
import { createKubernetesClient, inClusterClientOptions } from './kubernetes/kubernetesClient.ts';
import { createSecretIdentityStore } from './kubernetes/secretIdentityStore.ts';
import { createAgentLink, type AgentLinkLogger } from './link/createAgentLink.ts';
import { readAgentConfig } from './readAgentConfig.ts';

export const AGENT_VERSION = '0.1.0';

/** One JSON line per event on stdout; never a credential (the link logs none). */
const logLine = (level: string, message: string, fields?: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), message, ...fields })}\n`);
const jsonLogger: AgentLinkLogger = {
  info: (message, fields) => logLine('info', message, fields),
  warn: (message, fields) => logLine('warn', message, fields),
};

async function readJoinTokenFile(file: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(file, 'utf8')).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = readAgentConfig(env);
  const client = createKubernetesClient({ ...inClusterClientOptions(env), namespace: config.namespace });
  const link = createAgentLink({
    csocUrl: config.csocUrl,
    identityStore: createSecretIdentityStore({
      client,
      namespace: config.namespace,
      secretName: config.identitySecret,
    }),
    readJoinToken: () => readJoinTokenFile(config.joinTokenFile),
    handlers: createKubernetesHandlers({
      client,
      namespace: config.namespace,
      ...(config.argocdNamespace ? { argocdNamespace: config.argocdNamespace } : {}),
    }),
    version: AGENT_VERSION,
    logger: jsonLogger,
  });
  const stopStatus = startAgentStatusFile(config.statusFile, () => link.state(), {
    onError: (error) =>
      jsonLogger.warn('cannot write the status file the health check reads', {
        file: config.statusFile,
        error: error.message,
      }),
  });
  const stop = () => void link.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    await link.done;
    return 0;
  } catch (error) {
    jsonLogger.warn('csoc-agent stopped: CSOC refused it', {
      error: error instanceof Error ? error.message : String(error),
    });
    return 1;
  } finally {
    stopStatus();
  }
}
