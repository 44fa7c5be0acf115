// The client side of a rolling restart: requests alternate between API processes, and a request that
// failed cleanly is retried once on the other process, as a load balancer or the CLI would. A clean
// failure is one the server never acted on, or one whose retry is safe:
// - connection refused: the process is not listening (stopped, or not yet started again);
// - 503: the process is shutting down and answered before any handler ran (Fastify's closing answer);
// - the connection closed before a response (a keep-alive socket the stopping process closed) on a GET,
//   which changes nothing, or on a create keyed by a name the client chose: the retry gets 201 (the first
//   attempt never landed) or 409 "already exists" (it did), and either way the org exists once.
// Everything else, or a second failure, is a failed request.

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** The status that means success (e.g. 200, 201). */
  expect: number;
  /** For a create keyed by a client-chosen name: this status on a retry also means it landed. */
  landedStatusOnRetry?: number;
}

export interface LoadOutcome {
  sent: number;
  succeeded: number;
  retried: number;
  /** Why each retry happened, counted: "connection refused", "503", "closed before a response". */
  retryReasons: Record<string, number>;
  failures: string[];
}

export interface Session {
  cookie: string;
  csrfToken: string;
}

/** Signs in on `url` and returns the cookie and CSRF token every API process accepts (sessions live in the database). */
export async function signIn(url: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
}

type Attempt = { ok: true } | { ok: false; clean: string | undefined; detail: string };

async function attempt(
  url: string,
  session: Session,
  request: LoadRequest,
  isRetry: boolean,
): Promise<Attempt> {
  let response: Response;
  try {
    response = await fetch(`${url}${request.path}`, {
      method: request.method,
      headers: {
        cookie: session.cookie,
        ...(request.method === 'GET' ? {} : { 'x-csrf-token': session.csrfToken }),
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return { ok: false, clean: 'connection refused', detail: cause.code };
    const closed = ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(cause?.code ?? '');
    const safeToRepeat = request.method === 'GET' || request.landedStatusOnRetry !== undefined;
    return {
      ok: false,
      clean: closed && safeToRepeat ? 'closed before a response' : undefined,
      detail: `${cause?.code ?? ''} ${cause?.message ?? (error as Error).message}`,
    };
  }
  await response.arrayBuffer();
  if (response.status === request.expect) return { ok: true };
  if (isRetry && response.status === request.landedStatusOnRetry) return { ok: true };
  if (response.status === 503) return { ok: false, clean: '503', detail: '503' };
  return { ok: false, clean: undefined, detail: `status ${response.status}` };
}

/**
 * Sends `next()`'s requests from `concurrency` loops, alternating between `urls`, until `next` returns
 * undefined; a clean failure is retried once on the next process.
 */
export async function runLoad(
  urls: string[],
  session: Session,
  next: () => LoadRequest | undefined,
  concurrency: number,
): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { sent: 0, succeeded: 0, retried: 0, retryReasons: {}, failures: [] };
  let turn = 0;
  const loop = async () => {
    for (let request = next(); request; request = next()) {
      const first = turn++ % urls.length;
      outcome.sent += 1;
      const result = await attempt(urls[first]!, session, request, false);
      if (result.ok) {
        outcome.succeeded += 1;
        continue;
      }
      if (result.clean === undefined) {
        outcome.failures.push(`${request.method} ${request.path} on ${urls[first]}: ${result.detail}`);
        continue;
      }
      outcome.retried += 1;
      outcome.retryReasons[result.clean] = (outcome.retryReasons[result.clean] ?? 0) + 1;
      const other = urls[(first + 1) % urls.length]!;
      const retry = await attempt(other, session, request, true);
      if (retry.ok) outcome.succeeded += 1;
      else
        outcome.failures.push(
          `${request.method} ${request.path}: ${result.detail} on ${urls[first]}, then ${retry.detail} on ${other}`,
        );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return outcome;
}
