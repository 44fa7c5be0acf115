// A small HTTP client for tests: keeps the session cookie and sends the CSRF header like the portal does,
// and records every response body so tests can search them for leaked secrets.
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class ApiClient {
  private cookies = new Map<string, string>();
  private csrfToken: string | undefined;
  bearerToken: string | undefined;
  /** Every response text this client received. */
  readonly transcript: string[] = [];

  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<ApiResponse> {
    const response = await this.request('POST', '/api/v1/session', { email, password });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
    this.csrfToken = (response.body as { csrfToken: string }).csrfToken;
    return response;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (this.cookies.size > 0)
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (this.csrfToken && !['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] ??= this.csrfToken;
    if (this.bearerToken) headers.authorization ??= `Bearer ${this.bearerToken}`;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await response.text();
    this.transcript.push(text);
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').startsWith('application/json') && text)
      parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, { headers });
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, { headers });
  }
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body ?? {}, { headers });
  }
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body ?? {}, { headers });
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, { headers });
  }
}
