// The typed API client of the CLI: the calling convention of openapi-fetch (its types are reused, so every
// call site is checked against the OpenAPI `paths`), with a runtime of our own over httpFetch. openapi-fetch's
// runtime builds a standard Request and Headers for every call, which loads Node's internal undici, the
// largest single cost of a one-request command (ADR 0045). Serialization follows openapi-fetch's defaults:
// path parameters percent-encoded, query arrays repeated (`a=1&a=2`), objects as `a[b]=c`, JSON bodies.
import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import type { HttpResponse } from './httpFetch.ts';

// Constrained as openapi-fetch's Client is: the generated `paths` is an interface, without an index signature.
type Paths = object;
type Operation<P, Path extends keyof P, Method extends HttpMethod> = P[Path][Method & keyof P[Path]];

/** openapi-fetch's answer, with our response object in place of a standard Response. */
type ApiResult<T> = T extends { response: Response }
  ? Omit<T, 'response'> & { response: HttpResponse }
  : never;

// As openapi-fetch: the options argument is required only when the operation has required parameters.
type InitParam<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & { [key: string]: unknown })?]
    : [Init & { [key: string]: unknown }];

type ApiMethod<P extends Paths, Method extends HttpMethod> = <
  Path extends PathsWithMethod<P, Method>,
  Init extends MaybeOptionalInit<P[Path], Method & keyof P[Path]>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<ApiResult<FetchResponse<Operation<P, Path, Method> & Record<string, unknown>, Init, MediaType>>>;

export interface ApiClient<P extends Paths> {
  GET: ApiMethod<P, 'get'>;
  POST: ApiMethod<P, 'post'>;
  PUT: ApiMethod<P, 'put'>;
  PATCH: ApiMethod<P, 'patch'>;
  DELETE: ApiMethod<P, 'delete'>;
}

/** What one call may carry (the subset of openapi-fetch's options the CLI uses). */
export interface ApiCallOptions {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
  headers?: Record<string, string | undefined | null>;
  parseAs?: 'json' | 'text' | 'arrayBuffer' | 'stream';
  signal?: AbortSignal;
}

/** What the client hands to the transport: the final URL, method, lower-cased headers and body. */
export interface ApiRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type ApiTransport = (request: ApiRequest) => Promise<HttpResponse>;

/** `/orgs/{org}` with each `{name}` replaced by its percent-encoded value (left as is when not given). */
export function fillPathParams(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/\{([^}]+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return match;
    return encodeURIComponent(String(value));
  });
}

/** The query string without `?`: undefined, null and empty arrays left out. */
export function encodeQuery(query: Record<string, unknown> = {}): string {
  const parts: string[] = [];
  const pair = (name: string, value: unknown) =>
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const one of value) pair(name, one);
    else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>))
        if (inner !== undefined && inner !== null) pair(`${name}[${key}]`, inner);
    } else pair(name, value);
  }
  return parts.join('&');
}

/** Reads the body the way openapi-fetch does: nothing for 204/HEAD/empty, errors as JSON when they parse. */
async function readResult(
  response: HttpResponse,
  method: string,
  parseAs: ApiCallOptions['parseAs'] = 'json',
): Promise<{ data?: unknown; error?: unknown; response: HttpResponse }> {
  const contentLength = response.headers.get('content-length');
  if (response.status === 204 || method === 'HEAD' || contentLength === '0') {
    response.discard();
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (!response.ok) {
    const text = await response.text();
    try {
      return { error: JSON.parse(text) as unknown, response };
    } catch {
      return { error: text, response };
    }
  }
  if (parseAs === 'stream') return { data: response.body, response };
  if (parseAs === 'text') return { data: await response.text(), response };
  if (parseAs === 'arrayBuffer') return { data: await response.arrayBuffer(), response };
  const raw = await response.text();
  return { data: raw ? (JSON.parse(raw) as unknown) : undefined, response };
}

/** A client for `baseUrl` that sends through `transport`, each request given `headersFor(method)` first. */
export function createApiClient<P extends Paths>(
  baseUrl: string,
  transport: ApiTransport,
  headersFor: (method: string) => Record<string, string> = () => ({}),
): ApiClient<P> {
  const root = baseUrl.replace(/\/+$/, '');
  const send = async (method: string, path: string, options: ApiCallOptions = {}) => {
    const query = encodeQuery(options.params?.query);
    const url = `${root}${fillPathParams(path, options.params?.path)}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = {};
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    // Credentials last, as openapi-fetch's middleware set them: a call cannot replace them by accident.
    for (const [name, value] of Object.entries({ ...options.headers, ...headersFor(method) })) {
      if (value === undefined) continue;
      if (value === null) delete headers[name.toLowerCase()];
      else headers[name.toLowerCase()] = value;
    }
    const response = await transport({ url, method, headers, body, signal: options.signal });
    return readResult(response, method, options.parseAs);
  };
  const method = (name: string) => (path: string, options?: ApiCallOptions) => send(name, path, options);
  return {
    GET: method('GET'),
    POST: method('POST'),
    PUT: method('PUT'),
    PATCH: method('PATCH'),
    DELETE: method('DELETE'),
  } as unknown as ApiClient<P>;
}
