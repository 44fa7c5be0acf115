// Tables owned by agents/ (migrations 0027, 0029): join tokens, enrolled csoc-agents, API replicas and which
// replica holds each agent's connection. Secrets are kept only as sha256 hashes; the agent's private key
// never leaves its cluster.

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

/** An API replica that may hold agent connections (migration 0029): where other replicas reach it. */
export interface CsocReplicasTable {
  id: string;
  /** Internal base URL (CSOC_REPLICA_URL), e.g. http://<pod IP>:8080. */
  url: string;
  started_at: string;
  /** Renewed every few seconds while the replica runs; a stale one is taken as gone. */
  seen_at: string;
}

/** Which replica holds an agent's WebSocket; the epoch grows with each connection of the agent. */
export interface AgentConnectionsTable {
  agent_id: string;
  commons_id: string;
  replica_id: string;
  epoch: number | string;
  connected_at: string;
}

export interface AgentTables {
  agent_join_tokens: AgentJoinTokensTable;
  agents: AgentsTable;
  csoc_replicas: CsocReplicasTable;
  agent_connections: AgentConnectionsTable;
}
