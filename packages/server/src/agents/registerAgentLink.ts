// Wires the agents area into the app: the WebSocket endpoint agents dial (on this app's HTTP server,
// stopped with the app), the agent lifecycle routes, the cluster read routes through the hub, and the
// internal route other replicas forward agent requests to (ADR 0079), joined once the server listens.
import { newId } from '@csoc/common';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { CsocApp } from '../http/appContext.ts';
import { acceptAgentConnections } from './acceptAgentConnections.ts';
import { registerAgentRoutes } from './agentRoutes.ts';
import { registerClusterRoutes } from './clusterRoutes.ts';
import { registerClusterActionRoutes } from './actions/clusterActionRoutes.ts';
import { registerUserYamlRoutes } from './actions/userYamlRoutes.ts';
import { registerAgentForwardRoute } from './agentForwardRoute.ts';

/**
 * Where other replicas reach this one when CSOC_REPLICA_URL is unset: the pod's IP (CSOC_POD_IP), else the
 * listening address with a wildcard host replaced by the first non-loopback IPv4.
 */
export function defaultReplicaUrl(host: string, port: number, podIp?: string): string {
  let address = podIp || host;
  if (address === '0.0.0.0' || address === '::' || address === '') {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal);
    address = external?.address ?? '127.0.0.1';
  }
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

export function registerAgentLink(app: CsocApp): void {
  const { context } = app;
  const logger = context.logger.child({ area: 'agents' });
  const stop = acceptAgentConnections({
    server: app.server,
    db: context.database.db,
    hub: context.agentHub,
    logger,
  });
  app.addHook('onClose', async () => stop());
  registerAgentRoutes(app);
  registerClusterRoutes(app);
  registerClusterActionRoutes(app);
  registerUserYamlRoutes(app);
  registerAgentForwardRoute(app, context.vault.keyring);
  app.server.once('listening', () => {
    const address = app.server.address() as AddressInfo;
    const url =
      context.config.replicaUrl ?? defaultReplicaUrl(context.config.host, address.port, context.config.podIp);
    const id = newId();
    context.agentHub
      .joinReplicas({ id, url, keyring: context.vault.keyring })
      .then(() => logger.info({ replicaId: id, replicaUrl: url }, 'agent requests reach this replica here'))
      .catch((error: unknown) =>
        logger.error(
          { err: error },
          'could not record this replica; agents connected here answer only requests that reach it',
        ),
      );
  });
}
