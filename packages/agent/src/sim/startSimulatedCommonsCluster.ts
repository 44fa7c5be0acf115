// One call for the simulator's side: a simulated cluster for a commons, and the agent's real Kubernetes
// handlers and identity store wired to it over HTTP, ready to hand to the agent's link. Nothing here answers
// a request itself: every answer goes through the client and handlers a real cluster would get.
import { randomUUID } from 'node:crypto';
import { createKubernetesHandlers } from '../kubernetes/createKubernetesHandlers.ts';
import { createKubernetesClient } from '../kubernetes/kubernetesClient.ts';
import { createSecretIdentityStore } from '../kubernetes/secretIdentityStore.ts';
import { createSimulatedCluster, type SimulatedClusterOptions } from './createSimulatedCluster.ts';

/** The Secret the agent's manifests create for its identity (ADR 0065). */
export const AGENT_IDENTITY_SECRET = 'csoc-agent-identity';

export type SimulatedCommonsClusterOptions = Omit<
  SimulatedClusterOptions,
  'identitySecretName' | 'token' | 'tls'
>;

export async function startSimulatedCommonsCluster(options: SimulatedCommonsClusterOptions) {
  // A token per cluster, as a ServiceAccount would have: the handlers of one commons cannot use another's.
  const token = `sim-${randomUUID()}`;
  const cluster = createSimulatedCluster({
    argocdNamespace: 'argocd',
    ...options,
    token,
    identitySecretName: AGENT_IDENTITY_SECRET,
  });
  const url = await cluster.listen();
  const client = createKubernetesClient({ server: url, namespace: options.namespace, token });
  return {
    cluster,
    url,
    handlers: createKubernetesHandlers({
      client,
      namespace: options.namespace,
      argocdNamespace: options.argocdNamespace ?? 'argocd',
    }),
    identityStore: createSecretIdentityStore({
      client,
      namespace: options.namespace,
      secretName: AGENT_IDENTITY_SECRET,
    }),
    close: () => cluster.close(),
  };
}
