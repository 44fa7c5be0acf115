// What other areas may read of orgs and users, by id: an org's slug, a person's name for a commit author.
// The identity area owns these tables; others call here instead of querying them.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The slug of an org that must exist (a row that refers to it holds its id). */
export async function orgSlugOf(db: Kysely<Database>, orgId: string): Promise<string> {
  const org = await db.selectFrom('orgs').select('slug').where('id', '=', orgId).executeTakeFirstOrThrow();
  return org.slug;
}

/** How a user signs a Git commit; a deleted user's commits are signed by CSOC itself. */
export async function commitAuthorOf(
  db: Kysely<Database>,
  userId: string,
): Promise<{ name: string; email: string }> {
  const user = await db
    .selectFrom('users')
    .select(['email', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirst();
  const email = user?.email ?? 'csoc@localhost';
  return { name: user?.display_name || email, email };
}
