// One HTTP request over node:http(s) for the CLI. Node's global fetch, and even touching its Request,
// Response, Headers or FormData globals, loads Node's internal undici (an HTTP client with a parser compiled
// from WebAssembly): about a third of the CPU a one-request command such as `csoc commons list` used. So
// nothing here uses those globals; the response is a small object with the parts the commands read.
import http from 'node:http';
import https from 'node:https';

export interface HttpRequestInit {
  method?: string;
  /** Header names are sent lower-cased; one value each. */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

/** The response headers, read like fetch's Headers (names case-insensitive, Set-Cookie kept apart). */
export class HttpResponseHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    return [...(this.raw['set-cookie'] ?? [])];
  }
}

/** A received response: status and headers at once, the body read once (whole, or streamed). */
export class HttpResponse {
  readonly ok: boolean;
  readonly headers: HttpResponseHeaders;
  private consumed = false;
  private discarded = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    private readonly incoming: http.IncomingMessage,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = new HttpResponseHeaders(incoming.headers);
  }

  /** The body as it arrives (run output is followed live through it). */
  get body(): AsyncIterable<Uint8Array> {
    if (this.discarded) return (async function* () {})();
    this.markConsumed();
    return this.incoming;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return (await this.bytes()).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  /** Drops an unread body so the connection is released; reading it later gives nothing. */
  discard(): void {
    if (!this.consumed) this.incoming.resume();
    this.consumed = true;
    this.discarded = true;
  }

  private async bytes(): Promise<Buffer> {
    if (this.discarded) return Buffer.alloc(0);
    this.markConsumed();
    const chunks: Buffer[] = [];
    for await (const chunk of this.incoming) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private markConsumed(): void {
    if (this.consumed) throw new TypeError('the response body was already read');
    this.consumed = true;
  }
}

/** Sends one request; resolves once the status and headers arrive. */
export async function httpFetch(url: string, init: HttpRequestInit = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const method = (init.method ?? 'GET').toUpperCase();
  const { signal } = init;
  signal?.throwIfAborted();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
  if (init.body !== undefined && headers['content-length'] === undefined)
    headers['content-length'] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    const outgoing = (target.protocol === 'https:' ? https : http).request(
      target,
      { method, headers },
      (incoming) => {
        const status = incoming.statusCode ?? 502;
        const response = new HttpResponse(url, status, incoming.statusMessage ?? '', incoming);
        if (status === 204 || status === 304 || method === 'HEAD') response.discard();
        resolve(response);
      },
    );
    // The same shape as fetch's failure: a TypeError whose cause carries the system error code.
    outgoing.on('error', (error) => reject(Object.assign(new TypeError('fetch failed'), { cause: error })));
    signal?.addEventListener('abort', () => outgoing.destroy(signal.reason as Error), { once: true });
    outgoing.end(init.body);
  });
}
