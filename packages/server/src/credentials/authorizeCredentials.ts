// Who may use the vault's routes. One function on purpose: the identity work replaces this rule (platform
// admins only) with org role checks in this one place.
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors.ts';
import { principalOf } from '../identity/authenticateRequest.ts';

export type CredentialsAction = 'credentials.read' | 'credentials.write';

/** Throws ForbiddenError unless the caller may perform `action` on an org's cloud accounts. */
export function authorizeCredentials(request: FastifyRequest, action: CredentialsAction): void {
  if (!principalOf(request).isPlatformAdmin) {
    throw new ForbiddenError(
      `Only platform admins can ${action === 'credentials.read' ? 'see' : 'change'} cloud accounts for now; ask one.`,
    );
  }
}
