// csoc-agent's settings, from its environment (the Deployment sets them; the join token and identity come
// from a mounted file and a Secret, never from a literal value). A bad value stops the agent with the key,
// what is wrong and how to fix it.

export interface AgentConfig {
  csocUrl: string;
  namespace: string;
  joinTokenFile: string;
  identitySecret: string;
  argocdNamespace?: string;
  /** Where the agent keeps its liveness and link state for the image's health check (agentStatusFile.ts). */
  statusFile: string;
}

export class AgentConfigError extends Error {
  constructor(key: string, problem: string, fix: string) {
    super(`${key} ${problem}; ${fix}`);
    this.name = 'AgentConfigError';
  }
}

/** On /tmp: the one writable place of the read-only image (a tmpfs, or the pod's emptyDir). */
export const DEFAULT_STATUS_FILE = '/tmp/csoc-agent-status.json';

const KUBE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function readAgentConfig(env: NodeJS.ProcessEnv): AgentConfig {
  const csocUrl = env.CSOC_URL?.trim();
  if (!csocUrl)
    throw new AgentConfigError(
      'CSOC_URL',
      'is not set',
      'set it to the URL of CSOC, e.g. https://csoc.example.org',
    );
  let url: URL;
  try {
    url = new URL(csocUrl);
  } catch {
    throw new AgentConfigError(
      'CSOC_URL',
      `is not a URL (${JSON.stringify(csocUrl)})`,
      'use https://host[:port]',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AgentConfigError(
      'CSOC_URL',
      `uses ${url.protocol}`,
      'use https:// (http:// only for a local CSOC)',
    );
  const namespace = env.CSOC_AGENT_NAMESPACE?.trim() ?? '';
  if (!KUBE_NAME.test(namespace))
    throw new AgentConfigError(
      'CSOC_AGENT_NAMESPACE',
      `is ${namespace ? `"${namespace}", not a namespace name` : 'not set'}`,
      "set it to the commons' namespace (the Deployment's own)",
    );
  const identitySecret = env.CSOC_AGENT_IDENTITY_SECRET?.trim() || 'csoc-agent-identity';
  if (!KUBE_NAME.test(identitySecret))
    throw new AgentConfigError(
      'CSOC_AGENT_IDENTITY_SECRET',
      `"${identitySecret}" is not a Secret name`,
      'use csoc-agent-identity',
    );
  const joinTokenFile = env.CSOC_AGENT_JOIN_TOKEN_FILE?.trim() || '/var/run/secrets/csoc-agent/join-token';
  const argocdNamespace = env.CSOC_AGENT_ARGOCD_NAMESPACE?.trim();
  if (argocdNamespace && !KUBE_NAME.test(argocdNamespace))
    throw new AgentConfigError(
      'CSOC_AGENT_ARGOCD_NAMESPACE',
      `"${argocdNamespace}" is not a namespace name`,
      'use e.g. argocd, or unset it',
    );
  const statusFile = env.CSOC_AGENT_STATUS_FILE?.trim() || DEFAULT_STATUS_FILE;
  if (!statusFile.startsWith('/'))
    throw new AgentConfigError(
      'CSOC_AGENT_STATUS_FILE',
      `"${statusFile}" is not an absolute path`,
      `use a file on a writable volume, e.g. ${DEFAULT_STATUS_FILE}, or unset it`,
    );
  return {
    csocUrl: url.toString().replace(/\/+$/, ''),
    namespace,
    joinTokenFile,
    identitySecret,
    statusFile,
    ...(argocdNamespace ? { argocdNamespace } : {}),
  };
}
