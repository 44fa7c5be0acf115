// Argo CD's application conditions (`status.conditions`), as a deploy follower reads them: which ones say
// why a sync is stuck, and which of those cannot heal by themselves (a deploy then ends with the reason
// instead of waiting out CSOC_DEPLOY_TIMEOUT_SECONDS). See docs/adr/0012.
import type { ArgoApplicationStatus } from './argoCdClient.ts';

export interface ArgoCondition {
  type: string;
  message: string;
}

/** Conditions that do not go away until someone changes the repository, its credentials or the files. */
const UNHEALABLE_MESSAGES = [
  // the repository or its credentials
  /repository not found|repository '[^']*' not found|authentication required|authentication failed|could not read username|permission denied|invalid username or password/i,
  // the path, file or revision the application points at
  /app path does not exist|no such file or directory|unable to resolve '[^']*' to a commit sha|couldn't find remote ref/i,
  // manifests Argo CD cannot generate or parse
  /error converting yaml|yaml: line \d+|failed to unmarshal|error unmarshaling|parse error|execution error at|chart "[^"]*" version "[^"]*" not found/i,
];

/** Messages of conditions that are usually passing (the network, a busy repo-server): wait for them. */
const TRANSIENT_MESSAGES =
  /timeout|timed out|deadline exceeded|connection refused|connection reset|temporar|try again|too many requests|rate limit|\b50[234]\b/i;

/** The error conditions of an application (Argo CD's warnings, e.g. OrphanedResourceWarning, are left out). */
export function errorConditionsOf(status: ArgoApplicationStatus | undefined): ArgoCondition[] {
  return (status?.conditions ?? [])
    .filter((condition) => /Error$/.test(condition.type))
    .map((condition) => ({ type: condition.type, message: String(condition.message ?? '').slice(0, 500) }));
}

/**
 * Whether a condition cannot heal by itself: an invalid Application spec, or a comparison error whose
 * message names a missing repository, path or revision, refused credentials, or manifests that do not parse.
 */
export function isUnhealable(condition: ArgoCondition): boolean {
  if (condition.type === 'InvalidSpecError') return true;
  if (TRANSIENT_MESSAGES.test(condition.message)) return false;
  return UNHEALABLE_MESSAGES.some((pattern) => pattern.test(condition.message));
}

/** One line for a user: `ComparisonError: <message>`. */
export const describeCondition = (condition: ArgoCondition) => `${condition.type}: ${condition.message}`;
