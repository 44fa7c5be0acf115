// The rules every change to an org's memberships keeps, whoever makes it (the member routes or a single
// sign-on): changes to one org run one at a time, and no change leaves an org without an owner.
import type { OrgRole } from '@csoc/common/access';
import type { Kysely } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { Database } from '../db/schema.ts';
import { serializedTransaction } from '../db/serializedTransaction.ts';

/**
 * Runs `work` alone among the membership changes of one org, in every process sharing the database, so
 * that two concurrent demotions cannot both see another owner and both pass the last-owner rule.
 */
export function withOrgMembershipLock<T>(
  database: CsocDatabase,
  orgId: string,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return serializedTransaction(database, `org-members:${orgId}`, work);
}

/**
 * Whether moving a member of `orgId` from `fromRole` to `toRole` (null: removing the membership) would
 * leave the org without an owner. Call it inside {@link withOrgMembershipLock} with its executor.
 *
 * @example
 * if (await removesLastOwner(trx, orgId, member.role, null)) throw new ConflictError(...);
 */
export async function removesLastOwner(
  executor: Kysely<Database>,
  orgId: string,
  fromRole: OrgRole,
  toRole: OrgRole | null,
): Promise<boolean> {
  if (fromRole !== 'owner' || toRole === 'owner') return false;
  const row = await executor
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('owners'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.owners) <= 1;
}
