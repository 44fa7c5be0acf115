// The HTTP calls of the agent's own lifecycle (enrol, credential) and the admin calls about a commons'
// agent (join token, status): request and response schemas shared by CSOC's routes, the agent and the CLI.
import Type, { type Static } from 'typebox';

export const JOIN_TOKEN_PREFIX = 'csoc_join_';
export const AGENT_CREDENTIAL_PREFIX = 'csoc_agent_';
/** Header the agent names its version in when it connects. */
export const AGENT_VERSION_HEADER = 'x-csoc-agent-version';
export const AGENT_CONNECT_PATH = '/api/v1/agent/connect';
export const AGENT_ENROL_PATH = '/api/v1/agent/enrol';
export const AGENT_CREDENTIAL_PATH = '/api/v1/agent/credential';

const AgentVersion = Type.String({
  pattern: '^[0-9A-Za-z.+_-]{1,64}$',
  description: 'the agent build version',
});

export const AgentEnrolRequest = Type.Object(
  {
    joinToken: Type.String({
      pattern: `^${JOIN_TOKEN_PREFIX}[A-Za-z0-9_-]{20,100}$`,
      description: `the one-use join token (${JOIN_TOKEN_PREFIX}...) an org admin created for the commons`,
    }),
    publicKeyPem: Type.String({
      minLength: 40,
      maxLength: 400,
      pattern: '^-----BEGIN PUBLIC KEY-----',
      description: "the agent's Ed25519 public key, SPKI PEM",
    }),
    version: Type.Optional(AgentVersion),
  },
  { additionalProperties: false },
);
export type AgentEnrolRequest = Static<typeof AgentEnrolRequest>;
export const AgentEnrolResponse = Type.Object({
  agentId: Type.String(),
  org: Type.String(),
  commons: Type.String(),
});
export type AgentEnrolResponse = Static<typeof AgentEnrolResponse>;

export const AgentCredentialRequest = Type.Object(
  {
    agentId: Type.String({ minLength: 1, maxLength: 64 }),
    iat: Type.Integer({
      minimum: 0,
      description: 'ms since the epoch; must be later than the previous request',
    }),
    nonce: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }),
    signature: Type.String({
      pattern: '^[A-Za-z0-9_-]{40,200}$',
      description: 'base64url Ed25519 signature of credentialRequestPayload(agentId, iat, nonce)',
    }),
  },
  { additionalProperties: false },
);
export type AgentCredentialRequest = Static<typeof AgentCredentialRequest>;
export const AgentCredentialResponse = Type.Object({
  credential: Type.String({ description: `bearer credential for ${AGENT_CONNECT_PATH}; short-lived` }),
  expiresAt: Type.String(),
});
export type AgentCredentialResponse = Static<typeof AgentCredentialResponse>;

/** The exact bytes an agent signs to ask for a credential (both ends build them with this). */
export function credentialRequestPayload(agentId: string, iat: number, nonce: string): string {
  return `csoc-agent-credential\n${agentId}\n${iat}\n${nonce}`;
}

export const AgentJoinTokenResponse = Type.Object({
  commons: Type.String(),
  token: Type.String({
    description:
      'the join token, shown this once: put it in the cloud secret manager entry csoc-agent-join-token of the commons',
  }),
  expiresAt: Type.String(),
  csocUrl: Type.String({ description: 'the CSOC_URL the agent dials' }),
});
export const AgentStatusResponse = Type.Object({
  commons: Type.String(),
  enrolled: Type.Boolean(),
  agentId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Null()]),
  connected: Type.Boolean({ description: 'whether the agent holds a connection to this CSOC replica' }),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.String(), Type.Null()]),
  enrolledAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type AgentStatusResponse = Static<typeof AgentStatusResponse>;
