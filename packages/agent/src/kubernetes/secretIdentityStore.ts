// The agent's identity kept in the Kubernetes Secret csoc-agent-identity of its namespace (ADR 0065): the
// manifests create it empty, the Role allows get/update/patch of that one Secret and nothing else, so the
// store never creates, lists or deletes.
import type { AgentIdentity, IdentityStore } from '../link/IdentityStore.ts';
import type { KubernetesClient } from './kubernetesClient.ts';

const KEYS = ['agentId', 'privateKeyPem', 'csocUrl'] as const;

export interface SecretIdentityStoreOptions {
  client: KubernetesClient;
  namespace: string;
  secretName: string;
}

export function createSecretIdentityStore(options: SecretIdentityStoreOptions): IdentityStore {
  const { client, secretName } = options;
  if (client.namespace !== options.namespace)
    throw new Error(
      `the Kubernetes client is for namespace ${client.namespace}, the identity store for ${options.namespace}`,
    );
  return {
    async load() {
      const secret = await client.getSecret(secretName);
      if (!secret)
        throw new Error(
          `Secret ${secretName} does not exist in namespace ${client.namespace}: the agent's manifests create it (empty); re-apply them`,
        );
      const data: Record<string, string> = secret.data ?? {};
      if (!KEYS.every((key) => data[key])) return undefined;
      const decoded = Object.fromEntries(
        KEYS.map((key) => [key, Buffer.from(data[key]!, 'base64').toString('utf8')]),
      );
      return decoded as unknown as AgentIdentity;
    },
    async save(identity) {
      await client.patchSecretData(
        secretName,
        Object.fromEntries(KEYS.map((key) => [key, Buffer.from(identity[key], 'utf8').toString('base64')])),
      );
    },
    async clear() {
      // A merge patch with null removes the keys; the Secret itself stays for the next enrolment.
      await client.patchSecretData(secretName, Object.fromEntries(KEYS.map((key) => [key, null])));
    },
  };
}
