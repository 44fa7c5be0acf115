// Enforces the access policy (@csoc/common/access) on every request, before the body is validated:
// account actions need a browser session (no API token); platform actions need a platform admin; org
// actions need a membership with a high enough role in the org named by the `:org` path parameter.
// Someone outside the org gets 404 (the org's existence is not revealed), a member with too low a role
// gets 403.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/appContext.ts';
import { SLUG_PATTERN } from '@csoc/common';
import { ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import type { OrgRole } from '@csoc/common/access';
import { isKnownAction, lowerRole, personOrgRole, policy, roleAtLeast } from '@csoc/common/access';
import '../identity/principal.ts';

const slugPattern = new RegExp(SLUG_PATTERN);

export class OrgNotFoundError extends NotFoundError {
  constructor(slug: string) {
    super(
      `No organization "${slug}" that you can access; list yours with GET /api/v1/orgs.`,
      'org_not_found',
    );
  }
}

/** The caller's effective role in an org, or undefined when they may not see it at all. */
export async function effectiveOrgRole(
  context: AppContext,
  request: FastifyRequest,
  orgId: string,
): Promise<OrgRole | undefined> {
  const principal = request.principal;
  if (!principal) return undefined;
  if (principal.token && principal.token.orgId !== orgId) return undefined;
  const membership = await context.database.db
    .selectFrom('memberships')
    .select('role')
    .where('org_id', '=', orgId)
    .where('user_id', '=', principal.userId)
    .executeTakeFirst();
  // Platform admins operate every org as owners; their actions are audited like anyone's.
  const role = personOrgRole(membership?.role, principal.isPlatformAdmin);
  if (!role) return undefined;
  return principal.token ? lowerRole(role, principal.token.role) : role;
}

/** Checks the rule of the route's action; returns a promise only when it must read the database. */
function authorize(context: AppContext, request: FastifyRequest): Promise<void> | undefined {
  // Read once: Fastify builds a new routeOptions object on every access.
  const route = request.routeOptions;
  const action = route.config?.action;
  if (!route.url || action === undefined) return;
  if (!isKnownAction(action)) throw new Error(`route ${route.url} names unknown action "${action}"`);
  const rule = policy[action];
  if (rule.scope === 'public' || rule.scope === 'self') return;
  const principal = request.principal;
  if (!principal) return; // authentication already refused protected routes without one
  if (rule.scope === 'session') {
    if (principal.token)
      throw new ForbiddenError(
        'API tokens cannot change the password or see or revoke browser sessions; sign in to do this.',
        'forbidden_token',
      );
    return;
  }
  if (rule.scope === 'platform') {
    if (!principal.isPlatformAdmin) {
      throw new ForbiddenError(
        principal.token
          ? 'API tokens cannot perform platform administration; sign in as a platform admin.'
          : 'Only platform admins can do this.',
        'forbidden_platform',
      );
    }
    return;
  }
  const slug = (request.params as { org?: unknown }).org;
  if (typeof slug !== 'string') throw new Error(`route ${route.url} has an org action but no :org parameter`);
  if (!slugPattern.test(slug)) {
    throw new InputError(`"${slug.slice(0, 60)}" is not an organization slug.`, [
      {
        field: 'params.org',
        message: 'must be lower-case letters, digits and dashes (3 to 40 characters)',
      },
    ]);
  }
  return authorizeInOrg(context, request, slug, rule.minRole);
}

async function authorizeInOrg(
  context: AppContext,
  request: FastifyRequest,
  slug: string,
  minRole: OrgRole,
): Promise<void> {
  const org = await context.database.db
    .selectFrom('orgs')
    .select(['id', 'slug'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!org) throw new OrgNotFoundError(slug);
  const role = await effectiveOrgRole(context, request, org.id);
  if (!role) throw new OrgNotFoundError(slug);
  if (!roleAtLeast(role, minRole)) {
    throw new ForbiddenError(
      `Your role in "${org.slug}" is ${role}; this needs ${minRole} or higher. Ask an org admin.`,
      'forbidden_role',
    );
  }
  request.orgAccess = { orgId: org.id, orgSlug: org.slug, role };
}

export function installAuthorization(app: FastifyInstance, context: AppContext): void {
  // A callback hook: most requests are decided without the database (public, self, session and platform
  // actions), and those should not pay for a promise on every request.
  app.addHook('preValidation', (request, _reply, done) => {
    let pending: Promise<void> | undefined;
    try {
      pending = authorize(context, request);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (pending) pending.then(() => done(), done);
    else done();
  });
}

/** The org access of an org-scoped route; routes behind the gate can rely on it. */
export function orgAccessOf(request: FastifyRequest) {
  if (!request.orgAccess) throw new Error('orgAccessOf called on a route without an org action');
  return request.orgAccess;
}
