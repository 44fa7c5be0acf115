// The `store-ingest-credential` verb (contract 1.1.0) on DigitalOcean: the commons' OTLP ingest credential
// becomes the Kubernetes Secret `<environment>-<namespace>-csoc-telemetry-ingest` (key `token`) in the
// secrets namespace, where the renderer's ExternalSecret for the telemetry agent reads it (ADR 0040, 0057).
// The cluster is reached with credentials the DigitalOcean API issues for the account's token; the ingest
// token is read from the 0600 secrets file only and never printed.
import { INGEST_CREDENTIAL_ENTRY_SUFFIX, readSecrets, type PluginContext } from '@csoc/plugin-sdk';
import { applyObject } from '../cluster-secrets/callKubernetesApi.ts';
import { findClusterCredentials } from './findClusterCredentials.ts';

export const INGEST_CREDENTIAL_PROPERTY = 'token';
const TOKEN_PATTERN = /^csoc_otlp_[A-Za-z0-9_-]{20,200}$/;

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
      `the ingest credential Secret has one key, "${INGEST_CREDENTIAL_PROPERTY}", not "${target.property}"`,
    );
  const environment = inputs.environment;
  if (typeof environment !== 'string')
    throw new Error('inputs.environment is not set: it names the DOKS cluster the Secret goes to');
  const prefix = `${environment}-${request.commons.name}`;
  if (target.secretName !== `${prefix}${INGEST_CREDENTIAL_ENTRY_SUFFIX}`)
    throw new Error(
      `the ingest credential must be named ${prefix}${INGEST_CREDENTIAL_ENTRY_SUFFIX} (the commons prefix), not ${target.secretName}`,
    );
  const secretsNamespace =
    typeof inputs.secretsNamespace === 'string' ? inputs.secretsNamespace : 'gen3-secrets';
  const token = (await readSecrets(request))[target.tokenSecretKey];
  if (!token) throw new Error(`the secrets file has no "${target.tokenSecretKey}": nothing to store`);
  if (!TOKEN_PATTERN.test(token))
    throw new Error('the ingest credential is not a CSOC OTLP token (csoc_otlp_…); nothing was written');
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
  context.events.info(`stored the ingest credential as Secret ${secretsNamespace}/${target.secretName}`);
  return 0;
}
