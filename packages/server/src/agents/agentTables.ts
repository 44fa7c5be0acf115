// Tables owned by agents/ (migration 0027): join tokens and enrolled csoc-agents. Secrets are kept only as
// sha256 hashes; the agent's private key never leaves its cluster.

export interface AgentJoinTokensTable {
  id: string;
  org_id: string;
  commons_id: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by_agent_id: string | null;
}

export type AgentStatus = 'active' | 'revoked';

export interface AgentsTable {
  id: string;
  org_id: string;
  commons_id: string;
  /** SPKI PEM of the agent's Ed25519 public key; credential requests are verified with it. */
  public_key_pem: string;
  status: AgentStatus;
  version: string | null;
  enrolled_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_seen_at: string | null;
  last_credential_iat: number | string;
  credential_hash: string | null;
  credential_expires_at: string | null;
}

export interface AgentTables {
  agent_join_tokens: AgentJoinTokensTable;
  agents: AgentsTable;
}
