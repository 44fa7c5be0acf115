// The smallest Kubernetes API client the access check needs: JSON requests over node:https with the
// kubeconfig's CA and credentials. No @kubernetes/client-node in the plugin: it would bring exec/auth-provider
// support the plugin refuses anyway, and the check makes two kinds of call.
import https from 'node:https';
import type { KubernetesConnection } from './readKubeconfig.ts';

export interface KubernetesApiResponse {
  status: number;
  body: Record<string, unknown> | undefined;
}

export interface KubernetesApiClient {
  /** Sends one request; resolves any HTTP status, rejects (with the fix) when the server cannot be reached. */
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<KubernetesApiResponse>;
  /** Closes the kept-alive connections. */
  close(): void;
}

export interface KubernetesApiClientOptions {
  /** Per request; default 20 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The API server could not be reached or refused the credentials; the message says why and what to do. */
export class KubernetesApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Builds a client for the connection. */
export function createKubernetesApiClient(
  connection: KubernetesConnection,
  options: KubernetesApiClientOptions = {},
): KubernetesApiClient {
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 8,
    ca: connection.caCert,
    cert: connection.clientCert,
    key: connection.clientKey,
    rejectUnauthorized: !connection.insecureSkipTlsVerify,
  });
  const timeoutMs = options.timeoutMs ?? 20_000;

  function describeFailure(error: NodeJS.ErrnoException): KubernetesApiError {
    const code = error.code ?? '';
    if (TLS_CODES.has(code))
      return new KubernetesApiError(
        `The API server ${connection.server} presented a certificate the kubeconfig's CA does not verify (${code}). ` +
          'Fix: put the cluster CA in the kubeconfig (certificate-authority-data), as `kubectl config view --raw --flatten` writes it',
      );
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT')
      return new KubernetesApiError(
        `Cannot reach the API server ${connection.server} (${code}). Fix: check the server URL in the kubeconfig and that the CSOC's plugin runner can reach it`,
      );
    return new KubernetesApiError(`Request to the API server ${connection.server} failed: ${error.message}`);
  }

  return {
    close: () => agent.destroy(),
    request(method, path, body) {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const request = https.request(
          `${connection.server}${path}`,
          {
            method,
            agent,
            signal: options.signal,
            timeout: timeoutMs,
            headers: {
              accept: 'application/json',
              ...(payload ? { 'content-type': 'application/json' } : {}),
              ...(connection.token ? { authorization: `Bearer ${connection.token}` } : {}),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const status = response.statusCode ?? 0;
              if (status === 401)
                return reject(
                  new KubernetesApiError(
                    `The API server ${connection.server} refused the credentials of kubeconfig user "${connection.userName}" (401 Unauthorized): ` +
                      "the token or client certificate is wrong, expired or revoked. Fix: update the cloud account's kubeconfig with a valid one",
                  ),
                );
              let parsed: Record<string, unknown> | undefined;
              try {
                parsed = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
              } catch {
                parsed = undefined;
              }
              resolve({ status, body: parsed });
            });
            response.on('error', (error) => reject(describeFailure(error)));
          },
        );
        request.on('timeout', () =>
          request.destroy(
            Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
          ),
        );
        request.on('error', (error) => reject(describeFailure(error)));
        request.end(payload);
      });
    },
  };
}
