// The `store-ingest-credential` verb (contract 1.1.0) on DigitalOcean: a token CSOC issued becomes a
// Kubernetes Secret (key `token`) in the secrets namespace, where the renderer's ExternalSecret reads it
// (ADR 0040, 0057): the OTLP ingest credential as `<environment>-<namespace>-csoc-telemetry-ingest`, or
// csoc-agent's join token as `<environment>-<namespace>-csoc-agent-join-token` (ADR 0074, 0080). Exact names
// only; anything else is refused. The cluster is reached with credentials the DigitalOcean API issues for the
// account's token; the token is read from the 0600 secrets file only and never printed.
import { readSecrets, type PluginContext } from '@csoc/plugin-sdk';
import { applyObject } from '../cluster-secrets/callKubernetesApi.ts';
import { findClusterCredentials } from './findClusterCredentials.ts';

export const INGEST_CREDENTIAL_PROPERTY = 'token';
/** The entries this verb writes (after the commons prefix), what each holds and that token's shape. */
const SECRET_ENTRIES = {
  'csoc-telemetry-ingest': {
    what: 'the ingest credential',
    pattern: /^csoc_otlp_[A-Za-z0-9_-]{20,200}$/,
    kind: 'a CSOC OTLP token (csoc_otlp_…)',
  },
  'csoc-agent-join-token': {
    what: 'the csoc-agent join token',
    pattern: /^csoc_join_[A-Za-z0-9_-]{20,100}$/,
    kind: 'a csoc-agent join token (csoc_join_…)',
  },
} as const;

export async function runStoreIngestCredentialFromRequest(
  context: Pick<PluginContext, 'request' | 'inputs' | 'events' | 'env'>,
): Promise<number> {
  const { request, inputs, env } = context;
  const target = request.ingestCredential;
  if (!target)
    throw new Error(
      'store-ingest-credential needs the request\u2019s ingestCredential (entry, property, token key)',
    );
  if (target.property !== INGEST_CREDENTIAL_PROPERTY)
    throw new Error(
      `the ${target.secretName} Secret has one key, "${INGEST_CREDENTIAL_PROPERTY}", not "${target.property}"`,
    );
  const environment = inputs.environment;
  if (typeof environment !== 'string')
    throw new Error('inputs.environment is not set: it names the DOKS cluster the Secret goes to');
  const prefix = `${environment}-${request.commons.name}`;
  const entryName = (Object.keys(SECRET_ENTRIES) as Array<keyof typeof SECRET_ENTRIES>).find(
    (name) => target.secretName === `${prefix}-${name}`,
  );
  if (!entryName)
    throw new Error(
      `the digitalocean plugin stores only ${Object.keys(SECRET_ENTRIES)
        .map((name) => `${prefix}-${name}`)
        .join(' or ')} (the commons prefix), not ${target.secretName}; nothing was written`,
    );
  const entry = SECRET_ENTRIES[entryName];
  const secretsNamespace =
    typeof inputs.secretsNamespace === 'string' ? inputs.secretsNamespace : 'gen3-secrets';
  const token = (await readSecrets(request))[target.tokenSecretKey];
  if (!token) throw new Error(`the secrets file has no "${target.tokenSecretKey}": nothing to store`);
  if (!entry.pattern.test(token)) throw new Error(`${entry.what} is not ${entry.kind}; nothing was written`);
  if (!env.DIGITALOCEAN_TOKEN)
    throw new Error('DIGITALOCEAN_TOKEN is not set: the cloud account has no API token');
  const connection = await findClusterCredentials({
    clusterName: environment,
    apiToken: env.DIGITALOCEAN_TOKEN,
    apiUrl: target.endpoint,
  });
  context.events.addSecret(connection.token);
  await applyObject(connection, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: target.secretName,
      namespace: secretsNamespace,
      labels: { 'app.kubernetes.io/managed-by': 'csoc', 'csoc.gen3.org/plugin': 'digitalocean' },
    },
    type: 'Opaque',
    data: { [INGEST_CREDENTIAL_PROPERTY]: Buffer.from(token, 'utf8').toString('base64') },
  });
  context.events.info(`stored ${entry.what} as Secret ${secretsNamespace}/${target.secretName}`);
  return 0;
}
