// The cluster routes (live view through the agent, Gen3 actions) as the CLI calls them: typed by the
// generated API paths, sent through the same transport, credentials and error wording as the typed client
// (raw, because the log and action output are server-sent events).
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';
import type { CommandContext } from '../CommandContext.ts';
import { CliError } from '../CliError.ts';
import { authHeaders, describeApiError, fetchOrExplain, traceHeaders } from '../createCsocClient.ts';
import type { HttpResponse } from '../httpFetch.ts';

type ClusterPaths = '/api/v1/orgs/{org}/commons/{commons}/cluster';
type Get<Path extends keyof paths> = paths[Path] extends { get: infer Operation }
  ? JsonBodyOf<Operation>
  : never;

/** A page of pods or workloads, with the `nextCursor` of the next page (ADR 0081). */
export type ClusterWorkloadsPage = Get<`${ClusterPaths}/workloads`>;
export type ClusterPodsPage = Get<`${ClusterPaths}/pods`>;
export type ClusterEventsList = Get<`${ClusterPaths}/events`>;
export type ClusterWorkload = ClusterWorkloadsPage['workloads'][number];
export type ClusterPod = ClusterPodsPage['pods'][number];
export type ClusterEvent = ClusterEventsList['events'][number];
export type ClusterActionObject = Get<`${ClusterPaths}/actions/{id}`>;
export type ClusterActionList = Get<`${ClusterPaths}/actions`>;

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
