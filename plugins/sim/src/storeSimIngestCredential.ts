// The sim plugin's `store-ingest-credential`: writes a commons' OTLP ingest credential (or csoc-agent's join
// token, ADR 0074) into the simulator's secret manager, as the aws plugin writes the former into Secrets
// Manager (docs/adr/0040). The simulator's secret
// manager is its control API (`PUT <endpoint>/sim-control/secret-manager/<entry>`), reached with the
// simulator's token; both the ingest token and that token arrive only in the per-invocation secrets file.
// The entry must be one the simulated secret manager has, with its property: a render that names another
// fails here as it would on a real cloud. The token is never printed (the event writer redacts it too).
import { readSecrets, type PluginContext } from '@csoc/plugin-sdk';
import { COMMONS_SECRETS } from './simulatedSecretManager.ts';

/** The secrets-file key of the simulator's control token (CSOC's deliverIngestCredential.ts sets it). */
export const SIMULATOR_TOKEN_SECRET_KEY = 'simulatorToken';
/**
 * The entries CSOC itself writes, with their properties: the OTLP ingest credential (in the AWS design's
 * catalog) and csoc-agent's join token (ADR 0074; no IaC creates it, so it is not in that catalog).
 */
const CSOC_WRITTEN_ENTRIES: Record<string, string[]> = {
  'csoc-telemetry-ingest': COMMONS_SECRETS['csoc-telemetry-ingest']!.properties,
  'csoc-agent-join-token': ['token'],
};

export async function storeSimIngestCredential(
  context: Pick<PluginContext, 'request' | 'events' | 'signal'>,
  logPrefix = '',
): Promise<number> {
  const target = context.request.ingestCredential;
  if (!target)
    throw new Error(
      'store-ingest-credential needs the request\u2019s ingestCredential (entry, property, token key)',
    );
  const entry = Object.keys(CSOC_WRITTEN_ENTRIES).find((name) => target.secretName.endsWith(`-${name}`));
  if (!entry)
    throw new Error(
      `the simulated secret manager takes from CSOC only entries ending in ${Object.keys(CSOC_WRITTEN_ENTRIES).join(' or ')}, not ${target.secretName}`,
    );
  const properties = CSOC_WRITTEN_ENTRIES[entry]!;
  if (!properties.includes(target.property))
    throw new Error(
      `the simulated secret manager's ${entry} entries have no property "${target.property}" (only ${properties.join(', ')})`,
    );
  if (!target.endpoint)
    throw new Error(
      'ingestCredential.endpoint must be the simulator\u2019s URL: the simulated secret manager lives there',
    );
  const secrets = await readSecrets(context.request);
  const token = secrets[target.tokenSecretKey];
  if (!token) throw new Error(`the secrets file has no "${target.tokenSecretKey}": nothing to store`);
  const simulatorToken = secrets[SIMULATOR_TOKEN_SECRET_KEY];
  if (!simulatorToken)
    throw new Error(
      `the secrets file has no "${SIMULATOR_TOKEN_SECRET_KEY}": the simulator refuses writes without it`,
    );
  const url = `${target.endpoint.replace(/\/+$/, '')}/sim-control/secret-manager/${encodeURIComponent(target.secretName)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${simulatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ [target.property]: token }),
      signal: context.signal,
    });
  } catch (error) {
    throw new Error(
      `the simulated secret manager at ${target.endpoint} is unreachable: ${(error as Error).message}`,
    );
  }
  if (!response.ok) {
    // The simulator answers names and reasons only; cut it short anyway.
    const reason = (await response.text()).slice(0, 300);
    throw new Error(
      `the simulated secret manager refused to write ${target.secretName} (HTTP ${response.status}: ${reason})`,
    );
  }
  context.events.info(
    `${logPrefix}wrote ${entry === 'csoc-agent-join-token' ? 'the csoc-agent join token' : 'the OTLP ingest credential'} to ${target.secretName} (property ${target.property}) in the simulated secret manager`,
  );
  return 0;
}
