// The cluster routes (live view through the agent, Gen3 actions) as the CLI calls them. Their types are not
// in the generated API file yet (the lead regenerates it), so the shapes the CLI reads are declared here and
// the requests go through the same transport, credentials and error wording as the typed client.
import type { CommandContext } from '../CommandContext.ts';
import { CliError } from '../CliError.ts';
import { authHeaders, describeApiError, fetchOrExplain, traceHeaders } from '../createCsocClient.ts';
import type { HttpResponse } from '../httpFetch.ts';

export interface ClusterWorkload {
  kind: string;
  name: string;
  ready: number;
  desired: number;
  images: string[];
  schedule?: string;
  lastScheduleTime?: string;
  succeeded?: number;
  failed?: number;
  active?: number;
}
export interface ClusterPod {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  node?: string;
  startedAt?: string;
  containers: { name: string; lastTerminationReason?: string }[];
}
export interface ClusterEvent {
  type: string;
  reason: string;
  message: string;
  object: { kind: string; name: string };
  count: number;
  lastSeen: string;
}
export interface ClusterActionObject {
  id: string;
  commons: string;
  action: string;
  target: string | null;
  state: string;
  requestedBy: string;
  approvedBy: string | null;
  job: string | null;
  result: string | null;
  outputBytes: number;
  createdAt: string;
  finishedAt: string | null;
  output?: string;
}

/** `/api/v1/orgs/{org}/commons/{commons}/cluster` + `rest`, each name percent-encoded. */
export function clusterUrl(context: CommandContext, org: string, commons: string, rest: string): string {
  return `${context.connection().server}/api/v1/orgs/${encodeURIComponent(org)}/commons/${encodeURIComponent(commons)}/cluster${rest}`;
}

/** Sends one request to a cluster route; a non-2xx answer becomes a CliError with the API's message. */
export async function clusterRequest(
  context: CommandContext,
  method: 'GET' | 'POST',
  url: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  context.client(); // fails early, with the usual message, when not logged in
  const connection = context.connection();
  const headers: Record<string, string> = {
    ...traceHeaders(),
    ...options.headers,
    ...authHeaders(connection, method),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetchOrExplain(connection.server, url, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw new CliError(describeApiError(response, body));
  }
  return response;
}

export async function clusterJson<T>(
  context: CommandContext,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
): Promise<T> {
  const response = await clusterRequest(context, method, url, { body });
  return (await response.json()) as T;
}
