// Tables owned by the identity area: organizations, users and browser sessions.

export interface OrgsTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UsersTable {
  id: string;
  /** Always lower case. */
  email: string;
  display_name: string;
  /** argon2id PHC string; null for SSO-only users. */
  password_hash: string | null;
  is_platform_admin: number;
  must_change_password: number;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  /** Set for users who signed in through OpenID Connect. */
  oidc_issuer: string | null;
  oidc_subject: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SessionsTable {
  /** sha256 of the cookie value; the cookie itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  source_ip: string | null;
  user_agent: string | null;
}

export interface MembershipsTable {
  id: string;
  org_id: string;
  user_id: string;
  role: 'owner' | 'admin' | 'operator' | 'viewer';
  /** 'local' for memberships managed in CSOC, 'oidc' for ones granted by an identity provider's claims. */
  source: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface InvitationsTable {
  id: string;
  org_id: string;
  email: string;
  role: 'owner' | 'admin' | 'operator' | 'viewer';
  /** sha256 of the single-use link token. */
  token_hash: string;
  expires_at: string;
  created_by: string;
  created_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  org_id: string;
  role: 'owner' | 'admin' | 'operator' | 'viewer';
  name: string;
  /** sha256 of the token; the token itself is shown once at creation. */
  token_hash: string;
  /** The first characters of the token, to recognise it in a list. */
  token_prefix: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

/** A login through an OpenID provider in progress: state, nonce and PKCE verifier, kept server-side. */
export interface OidcLoginsTable {
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: string;
  expires_at: string;
}

/** An org's settings, once someone changed one (identity/orgSettings.ts); no row means the defaults. */
export interface OrgSettingsTable {
  org_id: string;
  /** 1: a prod stage of a wave, and a run of a prod commons, need a second person to approve. */
  require_second_approver_for_prod: number;
  updated_by: string;
  updated_at: string;
  version: number;
}

export interface IdentityTables {
  orgs: OrgsTable;
  org_settings: OrgSettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  api_tokens: ApiTokensTable;
  oidc_logins: OidcLoginsTable;
}
