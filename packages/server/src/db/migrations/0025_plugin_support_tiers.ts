// Support tiers (ADR 0059): plugins are core, community or experimental. Rows installed before the tiers
// say "official", which is now core. The column has no CHECK constraint (0005), so only the data changes;
// the stored manifests keep the tier their authors wrote, which the SDK still accepts as an alias.
import { type Kysely, sql } from 'kysely';

// Contract (ADR 0064): the previous CSOC knows only 'official' and 'community' and cannot read 'core'.
export const compatibility = 'contract';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE plugins SET tier = 'core' WHERE tier = 'official'`.execute(db);
}
