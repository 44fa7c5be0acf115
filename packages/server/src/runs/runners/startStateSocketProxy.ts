// The host end of a container's only way out: an HTTP proxy on a Unix socket (mounted into the container)
// that forwards to one run's state backend address and refuses everything else. The plugin SDK bridges a
// loopback port inside the container to this socket (see plugin-sdk stateSocketBridge.ts).
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

export interface StateSocketProxyOptions {
  /** The run's state backend URL (host view), e.g. http://127.0.0.1:8080/api/v1/state/<runId>. */
  stateBackendUrl: string;
  /** Parent folder for the socket's private folder; defaults to the OS temp folder (socket paths must stay short). */
  parentDir?: string;
}

export interface StateSocketProxy {
  /** A 0700 folder holding only the socket: mount this folder, not its parent. */
  dir: string;
  socketPath: string;
  /** Requests forwarded and refused so far (for logs and tests). */
  readonly counts: { forwarded: number; refused: number };
  close(): Promise<void>;
}

/** Methods of Terraform's http backend: read, write, lock, unlock (LOCK/UNLOCK or POST .../lock). */
const ALLOWED_METHODS = new Set(['GET', 'POST', 'LOCK', 'UNLOCK']);
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/**
 * Starts the proxy for one plugin invocation. The socket forwards only to the state address's own path
 * (and its `/lock`, `/unlock` children) with the methods Terraform uses; anything else gets 403.
 */
export async function startStateSocketProxy(options: StateSocketProxyOptions): Promise<StateSocketProxy> {
  const target = new URL(options.stateBackendUrl);
  const basePath = target.pathname.replace(/\/$/, '');
  const allowedPaths = new Set([basePath, `${basePath}/lock`, `${basePath}/unlock`]);
  const client = target.protocol === 'https:' ? https : http;
  const dir = fs.mkdtempSync(path.join(options.parentDir ?? os.tmpdir(), 'csoc-state-'));
  fs.chmodSync(dir, 0o700);
  const socketPath = path.join(dir, 'state.sock');
  const counts = { forwarded: 0, refused: 0 };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://state.invalid');
    if (!ALLOWED_METHODS.has(request.method ?? '') || !allowedPaths.has(url.pathname)) {
      counts.refused += 1;
      request.resume();
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end('This socket reaches only the run state backend.\n');
      return;
    }
    counts.forwarded += 1;
    const headers: http.OutgoingHttpHeaders = { ...request.headers, host: target.host };
    for (const name of HOP_BY_HOP) delete headers[name];
    const upstream = client.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port || undefined,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
      },
      (answer) => {
        const answerHeaders = { ...answer.headers };
        for (const name of HOP_BY_HOP) delete answerHeaders[name];
        response.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (response.headersSent) response.destroy();
      else
        response
          .writeHead(502, { 'content-type': 'text/plain' })
          .end(`The CSOC state backend is unreachable: ${error.message}\n`);
    });
    request.pipe(upstream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  return {
    dir,
    socketPath,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
