// The one place a new user row is shaped, whoever creates it: first start, an admin, an invitation, or a
// first single sign-on.
import { newId } from '@csoc/common';
import { nowIso } from '../db/schema.ts';
import type { UsersTable } from './identityTables.ts';

export interface NewUser {
  email: string;
  displayName: string;
  /** argon2id hash; null for users who sign in only through OpenID Connect. */
  passwordHash: string | null;
  isPlatformAdmin?: boolean;
  mustChangePassword?: boolean;
  oidc?: { issuer: string; subject: string };
}

export function newUserRow(user: NewUser): UsersTable {
  const now = nowIso();
  return {
    id: newId(),
    email: user.email.toLowerCase(),
    display_name: user.displayName,
    password_hash: user.passwordHash,
    is_platform_admin: user.isPlatformAdmin ? 1 : 0,
    must_change_password: user.mustChangePassword ? 1 : 0,
    disabled: 0,
    failed_logins: 0,
    locked_until: null,
    last_login_at: null,
    oidc_issuer: user.oidc?.issuer ?? null,
    oidc_subject: user.oidc?.subject ?? null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
}
