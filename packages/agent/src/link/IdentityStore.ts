// Where the agent keeps its identity between restarts (its id and Ed25519 private key), so a restarted
// pod reconnects without a new join token. In a cluster: the Secret csoc-agent-identity (kubernetes/);
// in tests: a file (createFileIdentityStore).

export interface AgentIdentity {
  agentId: string;
  /** PKCS#8 PEM of the Ed25519 private key. */
  privateKeyPem: string;
  /** The CSOC that enrolled this identity; another CSOC would not know it. */
  csocUrl: string;
}

export interface IdentityStore {
  /** The saved identity, or undefined before enrolment. */
  load(): Promise<AgentIdentity | undefined>;
  save(identity: AgentIdentity): Promise<void>;
  /** Forgets the identity (after revocation), so the next start needs a new join token. */
  clear(): Promise<void>;
}
