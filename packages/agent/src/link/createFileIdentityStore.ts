// An IdentityStore in one file (mode 0600): for tests and for running the agent outside Kubernetes.
import fs from 'node:fs/promises';
import type { AgentIdentity, IdentityStore } from './IdentityStore.ts';

export function createFileIdentityStore(file: string): IdentityStore {
  return {
    async load() {
      try {
        return JSON.parse(await fs.readFile(file, 'utf8')) as AgentIdentity;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(identity) {
      await fs.writeFile(file, JSON.stringify(identity), { mode: 0o600 });
    },
    async clear() {
      await fs.rm(file, { force: true });
    },
  };
}
