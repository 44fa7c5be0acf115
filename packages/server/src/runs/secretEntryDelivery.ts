// The one mechanism by which CSOC puts a token it issued into the cloud's secret manager entry a rendered
// ExternalSecret reads (docs/adr/0040, 0074): a run whose sealed delivery hands the token to the IaC plugin's
// `store-ingest-credential` verb in the per-invocation secrets file. The OTLP ingest credential and the
// csoc-agent join token both use it; each has its own run kind so that "the latest delivery of this commons"
// never mixes the two (executeRunPhase.ts also revokes by kind when the write fails). Nothing here prints,
// logs or audits a token.
import type { CommonsSpec } from '@csoc/common';
import YAML from 'yaml';
import type { CommonsTable } from '../commons/commonsTables.ts';
import type { AppContext } from '../http/appContext.ts';
import { resolvePlugin } from '../plugins/pluginRegistry.ts';
import { ACTIVE_STATES, createRun, latestRunOfKind } from './runLifecycle.ts';
import type { RunKind } from './runTables.ts';

/** Run kinds that write a secret-manager entry; both run the plugin verb `store-ingest-credential`. */
export type SecretDeliveryKind = Extract<RunKind, 'store-ingest-credential' | 'store-agent-join-token'>;
export const SECRET_DELIVERY_KINDS: readonly SecretDeliveryKind[] = [
  'store-ingest-credential',
  'store-agent-join-token',
];
/** The plugin capability and verb every secret delivery runs (its request names entry and property). */
export const SECRET_DELIVERY_VERB = 'store-ingest-credential';
/** The key of the secrets file that holds the token (the request's `ingestCredential.tokenSecretKey`). */
export const DELIVERED_TOKEN_SECRET_KEY = 'csocIngestToken';
/** The key holding the simulator's control token, for the sim plugin's write into its secret manager. */
export const SIMULATOR_TOKEN_SECRET_KEY = 'simulatorToken';

export interface SecretEntry {
  secretName: string;
  property: string;
}

/** The entry and property the ExternalSecret `externalSecretName` of a committed secrets.yaml reads. */
export function renderedSecretEntry(
  secretsYaml: string | undefined,
  externalSecretName: string,
): SecretEntry | undefined {
  for (const document of secretsYaml ? YAML.parseAllDocuments(secretsYaml) : []) {
    const manifest = document.toJSON() as {
      kind?: string;
      metadata?: { name?: string };
      spec?: { data?: Array<{ remoteRef?: { key?: string; property?: string } }> };
    } | null;
    if (manifest?.kind !== 'ExternalSecret' || manifest.metadata?.name !== externalSecretName) continue;
    const reference = manifest.spec?.data?.[0]?.remoteRef;
    if (reference?.key && reference.property)
      return { secretName: reference.key, property: reference.property };
  }
  return undefined;
}

export interface SecretDeliveryRequester {
  id: string;
  email: string;
  name: string;
}

/**
 * Says why the commons' plugin or this CSOC cannot deliver into `entry` (one sentence, `what` names the
 * token), or undefined when it can. Checked before issuing, so no token is made that nobody can store.
 */
export async function whySecretDeliveryCannotRun(
  context: AppContext,
  commons: CommonsTable,
  entry: SecretEntry,
  what: string,
): Promise<string | undefined> {
  const spec = JSON.parse(commons.spec) as CommonsSpec;
  const plugin = await resolvePlugin(context.database, spec.plugin.name, spec.plugin.version!);
  if (!plugin.manifest.capabilities.includes(SECRET_DELIVERY_VERB))
    return `plugin ${plugin.name} ${plugin.version} cannot store the ${what} (no ${SECRET_DELIVERY_VERB} capability); put it into ${entry.secretName} yourself`;
  if (plugin.manifest.clouds.includes('sim') && (!context.simArgoCdUrl || !context.simArgoCdToken))
    return `the simulator is not running in this CSOC, so the simulated secret manager cannot receive the ${what}`;
  return undefined;
}

/**
 * Queues the run that writes `token` into `entry` (sealed until the run ends). `credentialId` names the
 * issued token, which executeRunPhase.ts withdraws by kind when the write fails.
 */
export async function queueSecretDelivery(
  context: AppContext,
  target: {
    orgId: string;
    commons: CommonsTable;
    kind: SecretDeliveryKind;
    entry: SecretEntry;
    token: string;
    credentialId: string;
    /** Why, for the run's first output line (never the token). */
    message: string;
    requestedBy: SecretDeliveryRequester;
  },
): Promise<string> {
  const spec = JSON.parse(target.commons.spec) as CommonsSpec;
  const plugin = await resolvePlugin(context.database, spec.plugin.name, spec.plugin.version!);
  const simulated = plugin.manifest.clouds.includes('sim');
  const run = await createRun(context, {
    orgId: target.orgId,
    commons: target.commons,
    kind: target.kind,
    message: target.message,
    requestedBy: {
      userId: target.requestedBy.id,
      email: target.requestedBy.email,
      displayName: target.requestedBy.name,
      isPlatformAdmin: false,
      via: 'session',
    },
    delivery: {
      credentialId: target.credentialId,
      secrets: {
        [DELIVERED_TOKEN_SECRET_KEY]: target.token,
        ...(simulated ? { [SIMULATOR_TOKEN_SECRET_KEY]: context.simArgoCdToken! } : {}),
      },
      ingestCredential: {
        secretName: target.entry.secretName,
        property: target.entry.property,
        tokenSecretKey: DELIVERED_TOKEN_SECRET_KEY,
        ...(simulated ? { endpoint: context.simArgoCdUrl! } : {}),
      },
    },
  });
  return run.id;
}

/**
 * Waits (polling, bounded by `deadline`) for the delivery run of `kind` queued since `since` to end.
 * Undefined when there is none, or it has not ended by the deadline or the abort (a later follower looks
 * again). `reason` is the run's first result line, which never holds the token.
 */
export async function awaitSecretDelivery(
  context: AppContext,
  target: { commonsId: string; since: string; kind: SecretDeliveryKind },
  options: { signal: AbortSignal; deadline: number; pollMs: number },
): Promise<{ runId: string; stored: boolean; state: string; reason: string } | undefined> {
  while (!options.signal.aborted && Date.now() <= options.deadline) {
    const run = await latestRunOfKind(context.database, target.commonsId, target.kind);
    if (!run || run.createdAt < target.since) return undefined;
    if (!ACTIVE_STATES.includes(run.state))
      return {
        runId: run.id,
        stored: run.state === 'succeeded',
        state: run.state,
        reason: (run.resultMessage ?? run.state).split('\n')[0]!.slice(0, 300),
      };
    // The abort listener goes when the timer fires: a long follow must not pile one up per poll.
    await new Promise<void>((resolve) => {
      const onAbort = () => (clearTimeout(timer), resolve());
      const timer = setTimeout(() => {
        options.signal.removeEventListener('abort', onAbort);
        resolve();
      }, options.pollMs);
      options.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
  return undefined;
}

/**
 * The id of a secret delivery run of the commons queued since `since` that has not ended, if any: while it
 * runs, an application that is Degraded for want of that entry may still heal (ESO refreshes), so the
 * deploy follower does not judge it yet.
 */
export async function secretDeliveryUnderWay(
  context: AppContext,
  commonsId: string,
  since: string,
): Promise<string | undefined> {
  for (const kind of SECRET_DELIVERY_KINDS) {
    const run = await latestRunOfKind(context.database, commonsId, kind);
    if (run && run.createdAt >= since && ACTIVE_STATES.includes(run.state)) return run.id;
  }
  return undefined;
}
