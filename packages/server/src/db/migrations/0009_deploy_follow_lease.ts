// Which CSOC process follows an unfinished deploy, and until when: with several API replicas on one
// database, each deploy is followed by exactly one of them, and another takes over when its lease expires.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deploys').addColumn('follower_id', 'text').execute();
  await db.schema.alterTable('deploys').addColumn('follower_lease_expires_at', 'text').execute();
}
