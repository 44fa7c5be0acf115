// The typed API client: our small client (apiClient.ts, openapi-fetch's calling convention) over the `paths`
// generated from CSOC's OpenAPI document, with the context's credentials (a bearer token, or the session
// cookie plus x-csrf-token on changes).
import type { ReceivedErrorResponse } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';
import { createApiClient, type ApiClient } from './apiClient.ts';
import { CliError, UsageError } from './CliError.ts';
import { httpFetch, type HttpRequestInit, type HttpResponse } from './httpFetch.ts';

export type CsocClient = ApiClient<paths>;

/** Where to send requests and how to authenticate them. */
export interface Connection {
  server: string;
  token?: string;
  session?: string;
  csrfToken?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The headers that authenticate one request of `method`. */
export function authHeaders(connection: Connection, method: string): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'csoc-cli/0.1' };
  if (connection.token) headers.authorization = `Bearer ${connection.token}`;
  else if (connection.session) {
    headers.cookie = `csoc_session=${connection.session}`;
    if (connection.csrfToken && !SAFE_METHODS.has(method.toUpperCase()))
      headers['x-csrf-token'] = connection.csrfToken;
  }
  return headers;
}

const TRACEPARENT_FORMAT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The W3C trace-context headers for `TRACEPARENT`/`TRACESTATE` in the environment (the OpenTelemetry
 * convention for processes): commands run with one TRACEPARENT (plan, approve, deploy) make one change one
 * trace in CSOC, from the API to the first healthy probe (docs/telemetry.md). Empty without a valid one.
 */
export function traceHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const traceparent = env.TRACEPARENT?.trim().toLowerCase();
  if (!traceparent || !TRACEPARENT_FORMAT.test(traceparent)) return {};
  return { traceparent, ...(env.TRACESTATE ? { tracestate: env.TRACESTATE.trim() } : {}) };
}

/** Checks a server URL early, so a typo is a usage error rather than a network failure. */
export function normalizeServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(
      `"${server}" is not a URL; pass the CSOC address, e.g. --server http://127.0.0.1:8080`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`"${server}" is not an http(s) URL`);
  return url.toString().replace(/\/+$/, '');
}

/** httpFetch that turns "could not connect" into a one-line CliError naming the server. */
export async function fetchOrExplain(
  server: string,
  url: string,
  init?: HttpRequestInit,
): Promise<HttpResponse> {
  try {
    return await httpFetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new CliError(
      `cannot reach CSOC at ${server} (${reason}); check --server / CSOC_SERVER and that CSOC is running`,
    );
  }
}

export function createCsocClient(connection: Connection): CsocClient {
  return createApiClient<paths>(
    connection.server,
    ({ url, ...init }) => fetchOrExplain(connection.server, url, init),
    (method) => ({ ...traceHeaders(), ...authHeaders(connection, method) }),
  );
}

/** The parts of a response an API error is described from. */
interface ReceivedResponse {
  status: number;
  statusText: string;
  ok: boolean;
  headers: { get(name: string): string | null };
}

/** The API's error as one line: its message, field details, code and request id. */
export function describeApiError(response: ReceivedResponse, body: unknown): string {
  const error = (body as ReceivedErrorResponse | undefined)?.error;
  const requestId = error?.requestId ?? response.headers.get('x-request-id') ?? 'unknown';
  if (!error?.message)
    return `CSOC answered ${response.status} ${response.statusText} (request id ${requestId})`;
  const details = error.details?.length
    ? `: ${error.details.map((detail) => `${detail.field} ${detail.message}`).join('; ')}`
    : '';
  const next = response.status === 401 ? ' Run csoc login.' : '';
  return `${error.message}${details} (${error.code ?? response.status}, request id ${requestId})${next}`;
}

/** Awaits an API call; a non-2xx answer becomes a CliError with the API's message. */
export async function call<T, R extends ReceivedResponse>(
  request: Promise<{ data?: T; error?: unknown; response: R }>,
): Promise<{ data: T; response: R }> {
  const result = await request;
  if (!result.response.ok) throw new CliError(describeApiError(result.response, result.error));
  return { data: result.data as T, response: result.response };
}
