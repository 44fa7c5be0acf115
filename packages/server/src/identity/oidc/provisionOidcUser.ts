// What a successful OpenID Connect sign-in does to CSOC's users: finds the user by (issuer, subject),
// links a local account with the same verified email (with its holder's consent), or creates one just in time; then brings the
// user's provider-granted ('oidc') memberships and platform-admin flag in line with the claims.
// Memberships managed in CSOC ('local') are never touched, and no org loses its last owner.
import { newUserRow } from '../newUserRow.ts';
import { newId } from '@csoc/common';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { OrgRole } from '@csoc/common/access';
import type { CsocDatabase } from '../../db/createDatabase.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/schema.ts';
import { revokeUserApiTokens } from '../apiTokens.ts';
import { revokeUserSessions } from '../sessionStore.ts';
import { serializedTransaction } from '../../db/serializedTransaction.ts';
import { ConflictError, ForbiddenError } from '../../errors.ts';
import type { UsersTable } from '../identityTables.ts';
import { removesLastOwner, withOrgMembershipLock } from '../memberships.ts';
import type { DesiredAccess, RoleMapping } from './roleMapping.ts';

export interface OidcIdentity {
  issuer: string;
  subject: string;
  /** Lower case; undefined when the provider sent none. */
  email: string | undefined;
  emailVerified: boolean;
  displayName: string | undefined;
}

/** Reads the identity fields CSOC keeps from validated claims. */
export function identityFromClaims(
  claims: Record<string, unknown> & { iss: string; sub: string },
): OidcIdentity {
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  const fullName = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email: text(claims.email)?.toLowerCase(),
    // Some providers send the string "true"; anything else is not a verification.
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    displayName: (text(claims.name) ?? (fullName || undefined) ?? text(claims.preferred_username))?.slice(
      0,
      200,
    ),
  };
}

/** How a local account came to be linked to a provider identity, for the audit log. */
export type OidcLink = { userId: string; consent: 'password-session' | 'admin-setting' };

export interface FindOrCreateOidcUserOptions {
  /**
   * The user of a live session in the browser that finished this sign-in: proof that the person also holds
   * that account's password, which lets a local account with the same verified email be linked.
   */
  signedInUserId?: string;
  /** CSOC_OIDC_LINK_BY_EMAIL: link a local account to a verified email without that proof. */
  linkByVerifiedEmail: boolean;
  logger: Logger;
}

/**
 * The user behind an OIDC identity: found by (issuer, subject); else the local account with the same
 * verified email, linked only with its holder's consent (a password session in the same browser) or when
 * an admin turned CSOC_OIDC_LINK_BY_EMAIL on; else a new SSO-only user. No account is ever created,
 * linked or renamed to an email the provider does not mark as verified: whoever holds an account under an
 * address receives what is granted to that address (memberships by email, invitations).
 */
export async function findOrCreateOidcUser(
  db: Kysely<Database>,
  identity: OidcIdentity,
  options: FindOrCreateOidcUserOptions,
): Promise<{ user: UsersTable; linked?: OidcLink }> {
  const { logger } = options;
  const linked = await db
    .selectFrom('users')
    .selectAll()
    .where('oidc_issuer', '=', identity.issuer)
    .where('oidc_subject', '=', identity.subject)
    .executeTakeFirst();
  if (linked) return { user: await refreshProfile(db, linked, identity, logger) };

  if (!identity.email) {
    throw new ForbiddenError(
      'The identity provider sent no email address for this account, and CSOC needs one. Ask the provider admin to release the email claim (the "email" scope) to CSOC.',
      'oidc_no_email',
    );
  }
  if (!identity.emailVerified) {
    throw new ForbiddenError(
      `The identity provider does not mark your email ${identity.email} as verified, and CSOC signs people in only under verified addresses (anyone can type someone else's address at a provider). Verify the email at the identity provider, then sign in again.`,
      'oidc_email_unverified',
    );
  }
  const sameEmail = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', identity.email)
    .executeTakeFirst();
  if (sameEmail) {
    if (sameEmail.oidc_subject !== null) {
      throw new ConflictError(
        `The CSOC account ${identity.email} is already linked to a different single sign-on identity; ask a platform admin to sort out the duplicate.`,
        'oidc_identity_conflict',
      );
    }
    const consent =
      options.signedInUserId === sameEmail.id
        ? ('password-session' as const)
        : options.linkByVerifiedEmail
          ? ('admin-setting' as const)
          : undefined;
    if (!consent) {
      throw new ConflictError(
        `A CSOC account with the email ${identity.email} already exists, and CSOC links it to single sign-on only with its holder's consent. Sign in to CSOC with that account's password, then choose single sign-on in the same browser; if you cannot use the password (SSO-only mode), ask a platform admin.`,
        'oidc_link_required',
      );
    }
    // From now on the provider governs the account: the password stops working (so disabling someone at
    // the provider locks them out), and sessions opened with it end.
    const changes = {
      oidc_issuer: identity.issuer,
      oidc_subject: identity.subject,
      password_hash: null,
      must_change_password: 0,
      updated_at: nowIso(),
      version: sameEmail.version + 1,
    };
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set(changes).where('id', '=', sameEmail.id).execute();
      await revokeUserSessions(trx, sameEmail.id, { now: changes.updated_at });
    });
    logger.info(
      { userId: sameEmail.id, issuer: identity.issuer, consent },
      'linked a local account to its single sign-on identity',
    );
    return { user: { ...sameEmail, ...changes }, linked: { userId: sameEmail.id, consent } };
  }

  const user = newUserRow({
    email: identity.email,
    displayName: identity.displayName ?? identity.email,
    passwordHash: null,
    oidc: { issuer: identity.issuer, subject: identity.subject },
  });
  try {
    await db.insertInto('users').values(user).execute();
  } catch (error) {
    // The same person's first sign-in finishing at the same moment on another replica.
    const again = await db
      .selectFrom('users')
      .selectAll()
      .where('oidc_issuer', '=', identity.issuer)
      .where('oidc_subject', '=', identity.subject)
      .executeTakeFirst();
    if (again) return { user: again };
    throw error;
  }
  logger.info({ userId: user.id, issuer: identity.issuer }, 'created a user at first single sign-on');
  return { user };
}

/**
 * Follows the provider's name and email for an already linked user, unless the new email is unverified or
 * someone else's.
 */
async function refreshProfile(
  db: Kysely<Database>,
  user: UsersTable,
  identity: OidcIdentity,
  logger: Logger,
) {
  const changes: Partial<UsersTable> = {};
  if (identity.displayName && identity.displayName !== user.display_name)
    changes.display_name = identity.displayName;
  if (identity.email && identity.email !== user.email && !identity.emailVerified) {
    logger.warn(
      { userId: user.id },
      'the provider reports a new email that it does not mark as verified; keeping the old one',
    );
  } else if (identity.email && identity.email !== user.email) {
    const taken = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', identity.email)
      .executeTakeFirst();
    if (taken)
      logger.warn(
        { userId: user.id },
        'the provider reports an email another CSOC user has; keeping the old one',
      );
    else changes.email = identity.email;
  }
  if (Object.keys(changes).length === 0) return user;
  const updated = { ...user, ...changes, updated_at: nowIso(), version: user.version + 1 };
  await db
    .updateTable('users')
    .set({ ...changes, updated_at: updated.updated_at, version: updated.version })
    .where('id', '=', user.id)
    .execute();
  return updated;
}

export interface MembershipChange {
  org: string;
  from: OrgRole | null;
  to: OrgRole | null;
}

/**
 * Adds, changes and removes the user's 'oidc' memberships to match `desired` (org slug → role). Each org
 * is changed under the same per-org lock as the member routes, so the last-owner check holds.
 */
export async function syncOidcMemberships(
  database: CsocDatabase,
  userId: string,
  desired: Map<string, OrgRole>,
  logger: Logger,
): Promise<MembershipChange[]> {
  const db = database.db;
  const wantedSlugs = [...desired.keys()];
  const orgs = wantedSlugs.length
    ? await db.selectFrom('orgs').select(['id', 'slug']).where('slug', 'in', wantedSlugs).execute()
    : [];
  for (const slug of wantedSlugs) {
    if (!orgs.some((org) => org.slug === slug)) {
      logger.warn(
        { org: slug },
        'the OIDC role mapping names an organization that does not exist; create it or fix CSOC_OIDC_ROLE_MAPPING',
      );
    }
  }
  const current = await db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
    .select(['orgs.id as id', 'orgs.slug as slug'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.source', '=', 'oidc')
    .execute();
  const affected = new Map<string, string>();
  for (const org of [...orgs, ...current]) affected.set(org.id, org.slug);

  const changes: MembershipChange[] = [];
  for (const [orgId, slug] of affected) {
    const want = desired.get(slug) ?? null;
    const change = await withOrgMembershipLock(database, orgId, async (trx) => {
      const existing = await trx
        .selectFrom('memberships')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const now = nowIso();
      if (!existing) {
        if (!want) return undefined;
        await trx
          .insertInto('memberships')
          .values({
            id: newId(),
            org_id: orgId,
            user_id: userId,
            role: want,
            source: 'oidc',
            created_at: now,
            updated_at: now,
            version: 1,
          })
          .execute();
        return { org: slug, from: null, to: want };
      }
      if (existing.source !== 'oidc' || existing.role === want) return undefined;
      if (await removesLastOwner(trx, orgId, existing.role, want)) {
        logger.warn(
          { org: slug, userId },
          'not demoting the last owner of an organization from single sign-on claims',
        );
        return undefined;
      }
      if (want) {
        await trx
          .updateTable('memberships')
          .set({ role: want, updated_at: now, version: existing.version + 1 })
          .where('id', '=', existing.id)
          .execute();
      } else {
        await trx.deleteFrom('memberships').where('id', '=', existing.id).execute();
        // As in the member routes: tokens made for an org stop working with the membership.
        await revokeUserApiTokens(trx, userId, { orgId, now });
      }
      return { org: slug, from: existing.role, to: want };
    });
    if (change) changes.push(change);
  }
  return changes;
}

/**
 * Sets the platform-admin flag from the claims when the mapping names platformAdminValues: granted when
 * a value matches, taken away when none does — but never from the last enabled platform admin.
 */
export async function syncPlatformAdmin(
  database: CsocDatabase,
  user: UsersTable,
  access: DesiredAccess,
  mapping: RoleMapping,
  logger: Logger,
): Promise<boolean> {
  const isAdmin = user.is_platform_admin === 1;
  if (access.platformAdmin === isAdmin || mapping.platformAdminValues.length === 0) return isAdmin;
  return serializedTransaction(database, 'platform-admins', async (trx) => {
    if (!access.platformAdmin) {
      const row = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('admins'))
        .where('is_platform_admin', '=', 1)
        .where('disabled', '=', 0)
        .executeTakeFirstOrThrow();
      if (Number(row.admins) <= 1) {
        logger.warn(
          { userId: user.id },
          'not removing the last platform admin although the provider claims no longer grant it',
        );
        return true;
      }
    }
    await trx
      .updateTable('users')
      .set({
        is_platform_admin: access.platformAdmin ? 1 : 0,
        updated_at: nowIso(),
        version: user.version + 1,
      })
      .where('id', '=', user.id)
      .execute();
    logger.info(
      { userId: user.id, platformAdmin: access.platformAdmin },
      'platform admin flag set from single sign-on claims',
    );
    return access.platformAdmin;
  });
}
