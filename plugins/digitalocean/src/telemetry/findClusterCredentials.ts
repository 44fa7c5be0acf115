// Asks the DigitalOcean API for short-lived credentials of a commons' DOKS cluster, found by name: the
// `store-ingest-credential` verb needs the Kubernetes API outside an apply, when no kubeconfig from the
// state is at hand. Only the API token authenticates; it goes in the Authorization header, never a URL.
import type { KubernetesConnection } from '../cluster-secrets/callKubernetesApi.ts';

/** DigitalOcean's public API. */
export const DIGITALOCEAN_API_URL = 'https://api.digitalocean.com';

export interface FindClusterCredentialsOptions {
  clusterName: string;
  apiToken: string;
  /** Base URL of the API; default DIGITALOCEAN_API_URL (tests point it at a local stand-in). */
  apiUrl?: string;
}

async function callApi(options: FindClusterCredentialsOptions, path: string): Promise<unknown> {
  const base = new URL(options.apiUrl ?? DIGITALOCEAN_API_URL);
  if (base.protocol !== 'https:' && !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(base.hostname))
    throw new Error(`refusing to send the API token to ${base.origin} without TLS`);
  const url = new URL(path, base);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${options.apiToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new Error(`cannot reach the DigitalOcean API at ${base.origin}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    let reason = text.slice(0, 200);
    try {
      reason = (JSON.parse(text) as { message?: string }).message ?? reason;
    } catch {
      // not JSON: keep the shortened answer
    }
    throw new Error(`the DigitalOcean API refused GET ${url.pathname} (HTTP ${response.status}): ${reason}`);
  }
  return JSON.parse(text) as unknown;
}

/** Finds the cluster named `clusterName` and returns a connection to its API server. */
export async function findClusterCredentials(
  options: FindClusterCredentialsOptions,
): Promise<KubernetesConnection> {
  const list = (await callApi(options, '/v2/kubernetes/clusters?per_page=200')) as {
    kubernetes_clusters?: Array<{ id: string; name: string }>;
  };
  const cluster = (list.kubernetes_clusters ?? []).find(
    (candidate) => candidate.name === options.clusterName,
  );
  if (!cluster)
    throw new Error(
      `no DOKS cluster named "${options.clusterName}" in this DigitalOcean team: apply the commons first (its environment input names the cluster)`,
    );
  const credentials = (await callApi(
    options,
    `/v2/kubernetes/clusters/${encodeURIComponent(cluster.id)}/credentials`,
  )) as { server?: string; certificate_authority_data?: string; token?: string };
  if (!credentials.server || !credentials.certificate_authority_data || !credentials.token)
    throw new Error(`the DigitalOcean API gave no token credentials for cluster ${options.clusterName}`);
  return {
    server: credentials.server,
    caCertificate: credentials.certificate_authority_data,
    token: credentials.token,
  };
}
