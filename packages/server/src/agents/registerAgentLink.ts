// Wires the agents area into the app: the WebSocket endpoint agents dial (on this app's HTTP server,
// stopped with the app), the agent lifecycle routes, and the cluster read routes through the hub.
import type { CsocApp } from '../http/appContext.ts';
import { acceptAgentConnections } from './acceptAgentConnections.ts';
import { registerAgentRoutes } from './agentRoutes.ts';
import { registerClusterRoutes } from './clusterRoutes.ts';
import { registerClusterActionRoutes } from './actions/clusterActionRoutes.ts';
import { registerUserYamlRoutes } from './actions/userYamlRoutes.ts';

export function registerAgentLink(app: CsocApp): void {
  const { context } = app;
  const stop = acceptAgentConnections({
    server: app.server,
    db: context.database.db,
    hub: context.agentHub,
    logger: context.logger.child({ area: 'agents' }),
  });
  app.addHook('onClose', async () => stop());
  registerAgentRoutes(app);
  registerClusterRoutes(app);
  registerClusterActionRoutes(app);
  registerUserYamlRoutes(app);
}
