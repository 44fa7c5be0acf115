// What a run that delivers a secret (kind `store-ingest-credential`) carries from the moment it is queued
// to the moment a worker hands it to the plugin: the secret values, sealed in run_artifacts like a saved
// plan, and the request's `ingestCredential`. Any worker process can claim the run, so it cannot travel in
// memory; it is deleted when the run ends, whatever the outcome, so the token is nowhere at rest after it.
import { newId } from '@csoc/common';
import type { PluginIngestCredential } from '@csoc/plugin-sdk';
import { openBlob, sealBlob } from '../credentials/sealBlob.ts';
import { fromSealedColumns, toSealedColumns } from '../credentials/sealedColumns.ts';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import type { Vault } from '../credentials/createVault.ts';

export interface RunDelivery {
  /** Secret values the plugin gets in its per-invocation secrets file, next to the account's. */
  secrets: Record<string, string>;
  /** The request's `ingestCredential` (where to write; the token is `secrets[tokenSecretKey]`). */
  ingestCredential: PluginIngestCredential;
  /** The ingest credential this run delivers: revoked when the write fails, so the next deploy retries. */
  credentialId: string;
}

const DELIVERY_ARTIFACT = 'delivery.json';
const deliveryBinding = (runId: string) => `run-artifact:${runId}:${DELIVERY_ARTIFACT}`;

/** Seals the delivery of run `runId` (before the run is queued, so no worker sees the run without it). */
export async function sealRunDelivery(
  database: CsocDatabase,
  vault: Vault,
  runId: string,
  delivery: RunDelivery,
): Promise<void> {
  const bytes = Buffer.from(JSON.stringify(delivery));
  const sealed = await sealBlob(vault, deliveryBinding(runId), bytes);
  await database.db
    .insertInto('run_artifacts')
    .values({
      id: newId(),
      run_id: runId,
      name: DELIVERY_ARTIFACT,
      size: bytes.length,
      created_at: nowIso(),
      ...toSealedColumns(sealed),
    })
    .execute();
}

/** The delivery of a run, or undefined when it has none (never had, or already ended). */
export async function openRunDelivery(
  database: CsocDatabase,
  vault: Vault,
  runId: string,
): Promise<RunDelivery | undefined> {
  const artifact = await database.db
    .selectFrom('run_artifacts')
    .selectAll()
    .where('run_id', '=', runId)
    .where('name', '=', DELIVERY_ARTIFACT)
    .executeTakeFirst();
  if (!artifact) return undefined;
  const bytes = await openBlob(vault, deliveryBinding(runId), fromSealedColumns(artifact));
  return JSON.parse(bytes.toString('utf8')) as RunDelivery;
}

/** Forgets the delivery of a run that ended (or will never run). */
export async function deleteRunDelivery(database: CsocDatabase, runId: string): Promise<void> {
  await database.db
    .deleteFrom('run_artifacts')
    .where('run_id', '=', runId)
    .where('name', '=', DELIVERY_ARTIFACT)
    .execute();
}
