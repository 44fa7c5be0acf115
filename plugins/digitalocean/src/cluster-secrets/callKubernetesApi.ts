// A minimal Kubernetes API client for the plugin's write-cluster-secrets step: server-side apply of one
// object over HTTPS, trusting only the cluster's CA and authenticating with the DOKS bearer token. Errors
// name the object and the API server's reason; request bodies (secret values) never appear in them.
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';

export interface KubernetesConnection {
  /** API server URL, e.g. https://<uuid>.k8s.ondigitalocean.com. */
  server: string;
  /** PEM of the cluster CA (the only CA trusted). */
  caCertificate: string;
  /** Bearer token (DOKS kubeconfig token). */
  token: string;
  /** Field manager of server-side apply. */
  fieldManager?: string;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

const PLURALS: Record<string, string> = {
  Namespace: 'namespaces',
  Secret: 'secrets',
  Role: 'roles',
  RoleBinding: 'rolebindings',
};

/** The REST path of an object: /api/v1/... for the core group, /apis/<group>/<version>/... otherwise. */
export function objectPath(object: KubernetesObject): string {
  const plural = PLURALS[object.kind];
  if (!plural) throw new Error(`kind ${object.kind} is not one this client writes`);
  const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  const namespace = object.metadata.namespace
    ? `/namespaces/${encodeURIComponent(object.metadata.namespace)}`
    : '';
  return `${base}${namespace}/${plural}/${encodeURIComponent(object.metadata.name)}`;
}

/** Reads a CA given as PEM or as base64 of a PEM (how DigitalOcean's kube_config carries it). */
export function toPem(caCertificate: string): string {
  const trimmed = caCertificate.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  const decoded = Buffer.from(trimmed, 'base64').toString('utf8').trim();
  if (!decoded.startsWith('-----BEGIN CERTIFICATE-----'))
    throw new Error('the cluster CA is neither a PEM certificate nor base64 of one');
  return decoded;
}

/** One request to the API server; the body (secret values) never appears in an error. */
async function send(
  connection: KubernetesConnection,
  method: 'PATCH' | 'POST',
  url: URL,
  body: string,
  contentType: string,
): Promise<{ status: number; text: string }> {
  const secure = url.protocol === 'https:';
  if (!secure && !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname))
    throw new Error(
      `refusing to send credentials to ${url.origin} without TLS: the API server must be https://`,
    );
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = secure ? httpsRequest : httpRequest;
    const req = request(
      url,
      {
        method,
        ...(secure ? { ca: toPem(connection.caCertificate) } : {}),
        headers: {
          authorization: `Bearer ${connection.token}`,
          'content-type': contentType,
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: connection.timeoutMs ?? 30_000,
      },
      (response) => {
        let data = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (data += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: data }));
        response.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} in time`)));
    req.on('error', reject);
    req.end(body);
  }).catch((error: Error) => {
    throw new Error(`cannot reach the Kubernetes API at ${url.origin}: ${error.message}`);
  });
}

function refusal(object: KubernetesObject, status: number, text: string): Error {
  let reason = text.slice(0, 300);
  try {
    reason = (JSON.parse(text) as { message?: string }).message ?? reason;
  } catch {
    // not JSON: keep the raw (shortened) answer
  }
  const where = object.metadata.namespace ? ` in namespace ${object.metadata.namespace}` : '';
  return new Error(
    `the Kubernetes API refused ${object.kind} ${object.metadata.name}${where} (HTTP ${status}): ${reason}`,
  );
}

/**
 * Creates or updates `object` with server-side apply (one PATCH, idempotent, owned by the field manager).
 * Throws with the object's kind/name and the API server's message when it refuses.
 */
export async function applyObject(connection: KubernetesConnection, object: KubernetesObject): Promise<void> {
  const url = new URL(objectPath(object), connection.server);
  url.searchParams.set('fieldManager', connection.fieldManager ?? 'csoc-digitalocean');
  url.searchParams.set('force', 'true');
  const { status, text } = await send(
    connection,
    'PATCH',
    url,
    JSON.stringify(object),
    'application/apply-patch+yaml',
  );
  if (status < 200 || status >= 300) throw refusal(object, status, text);
}

/**
 * Creates `object` unless one of that name exists (POST; 409 Conflict means it does and is left alone).
 * Returns whether it was created.
 */
export async function createObjectIfAbsent(
  connection: KubernetesConnection,
  object: KubernetesObject,
): Promise<boolean> {
  const path = objectPath(object);
  const url = new URL(path.slice(0, path.lastIndexOf('/')), connection.server);
  url.searchParams.set('fieldManager', connection.fieldManager ?? 'csoc-digitalocean');
  const { status, text } = await send(connection, 'POST', url, JSON.stringify(object), 'application/json');
  if (status === 409) return false;
  if (status < 200 || status >= 300) throw refusal(object, status, text);
  return true;
}
