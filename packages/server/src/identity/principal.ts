// Who is making a request. Set by authenticateRequest for every non-public route.
import type { OrgRole } from '@csoc/common/access';

export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  isPlatformAdmin: boolean;
  /** How the caller proved who they are. */
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  /** Set for API tokens: the one org the token may act in, and the most it may do there. */
  token?: { id: string; name: string; orgId: string; role: OrgRole };
}

/** The org a request acts in and the caller's effective role there, set by authorizeRequest. */
export interface OrgAccess {
  orgId: string;
  orgSlug: string;
  role: OrgRole;
}

/** What the audit hook records about a request beyond what it can see itself. */
export interface AuditNote {
  target?: string;
  summary?: Record<string, unknown>;
  /** For sign-in attempts: who tried, when there is no principal yet. */
  actorLabel?: string;
  actorId?: string;
  /**
   * The org acted in, when no org route says it (the state backend: the run's commons' org; accepting an
   * invitation: the inviting org). Wins over the org of the caller's API token.
   */
  orgId?: string;
  /** A failure the route answered with a redirect (to show a browser a page): recorded as this status. */
  failure?: { statusCode: number; errorCode: string };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    orgAccess?: OrgAccess;
    auditNote?: AuditNote;
  }
  interface FastifyContextConfig {
    /**
     * The access-control action a route performs (a key of the policy in @csoc/common/access; 'public'
     * for the documented unauthenticated routes). Every route must declare one; a test fails otherwise.
     */
    action?: string;
    /** Audit this read (state download, secret use): GETs are otherwise not audited. */
    auditRead?: boolean;
  }
}
