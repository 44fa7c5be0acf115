// csoc-agent's public surface: the pieces the server's tests, the simulator and the binary start from.
export {
  createAgentLink,
  type AgentLink,
  type AgentLinkOptions,
  type AgentLinkState,
} from './link/createAgentLink.ts';
export {
  AgentRequestError,
  type AgentRequestContext,
  type AgentRequestHandler,
  type AgentRequestHandlers,
} from './link/AgentRequestHandlers.ts';
export type { AgentIdentity, IdentityStore } from './link/IdentityStore.ts';
export { createFileIdentityStore } from './link/createFileIdentityStore.ts';
export { enrolAgent, fetchCredential, PermanentLinkError } from './link/enrolment.ts';
export { serveLinkConnection } from './link/serveLinkConnection.ts';
export { createKubernetesHandlers } from './kubernetes/createKubernetesHandlers.ts';
export { startSimulatedCommonsCluster } from './sim/startSimulatedCommonsCluster.ts';
