// The one stale-edit rule of the portal: every edit sends the version the user saw as If-Match; the API
// refuses it with 412 when someone changed the record since, and the portal then reloads that record so a
// retry acts on the newer state.
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { ApiError } from './ApiError.ts';

/** A record's ETag as the API computes it (packages/server/src/http/etag.ts): `"v<version>"`. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * The headers of an edit of the record at `version`.
 *
 * @example
 * api.PATCH('/api/v1/users/{userId}', { params, body, headers: ifMatch(user.version) })
 */
export function ifMatch(version: number): { 'if-match': string } {
  return { 'if-match': etagOf(version) };
}

/** Whether a failure is the API refusing an edit made on a stale copy (412 Precondition Failed). */
export function isStaleEdit(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 412;
}

/**
 * A mutation's onError that reloads `queryKey` when the edit was stale, so the page shows the newer
 * record (and its version) next to the refusal.
 */
export function reloadOnStaleEdit(queryClient: QueryClient, queryKey: QueryKey) {
  return async (error: unknown): Promise<void> => {
    if (isStaleEdit(error)) await queryClient.invalidateQueries({ queryKey });
  };
}
