// The portal's one API client: openapi-fetch typed by the generated OpenAPI paths, same origin, cookie
// session; every cookie-authenticated change carries the CSRF token from sign-in (or the csoc_csrf cookie).
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '@csoc/common/api-types';
import { ApiError } from './ApiError.ts';

let csrfToken: string | undefined;

/** Remembers the token from the sign-in response or GET /api/v1/session. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? undefined;
}

/** The CSRF token: the remembered one, else the csoc_csrf cookie (readable by design, unlike the session). */
export function currentCsrfToken(): string | undefined {
  if (csrfToken) return csrfToken;
  const match = document.cookie.match(/(?:^|;\s*)csoc_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const token = currentCsrfToken();
      if (token) request.headers.set('x-csrf-token', token);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrfMiddleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the data of a successful call, or throws an ApiError carrying the API's message and request id. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: `The CSOC server could not be reached (${cause instanceof Error ? cause.message : String(cause)}). Check your connection and retry.`,
    });
  }
  if (result.response.ok) return result.data as T;
  throw ApiError.fromResponse(result.response, result.error);
}

/** An untyped GET for routes the generated document may not have yet (e.g. /api/v1/releases). */
export async function getOptional<T>(url: string): Promise<T | undefined> {
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 404) return undefined;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw ApiError.fromResponse(response, body);
  return body as T;
}

/**
 * An untyped JSON POST for a route newer than the generated document (typed by the caller with the
 * route's TypeBox type from @csoc/common); carries the CSRF token as every change does.
 */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const token = currentCsrfToken();
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(token ? { 'x-csrf-token': token } : {}),
      },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: `The CSOC server could not be reached (${cause instanceof Error ? cause.message : String(cause)}). Check your connection and retry.`,
    });
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw ApiError.fromResponse(response, answer);
  return answer as T;
}
