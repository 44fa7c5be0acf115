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

export interface IdentityTables {
  orgs: OrgsTable;
  users: UsersTable;
  sessions: SessionsTable;
}
