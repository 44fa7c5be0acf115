// Master-key rotation for the tables that store sealed bytes (state versions, saved plans): re-wraps each
// row's data key; the ciphertext is untouched. Same guarantees as for cloud accounts: batches, each row
// guarded by the wrapped key it was read with, unreadable keys reported, nothing dropped.
import type { Kysely } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { EnvelopeError, rewrapSecret } from './envelope.ts';
import type { MasterKey } from './masterKeyring.ts';
import { fromSealedColumns } from './sealedColumns.ts';

interface SealedTable {
  table: 'state_versions' | 'run_artifacts' | 'alert_channels' | 'telemetry_forwarders';
  /** The record binding used when the bytes were sealed. */
  bindingOf(row: Record<string, unknown>): string;
  extraColumns: string[];
}

export const SEALED_BLOB_TABLES: SealedTable[] = [
  { table: 'state_versions', bindingOf: (row) => `state-version:${String(row.id)}`, extraColumns: [] },
  {
    table: 'run_artifacts',
    bindingOf: (row) => `run-artifact:${String(row.run_id)}:${String(row.name)}`,
    extraColumns: ['run_id', 'name'],
  },
  // Alert channel secrets (alerts/alertChannels.ts); their fingerprint keeps the old key's until next set.
  { table: 'alert_channels', bindingOf: (row) => `alert-channel:${String(row.id)}`, extraColumns: [] },
  // An org's OTLP forwarding headers (telemetry-ingest/otlpForwarder.ts), bound to the org.
  {
    table: 'telemetry_forwarders',
    bindingOf: (row) => `telemetry-forwarder:${String(row.org_id)}`,
    extraColumns: ['org_id'],
  },
];

export interface BlobPassResult {
  rewrapped: number;
  raced: number;
  unreadable: Map<string, number>;
  /** Rows whose data key does not unwrap with the key they name (tampered). */
  broken: string[];
}

export async function rewrapSealedBlobsPass(
  database: CsocDatabase,
  keys: ReadonlyMap<string, MasterKey>,
  target: MasterKey,
  batchSize: number,
): Promise<BlobPassResult> {
  const result: BlobPassResult = { rewrapped: 0, raced: 0, unreadable: new Map(), broken: [] };
  const db = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  for (const spec of SEALED_BLOB_TABLES) {
    let afterId = '';
    for (;;) {
      const rows = await db
        .selectFrom(spec.table)
        .select([
          'id',
          'sealed_ciphertext',
          'sealed_iv',
          'sealed_tag',
          'sealed_wrapped_key',
          'sealed_key_id',
          ...spec.extraColumns,
        ])
        .where('sealed_key_id', '!=', target.id)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (rows.length === 0) break;
      afterId = String(rows[rows.length - 1]!.id);
      const updates: Array<{ id: string; oldWrappedKey: string; oldKeyId: string; wrappedKey: string }> = [];
      for (const row of rows) {
        const keyId = String(row.sealed_key_id);
        const from = keys.get(keyId);
        if (!from) {
          result.unreadable.set(keyId, (result.unreadable.get(keyId) ?? 0) + 1);
          continue;
        }
        try {
          const rewrapped = rewrapSecret(fromSealedColumns(row as never), spec.bindingOf(row), from, target);
          updates.push({
            id: String(row.id),
            oldWrappedKey: String(row.sealed_wrapped_key),
            oldKeyId: keyId,
            wrappedKey: rewrapped.wrappedKey,
          });
        } catch (error) {
          if (!(error instanceof EnvelopeError)) throw error;
          result.broken.push(`${spec.table}/${String(row.id)}`);
        }
      }
      if (updates.length === 0) continue;
      await db.transaction().execute(async (trx) => {
        for (const update of updates) {
          const written = await trx
            .updateTable(spec.table)
            .set({ sealed_wrapped_key: update.wrappedKey, sealed_key_id: target.id })
            .where('id', '=', update.id)
            .where('sealed_key_id', '=', update.oldKeyId)
            .where('sealed_wrapped_key', '=', update.oldWrappedKey)
            .executeTakeFirst();
          if (Number(written.numUpdatedRows) === 1) result.rewrapped += 1;
          else result.raced += 1;
        }
      });
    }
  }
  return result;
}
