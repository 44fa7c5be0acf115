// The agent's identity with CSOC: enrol once with a join token (a fresh Ed25519 key pair; only the public
// key leaves the cluster), then exchange signed requests for short-lived credentials.
import {
  AGENT_CREDENTIAL_PATH,
  AGENT_ENROL_PATH,
  credentialRequestPayload,
  type AgentCredentialResponse,
  type AgentEnrolResponse,
} from '@csoc/common/agent-protocol';
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { AgentIdentity } from './IdentityStore.ts';

/** A refusal CSOC will repeat however often the agent retries (bad token, revoked): stop, say why. */
export class PermanentLinkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentLinkError';
  }
}

async function postJson<T>(csocUrl: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(new URL(path, csocUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    let code = `http_${response.status}`;
    let message = text.slice(0, 500);
    try {
      const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
      code = parsed.error?.code ?? code;
      message = parsed.error?.message ?? message;
    } catch {
      // not JSON: keep the text
    }
    // 4xx other than rate limiting will not change on retry; 5xx and 429 might.
    if (response.status >= 400 && response.status < 500 && response.status !== 429)
      throw new PermanentLinkError(code, `CSOC refused ${path}: ${message}`);
    throw new Error(`CSOC answered ${response.status} to ${path}: ${message}`);
  }
  return JSON.parse(text) as T;
}

/** Generates a key pair and enrols with the join token; returns the identity to keep. */
export async function enrolAgent(options: {
  csocUrl: string;
  joinToken: string;
  version?: string;
}): Promise<AgentIdentity> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const enrolled = await postJson<AgentEnrolResponse>(options.csocUrl, AGENT_ENROL_PATH, {
    joinToken: options.joinToken.trim(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ...(options.version ? { version: options.version } : {}),
  });
  return {
    agentId: enrolled.agentId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    csocUrl: options.csocUrl,
  };
}

let lastIat = 0;

/** Signs a credential request with the identity's key and returns CSOC's short-lived credential. */
export async function fetchCredential(identity: AgentIdentity): Promise<AgentCredentialResponse> {
  // CSOC refuses an iat not later than the previous one (replay guard): keep it strictly increasing.
  const iat = Math.max(Date.now(), lastIat + 1);
  lastIat = iat;
  const nonce = randomBytes(16).toString('base64url');
  const signature = sign(
    null,
    Buffer.from(credentialRequestPayload(identity.agentId, iat, nonce)),
    createPrivateKey(identity.privateKeyPem),
  ).toString('base64url');
  return postJson<AgentCredentialResponse>(identity.csocUrl, AGENT_CREDENTIAL_PATH, {
    agentId: identity.agentId,
    iat,
    nonce,
    signature,
  });
}
