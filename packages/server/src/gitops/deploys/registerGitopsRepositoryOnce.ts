// Registers an org's local GitOps repository (with a fresh read token) in Argo CD once at a time per
// process. A wave's look starts hundreds of deploy followers together: each used to find the repository
// missing and replace the org's `argocd` read token, so the password registered by one follower was
// revoked by the next and Argo CD's fetches failed ("authentication required"). Followers of one process
// now share one registration; followers that find the repository registered skip it as before.
import type { ArgoCdClient } from './argoCdClient.ts';

const registrations = new Map<string, Promise<void>>();

/**
 * Runs `register` (mint the token, upsert the repository) unless the repository is registered already,
 * sharing one run among concurrent callers for the same Argo CD and repository URL.
 */
export function registerGitopsRepositoryOnce(
  argo: ArgoCdClient,
  repoUrl: string,
  register: () => Promise<void>,
): Promise<void> {
  const key = `${argo.baseUrl} ${repoUrl}`;
  const running = registrations.get(key);
  if (running) return running;
  const registration = (async () => {
    if (!(await argo.hasRepository(repoUrl))) await register();
  })().finally(() => registrations.delete(key));
  registrations.set(key, registration);
  return registration;
}
