// What the run engine tells the commons area after an apply: the plugin outputs and whether the
// infrastructure now exists.
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';

export async function recordInfrastructure(
  database: CsocDatabase,
  commonsId: string,
  change: { status: 'provisioned' | 'destroyed'; outputs?: Record<string, unknown> },
): Promise<void> {
  await database.db
    .updateTable('commons')
    .set({
      infra_status: change.status,
      outputs: JSON.stringify(change.status === 'destroyed' ? {} : (change.outputs ?? {})),
      updated_at: nowIso(),
    })
    .where('id', '=', commonsId)
    .execute();
}
