// Test support: a stand-in for the part of a Kubernetes API server the write-cluster-secrets step talks to:
// HTTPS with a test CA, bearer-token authentication, and server-side apply (PATCH with
// application/apply-patch+yaml) of namespaces, roles, role bindings and secrets, stored by path, and
// create-only POSTs of secrets (409 when the name exists). A real API server adds admission, field
// ownership merges and RBAC; none of that is here.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakeApplyApi {
  url: string;
  /** Applied objects by REST path. */
  objects: Map<string, any>;
  /** `METHOD path?query` of every request, in order. */
  calls: string[];
  /** Answer the next applies of this path with 403 (an RBAC refusal). */
  forbid(path: string): void;
  close(): Promise<void>;
}

const PATH =
  /^\/(api\/v1|apis\/rbac\.authorization\.k8s\.io\/v1)(\/namespaces\/[a-z0-9-]+)?\/(namespaces|secrets|roles|rolebindings)\/[a-z0-9.-]+$/;

export async function startFakeApplyApi(options: {
  cert: string;
  key: string;
  token: string;
}): Promise<FakeApplyApi> {
  const objects = new Map<string, any>();
  const calls: string[] = [];
  const forbidden = new Set<string>();
  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server = createServer(
    { cert: options.cert, key: options.key },
    (request: IncomingMessage, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'https://fake');
        calls.push(`${request.method} ${url.pathname}${url.search}`);
        if (request.headers.authorization !== `Bearer ${options.token}`)
          return json(response, 401, { kind: 'Status', message: 'Unauthorized', code: 401 });
        const collection = /^\/api\/v1\/namespaces\/[a-z0-9-]+\/secrets$/.test(url.pathname);
        if (request.method === 'POST' && collection) {
          const object = JSON.parse(body);
          const path = `${url.pathname}/${object.metadata.name}`;
          if (objects.has(path))
            return json(response, 409, {
              kind: 'Status',
              message: `secrets "${object.metadata.name}" already exists`,
              reason: 'AlreadyExists',
              code: 409,
            });
          objects.set(path, object);
          return json(response, 201, object);
        }
        if (request.method !== 'PATCH' || !PATH.test(url.pathname))
          return json(response, 404, { kind: 'Status', message: `not found: ${url.pathname}`, code: 404 });
        if (
          request.headers['content-type'] !== 'application/apply-patch+yaml' ||
          !url.searchParams.get('fieldManager')
        )
          return json(response, 415, {
            kind: 'Status',
            message: 'server-side apply needs its content type and a fieldManager',
            code: 415,
          });
        if (forbidden.has(url.pathname))
          return json(response, 403, {
            kind: 'Status',
            message: `forbidden: User "do-user" cannot patch resource at ${url.pathname}`,
            code: 403,
          });
        const object = JSON.parse(body);
        const status = objects.has(url.pathname) ? 200 : 201;
        objects.set(url.pathname, object);
        json(response, status, object);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    objects,
    calls,
    forbid: (path) => forbidden.add(path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
