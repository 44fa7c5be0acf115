// fetch over node:http(s) for the CLI. Node 20's global fetch builds its HTTP client (undici, with an
// HTTP parser compiled from WebAssembly) on the first request: about a third of the CPU a one-request
// command such as `csoc commons list` used. Request, Response and Headers are still the standard ones.
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

/** A fetch for CSOC's API: one request, the response body streamed (run output follows it live). */
export async function httpFetch(input: Request | string, init?: RequestInit): Promise<Response> {
  const request = typeof input === 'string' ? undefined : input;
  const url = new URL(request ? request.url : (input as string));
  const method = init?.method ?? request?.method ?? 'GET';
  const headers = new Headers(init?.headers ?? request?.headers);
  const signal = init?.signal ?? request?.signal;
  const body =
    init?.body !== undefined && init.body !== null
      ? Buffer.from(await new Response(init.body).arrayBuffer())
      : request?.body
        ? Buffer.from(await request.arrayBuffer())
        : undefined;
  signal?.throwIfAborted();
  const outgoingHeaders: Record<string, string> = {};
  headers.forEach((value, name) => (outgoingHeaders[name] = value));
  return new Promise((resolve, reject) => {
    const outgoing = (url.protocol === 'https:' ? https : http).request(
      url,
      { method, headers: outgoingHeaders },
      (incoming) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const one of [value ?? []].flat()) responseHeaders.append(name, one);
        }
        const status = incoming.statusCode ?? 502;
        const empty = status === 204 || status === 304 || method === 'HEAD';
        if (empty) incoming.resume();
        resolve(
          new Response(empty ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>), {
            status,
            statusText: incoming.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      },
    );
    // The same shape as fetch's failure: a TypeError whose cause carries the system error code.
    outgoing.on('error', (error) => reject(Object.assign(new TypeError('fetch failed'), { cause: error })));
    signal?.addEventListener('abort', () => outgoing.destroy(signal.reason as Error), { once: true });
    outgoing.end(body);
  });
}
