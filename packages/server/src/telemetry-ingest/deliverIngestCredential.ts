// Delivers a commons' OTLP ingest credential at deploy time (docs/adr/0040): when the commons has no
// working credential, CSOC issues one and queues a run of kind `store-ingest-credential`, which hands the
// token to the IaC plugin's verb of that name in the per-invocation secrets file; the plugin writes it into
// the cloud's secret manager entry the deploy's ExternalSecret reads. The token is in the run's sealed
// delivery only until the run ends; a write that fails revokes the credential (executeRunPhase.ts), so the
// next deploy issues a new one. Nothing here prints, logs or audits the token. The run and its wait are the
// mechanism the csoc-agent join token shares (runs/secretEntryDelivery.ts, ADR 0074).
import { appendAuditEvent } from '../audit/auditLog.ts';
import type { CommonsTable } from '../commons/commonsTables.ts';
import { TELEMETRY_INGEST_SECRET } from '../gitops/rendering/renderTelemetryAgent.ts';
import type { AppContext } from '../http/appContext.ts';
import { ACTIVE_STATES, latestRunOfKind } from '../runs/runLifecycle.ts';
import {
  awaitSecretDelivery,
  queueSecretDelivery,
  renderedSecretEntry,
  whySecretDeliveryCannotRun,
} from '../runs/secretEntryDelivery.ts';
import {
  ingestCredentialOf,
  issueIngestCredential,
  revokeIngestCredentialIfCurrent,
} from './ingestCredentials.ts';

export const DELIVERY_RUN_KIND = 'store-ingest-credential' as const;

/** The entry and property the committed secrets.yaml's ExternalSecret reads the token from, if it has one. */
export const renderedIngestSecret = (secretsYaml: string | undefined) =>
  renderedSecretEntry(secretsYaml, TELEMETRY_INGEST_SECRET);

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
  const cannot = await whySecretDeliveryCannotRun(context, commons, entry, 'ingest credential');
  if (cannot) return { message: `telemetry: ${cannot}` };
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

  const issued = await issueIngestCredential(
    database.db,
    { orgId: target.orgId, commonsId: commons.id },
    `deploy (${target.requestedBy.email})`,
  );
  let runId: string;
  try {
    runId = await queueSecretDelivery(context, {
      orgId: target.orgId,
      commons,
      kind: DELIVERY_RUN_KIND,
      entry,
      token: issued.token,
      credentialId: issued.id,
      message: `store the OTLP ingest credential in ${entry.secretName} for the telemetry agent`,
      requestedBy: target.requestedBy,
    });
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
  const run = await awaitSecretDelivery(context, { ...target, kind: DELIVERY_RUN_KIND }, options);
  if (!run) return undefined;
  return {
    runId: run.runId,
    stored: run.stored,
    message: run.stored
      ? `telemetry: run ${run.runId} stored the ingest credential; the agent exports with it once its ExternalSecret refreshes`
      : `telemetry: the ingest credential was not stored (run ${run.runId} ${run.state}: ${run.reason}); it was revoked and the next deploy issues a new one — Gen3 itself is not affected`,
  };
}
