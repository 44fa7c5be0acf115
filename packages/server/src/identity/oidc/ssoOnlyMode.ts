// What turning CSOC_SSO_ONLY on means for accounts that exist already: users without a single sign-on
// identity can no longer sign in, so their sessions and API tokens end too, and the operators hear who
// is locked out (above all a platform admin, such as the first one from CSOC_ADMIN_EMAIL).
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/schema.ts';
import type { RoleMapping } from './roleMapping.ts';
import { forgetVerifiedSessions } from '../sessionStore.ts';

export interface SsoOnlyModeReport {
  revokedSessions: number;
  revokedTokens: number;
  /** Emails of enabled platform admins who cannot sign in any more. */
  lockedOutAdmins: string[];
}

/**
 * Revokes the live sessions and API tokens of every user without a single sign-on identity, and warns
 * about platform admins who are locked out. Idempotent: every replica runs it at start in SSO-only mode.
 */
export async function enforceSsoOnlyMode(
  db: Kysely<Database>,
  mapping: RoleMapping,
  logger: Logger,
): Promise<SsoOnlyModeReport> {
  const localUsers = db.selectFrom('users').select('id').where('oidc_subject', 'is', null);
  const now = nowIso();
  const { revokedSessions, revokedTokens } = await db.transaction().execute(async (trx) => {
    const sessions = await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('user_id', 'in', localUsers)
      .executeTakeFirst();
    const tokens = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('revoked_at', 'is', null)
      .where('user_id', 'in', localUsers)
      .executeTakeFirst();
    return {
      revokedSessions: Number(sessions.numUpdatedRows),
      revokedTokens: Number(tokens.numUpdatedRows),
    };
  });
  forgetVerifiedSessions();
  if (revokedSessions > 0 || revokedTokens > 0) {
    logger.warn(
      { revokedSessions, revokedTokens },
      'SSO-only mode: revoked the sessions and API tokens of users without a single sign-on identity (they can no longer sign in)',
    );
  }
  const admins = await db
    .selectFrom('users')
    .select(['email', 'oidc_subject'])
    .where('is_platform_admin', '=', 1)
    .where('disabled', '=', 0)
    .execute();
  const lockedOutAdmins = admins.filter((admin) => admin.oidc_subject === null).map((admin) => admin.email);
  for (const email of lockedOutAdmins) {
    logger.warn(
      { email },
      `SSO-only mode: the platform admin ${email} has no single sign-on identity and can no longer sign in. Link it (sign in with its password and then through the provider, with CSOC_SSO_ONLY=false), set CSOC_OIDC_LINK_BY_EMAIL=true, or map a provider group to platformAdminValues`,
    );
  }
  if (lockedOutAdmins.length === admins.length && mapping.platformAdminValues.length === 0) {
    logger.error(
      'SSO-only mode: no platform admin can sign in and CSOC_OIDC_ROLE_MAPPING has no platformAdminValues, so nobody can administer this CSOC',
    );
  }
  return { revokedSessions, revokedTokens, lockedOutAdmins };
}
