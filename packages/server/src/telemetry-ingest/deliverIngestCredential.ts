// Delivers a commons' OTLP ingest credential at deploy time (docs/adr/0040): when the commons has no
// working credential, CSOC issues one and queues a run of kind `store-ingest-credential`, which hands the
// token to the IaC plugin's verb of that name in the per-invocation secrets file; the plugin writes it into
// the cloud's secret manager entry the deploy's ExternalSecret reads. The token is in the run's sealed
// delivery only until the run ends; a write that fails revokes the credential (executeRunPhase.ts), so the
// next deploy issues a new one. Nothing here prints, logs or audits the token.
import type { CommonsSpec } from '@csoc/common';
import YAML from 'yaml';
import { appendAuditEvent } from '../audit/auditLog.ts';
import type { CommonsTable } from '../commons/commonsTables.ts';
import { TELEMETRY_INGEST_SECRET } from '../gitops/rendering/renderTelemetryAgent.ts';
import type { AppContext } from '../http/appContext.ts';
import { resolvePlugin } from '../plugins/pluginRegistry.ts';
import { ACTIVE_STATES, createRun, latestRunOfKind } from '../runs/runLifecycle.ts';
import {
  ingestCredentialOf,
  issueIngestCredential,
  revokeIngestCredentialIfCurrent,
} from './ingestCredentials.ts';

export const DELIVERY_RUN_KIND = 'store-ingest-credential';
/** The key of the secrets file that holds the token (the request's `ingestCredential.tokenSecretKey`). */
export const INGEST_TOKEN_SECRET_KEY = 'csocIngestToken';
/** The key holding the simulator's control token, for the sim plugin's write into its secret manager. */
export const SIMULATOR_TOKEN_SECRET_KEY = 'simulatorToken';

/** The entry and property the committed secrets.yaml's ExternalSecret reads the token from, if it has one. */
export function renderedIngestSecret(
  secretsYaml: string | undefined,
): { secretName: string; property: string } | undefined {
  for (const document of secretsYaml ? YAML.parseAllDocuments(secretsYaml) : []) {
    const manifest = document.toJSON() as {
      kind?: string;
      metadata?: { name?: string };
      spec?: { data?: Array<{ remoteRef?: { key?: string; property?: string } }> };
    } | null;
    if (manifest?.kind !== 'ExternalSecret' || manifest.metadata?.name !== TELEMETRY_INGEST_SECRET) continue;
    const reference = manifest.spec?.data?.[0]?.remoteRef;
    if (reference?.key && reference.property)
      return { secretName: reference.key, property: reference.property };
  }
  return undefined;
}

export interface IngestDeliveryTarget {
  orgId: string;
  orgSlug: string;
  commons: CommonsTable;
  /** The secrets.yaml the deploy committed (its ExternalSecret names the entry). */
  secretsYaml: string | undefined;
  requestedBy: { id: string; email: string; name: string };
}

export interface IngestDeliveryStart {
  /** The delivery run queued now, or already under way. */
  runId?: string;
  /** One sentence for the deploy's timeline. */
  message: string;
}

/**
 * Issues the credential and queues its delivery run when the commons has none that works; otherwise says
 * why nothing is issued. Undefined when the deploy rendered no telemetry agent (nothing reads a token).
 */
export async function startIngestCredentialDelivery(
  context: AppContext,
  target: IngestDeliveryTarget,
): Promise<IngestDeliveryStart | undefined> {
  const entry = renderedIngestSecret(target.secretsYaml);
  if (!entry) return undefined;
  const { commons } = target;
  const { database } = context;
  const spec = JSON.parse(commons.spec) as CommonsSpec;
  const plugin = await resolvePlugin(database, spec.plugin.name, spec.plugin.version!);
  if (!plugin.manifest.capabilities.includes(DELIVERY_RUN_KIND)) {
    return {
      message: `telemetry: plugin ${plugin.name} ${plugin.version} cannot store the ingest credential (no ${DELIVERY_RUN_KIND} capability); put it into ${entry.secretName} yourself`,
    };
  }
  const existing = await ingestCredentialOf(database.db, commons.id);
  const last = await latestRunOfKind(database, commons.id, DELIVERY_RUN_KIND);
  if (existing && last && ACTIVE_STATES.includes(last.state))
    return { runId: last.id, message: `telemetry: run ${last.id} is storing the ingest credential` };
  // A credential whose last delivery did not end stored was revoked by it, or is one nobody holds: only
  // one issued by hand (no delivery) or stored by a delivery is kept.
  if (existing && (!last || last.state === 'succeeded' || last.createdAt < existing.created_at))
    return {
      message: `telemetry: the commons' ingest credential (issued ${existing.created_at}) is kept; none issued`,
    };

  const simulated = plugin.manifest.clouds.includes('sim');
  if (simulated && (!context.simArgoCdUrl || !context.simArgoCdToken))
    return {
      message: `telemetry: the simulator is not running in this CSOC, so the simulated secret manager cannot receive the ingest credential`,
    };
  const issued = await issueIngestCredential(
    database.db,
    { orgId: target.orgId, commonsId: commons.id },
    `deploy (${target.requestedBy.email})`,
  );
  let runId: string;
  try {
    const run = await createRun(context, {
      orgId: target.orgId,
      commons,
      kind: DELIVERY_RUN_KIND,
      message: `store the OTLP ingest credential in ${entry.secretName} for the telemetry agent`,
      requestedBy: {
        userId: target.requestedBy.id,
        email: target.requestedBy.email,
        displayName: target.requestedBy.name,
        isPlatformAdmin: false,
        via: 'session',
      },
      delivery: {
        credentialId: issued.id,
        secrets: {
          [INGEST_TOKEN_SECRET_KEY]: issued.token,
          ...(simulated ? { [SIMULATOR_TOKEN_SECRET_KEY]: context.simArgoCdToken! } : {}),
        },
        ingestCredential: {
          secretName: entry.secretName,
          property: entry.property,
          tokenSecretKey: INGEST_TOKEN_SECRET_KEY,
          ...(simulated ? { endpoint: context.simArgoCdUrl! } : {}),
        },
      },
    });
    runId = run.id;
  } catch (error) {
    await revokeIngestCredentialIfCurrent(database.db, commons.id, issued.id);
    return {
      message: `telemetry: the ingest credential was not delivered (${(error as Error).message}); the next deploy tries again`,
    };
  }
  await appendAuditEvent(database, {
    actorKind: 'user',
    actorId: target.requestedBy.id,
    actorLabel: target.requestedBy.email,
    orgId: target.orgId,
    action: 'telemetry.credential.deliver',
    target: `orgs/${target.orgSlug}/commons/${commons.name}/telemetry/credential`,
    outcome: 'success',
    summary: { run: runId, entry: entry.secretName, rotated: issued.rotated },
  });
  return {
    runId,
    message: `telemetry: issued the commons' ingest credential; run ${runId} stores it in ${entry.secretName}`,
  };
}

/**
 * Waits (polling, bounded by `deadline`) for the delivery run queued since `since` to end, and says how it
 * ended in one sentence for the deploy's timeline. Undefined when there is none, or it has not ended by
 * the deadline or the abort (a later follower looks again).
 */
export async function awaitIngestDelivery(
  context: AppContext,
  target: { commonsId: string; since: string },
  options: { signal: AbortSignal; deadline: number; pollMs: number },
): Promise<{ runId: string; stored: boolean; message: string } | undefined> {
  while (!options.signal.aborted && Date.now() <= options.deadline) {
    const run = await latestRunOfKind(context.database, target.commonsId, DELIVERY_RUN_KIND);
    if (!run || run.createdAt < target.since) return undefined;
    if (!ACTIVE_STATES.includes(run.state)) {
      const stored = run.state === 'succeeded';
      const reason = (run.resultMessage ?? run.state).split('\n')[0]!.slice(0, 300);
      return {
        runId: run.id,
        stored,
        message: stored
          ? `telemetry: run ${run.id} stored the ingest credential; the agent exports with it once its ExternalSecret refreshes`
          : `telemetry: the ingest credential was not stored (run ${run.id} ${run.state}: ${reason}); it was revoked and the next deploy issues a new one — Gen3 itself is not affected`,
      };
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollMs);
      options.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
  return undefined;
}
