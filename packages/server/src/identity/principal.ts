// Who is making a request. Set by authenticateRequest for every non-public route.
export interface Principal {
  kind: 'user';
  userId: string;
  email: string;
  displayName: string;
  isPlatformAdmin: boolean;
  /** How the caller proved who they are. */
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /**
     * The access-control action a route performs ('public' for the documented unauthenticated routes).
     * Every route must declare one; a test fails otherwise.
     */
    action?: string;
  }
}
