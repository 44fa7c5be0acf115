// Optimistic concurrency: every mutable resource carries a version, shown as a strong ETag; a write
// sent with a stale If-Match is refused with 412 instead of overwriting someone else's change.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PreconditionError } from '../errors.ts';

export function etagOf(version: number): string {
  return `"v${version}"`;
}

export function setEtag(reply: FastifyReply, version: number): void {
  void reply.header('etag', etagOf(version));
}

/**
 * Returns the version the client expects (from If-Match), or undefined when it sent none.
 * Throws PreconditionError when If-Match names a version other than the current one.
 */
export function checkIfMatch(request: FastifyRequest, currentVersion: number): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header === '*') return undefined;
  const tags = String(header)
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(currentVersion))) {
    throw new PreconditionError(
      `The resource changed since you read it (it is now at ${etagOf(currentVersion)}, you sent If-Match: ${String(header)}). Read it again, re-apply your change and retry.`,
    );
  }
  return currentVersion;
}
