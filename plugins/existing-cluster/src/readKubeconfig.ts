// Reads the one connection the existing-cluster plugin uses from a kubeconfig (the cloud account's secret
// `kubeconfig`): server, CA, and a bearer token or client certificate, all inline. What the plugin image cannot
// honour is refused with the fix: exec and auth-provider plugins (no cloud CLIs in the image), files on a
// disk the plugin cannot see, basic auth, and skipping TLS verification unless the inputs allow it.
import { parse as parseYaml } from 'yaml';

/** How the plugin reaches and authenticates to the API server. Holds secrets: never log or output it. */
export interface KubernetesConnection {
  /** The context used, for messages. */
  contextName: string;
  /** The kubeconfig user name, for messages (not a secret). */
  userName: string;
  /** API server base URL, https://host:port. */
  server: string;
  /** PEM of the cluster CA (certificate-authority-data); absent: the system's trust store. */
  caCert?: string;
  /** Skip verifying the server certificate (only when the inputs allow it). */
  insecureSkipTlsVerify: boolean;
  token?: string;
  clientCert?: string;
  clientKey?: string;
}

export interface ReadKubeconfigOptions {
  /** The context to use (the account's `public.context`); default: the kubeconfig's current-context. */
  context?: string;
  /** Whether `insecure-skip-tls-verify: true` is accepted (input allowInsecureTls). */
  allowInsecureTls?: boolean;
}

/** A kubeconfig the plugin cannot use; the message names the field and the fix. */
export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

type Named = { name?: unknown; [key: string]: unknown };

const FLATTEN_FIX = 'embed it with `kubectl config view --raw --flatten --minify` and store that kubeconfig';

function entry(list: unknown, name: string, kind: string): Record<string, unknown> {
  const found = Array.isArray(list) ? (list as Named[]).find((item) => item?.name === name) : undefined;
  if (!found)
    throw new KubeconfigError(`kubeconfig: ${kind} "${name}" is not in the kubeconfig's ${kind}s list`);
  const body = found[kind === 'context' ? 'context' : kind === 'cluster' ? 'cluster' : 'user'];
  return (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
}

const decodeBase64 = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(value))
    throw new KubeconfigError(`kubeconfig: ${field} is not base64 text`);
  return Buffer.from(value, 'base64').toString('utf8');
};

/**
 * Parses the kubeconfig text and returns the connection of its context.
 *
 * @example
 * const connection = readKubeconfig(secrets.kubeconfig, { context: account.public.context });
 */
export function readKubeconfig(text: string, options: ReadKubeconfigOptions = {}): KubernetesConnection {
  let document: Record<string, unknown>;
  try {
    document = parseYaml(text, { maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (error) {
    throw new KubeconfigError(`kubeconfig: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (!document || typeof document !== 'object' || !Array.isArray(document.clusters))
    throw new KubeconfigError('kubeconfig: not a kubeconfig (YAML with a clusters list)');
  const contextName = options.context ?? document['current-context'];
  if (typeof contextName !== 'string' || contextName === '')
    throw new KubeconfigError(
      'kubeconfig: no context to use: set current-context in the kubeconfig or the account\'s "context"',
    );
  const context = entry(document.contexts, contextName, 'context');
  const clusterName = String(context.cluster ?? '');
  const userName = String(context.user ?? '');
  const cluster = entry(document.clusters, clusterName, 'cluster');
  const user = entry(document.users, userName, 'user');

  const server = cluster.server;
  if (typeof server !== 'string' || !/^https?:\/\//.test(server))
    throw new KubeconfigError(`kubeconfig: cluster "${clusterName}" has no https server URL`);
  if (server.startsWith('http://'))
    throw new KubeconfigError(
      `kubeconfig: cluster "${clusterName}" is reached over plain http (${server}); CSOC sends credentials to the API server only over https`,
    );
  if (typeof cluster['certificate-authority'] === 'string')
    throw new KubeconfigError(
      `kubeconfig: cluster "${clusterName}" names a CA file (certificate-authority) the plugin cannot read; ${FLATTEN_FIX}`,
    );
  const insecureSkipTlsVerify = cluster['insecure-skip-tls-verify'] === true;
  if (insecureSkipTlsVerify && !options.allowInsecureTls)
    throw new KubeconfigError(
      `kubeconfig: cluster "${clusterName}" sets insecure-skip-tls-verify, which lets anyone on the path read the credentials. ` +
        'Fix: put the cluster CA in certificate-authority-data, or set the input allowInsecureTls to true (test clusters only)',
    );

  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    const how = user.exec !== undefined ? 'an exec plugin' : 'an auth-provider plugin';
    const command =
      typeof (user.exec as { command?: unknown } | undefined)?.command === 'string'
        ? ` (${(user.exec as { command: string }).command})`
        : '';
    throw new KubeconfigError(
      `kubeconfig: user "${userName}" authenticates with ${how}${command}; the plugin image has no cloud CLIs to run it. ` +
        'Fix: give CSOC a service account token (kubectl create token <service-account> --duration=...) or a client certificate, inline in the kubeconfig',
    );
  }
  for (const fileField of ['tokenFile', 'client-certificate', 'client-key']) {
    if (typeof user[fileField] === 'string')
      throw new KubeconfigError(
        `kubeconfig: user "${userName}" names a file (${fileField}) the plugin cannot read; ${FLATTEN_FIX}`,
      );
  }
  if (user.username !== undefined || user.password !== undefined)
    throw new KubeconfigError(
      `kubeconfig: user "${userName}" uses basic auth (username/password), which Kubernetes removed in 1.19; use a token or a client certificate`,
    );
  const token = typeof user.token === 'string' && user.token !== '' ? user.token : undefined;
  const clientCert =
    user['client-certificate-data'] !== undefined
      ? decodeBase64(user['client-certificate-data'], `user "${userName}" client-certificate-data`)
      : undefined;
  const clientKey =
    user['client-key-data'] !== undefined
      ? decodeBase64(user['client-key-data'], `user "${userName}" client-key-data`)
      : undefined;
  if (!token && !(clientCert && clientKey))
    throw new KubeconfigError(
      `kubeconfig: user "${userName}" has no credentials the plugin can use: give it a token, or client-certificate-data with client-key-data`,
    );
  return {
    contextName,
    userName,
    server: server.replace(/\/+$/, ''),
    caCert:
      cluster['certificate-authority-data'] !== undefined
        ? decodeBase64(
            cluster['certificate-authority-data'],
            `cluster "${clusterName}" certificate-authority-data`,
          )
        : undefined,
    insecureSkipTlsVerify,
    token,
    clientCert,
    clientKey,
  };
}

/** The secret parts of a connection, for the event writer's redaction. */
export function connectionSecrets(connection: KubernetesConnection): string[] {
  return [connection.token, connection.clientKey, connection.clientCert].filter(
    (value): value is string => typeof value === 'string',
  );
}
