// Looks up an org's cloud account by name without touching its secrets: what other areas (commons,
// runs) need to check a reference.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface CloudAccountSummary {
  id: string;
  name: string;
  kind: string;
  publicFields: Record<string, unknown>;
}

export async function findCloudAccount(
  db: Kysely<Database>,
  orgId: string,
  name: string,
): Promise<CloudAccountSummary | undefined> {
  const row = await db
    .selectFrom('cloud_accounts')
    .select(['id', 'name', 'kind', 'public_fields'])
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        name: row.name,
        kind: row.kind,
        publicFields: JSON.parse(row.public_fields) as Record<string, unknown>,
      }
    : undefined;
}
