// The one access-control policy: every action a route can perform, who may perform it, and at which
// scope. Routes name their action in `config.action`; the server's access/authorizeRequest.ts enforces
// this table (a test fails if a route names an action that is not here) and the portal reads it to hide
// what a role may not do. Pure and browser-safe: `@csoc/common/access`.

export const ORG_ROLES = ['viewer', 'operator', 'admin', 'owner'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/**
 * public: no credentials; self: any signed-in principal; session: a person signed in with a browser
 * session, never an API token; platform: platform admins; org: a member role.
 */
export type ActionRule =
  | { scope: 'public' }
  | { scope: 'self' }
  | { scope: 'session' }
  | { scope: 'platform' }
  | { scope: 'org'; minRole: OrgRole };

const org = (minRole: OrgRole): ActionRule => ({ scope: 'org', minRole });

export const policy = {
  public: { scope: 'public' },

  'session.read': { scope: 'self' },
  'session.delete': { scope: 'self' },
  'profile.read': { scope: 'self' },
  /**
   * The account itself (its password, its browser sessions): a leaked org-scoped token must not
   * become the whole account, so these refuse API tokens.
   */
  'profile.password': { scope: 'session' },
  'profile.sessions': { scope: 'session' },
  'org.list': { scope: 'self' },
  'invitation.accept': { scope: 'public' },
  /** Terraform's http backend: authenticated by the run-scoped token, not by a user. */
  'state.backend': { scope: 'public' },
  /** Git smart HTTP of an org's GitOps repository: authenticated by the org's GitOps read token. */
  'gitops.git': { scope: 'public' },

  'org.create': { scope: 'platform' },
  'user.read': { scope: 'platform' },
  'user.write': { scope: 'platform' },
  'plugin.read': { scope: 'self' },
  /** The Gen3 release catalog: public facts, open to every signed-in principal. */
  'release.read': { scope: 'self' },
  'plugin.manage': { scope: 'platform' },
  'audit.verify': { scope: 'platform' },

  'org.read': org('viewer'),
  'org.manage': org('owner'),
  /** The org's own rules (whether prod changes need a second approver): its admins decide. */
  'org.settings': org('admin'),
  'member.read': org('viewer'),
  'member.manage': org('admin'),
  'token.read': org('viewer'),
  'token.write': org('viewer'),
  'audit.read': org('admin'),

  'credentials.read': org('viewer'),
  'credentials.write': org('admin'),

  'commons.read': org('viewer'),
  'commons.write': org('operator'),
  'commons.delete': org('admin'),
  'run.read': org('viewer'),
  'run.plan': org('operator'),
  /** The gate lets operators through; CSOC_APPROVER_MIN_ROLE (default admin) decides in the handler. */
  'run.approve': org('operator'),
  'run.apply': org('operator'),
  'run.cancel': org('operator'),
  'state.list': org('viewer'),
  'state.read': org('admin'),
  'state.manage': org('admin'),
  'deploy.read': org('viewer'),
  'deploy.write': org('operator'),
  'gitops.token': org('admin'),
  /** Health, incidents and uptime of commons (monitor/). */
  'monitor.read': org('viewer'),
  /** OTLP from a commons' telemetry agent: authenticated by the commons' ingest credential, not by a user. */
  'telemetry.ingest': { scope: 'public' },
  /** The kept telemetry summary of a commons (request rate, errors, latency, logins, downloads). */
  'telemetry.read': org('viewer'),
  /** Issuing, rotating and revoking a commons' ingest credential; the org's OTLP forwarding destination. */
  'telemetry.manage': org('admin'),
  'alert.read': org('viewer'),
  /** Acknowledging says "someone is on it"; it changes no rule and no channel. */
  'alert.ack': org('operator'),
  /** Rules, channels (with their secrets), silences and maintenance windows, test-sends. */
  'alert.manage': org('operator'),
  /** Publishing or withdrawing a commons' public status page, and posting updates to its incidents. */
  'statuspage.manage': org('operator'),
  /** Release waves: reading them; starting, pausing, resuming, skipping and rolling back (waves/). */
  'wave.read': org('viewer'),
  'wave.write': org('operator'),
  /** The gate lets operators through; CSOC_APPROVER_MIN_ROLE decides in the handler, as for runs. */
  'wave.approve': org('operator'),
  /**
   * csoc-agent (agents/, ADR 0065): the live view of a commons' cluster through its agent (workloads, pods,
   * events, metrics, Argo CD, logs) and whether the agent is connected.
   */
  'cluster.read': org('viewer'),
  /**
   * Gen3 operations through the agent (agents/actions/): restart a Deployment, run usersync, ETL, the
   * database migration or a chart CronJob now, edit user.yaml. Only these; never an arbitrary command.
   */
  'cluster.act': org('operator'),
  /**
   * Approving another person's action on a prod commons (the requester never approves their own). The gate
   * lets operators through; CSOC_APPROVER_MIN_ROLE decides in the handler, as for runs.
   */
  'cluster.approve': org('operator'),
  /** Issuing a commons' agent join token and revoking its agent: who may put code inside a cluster. */
  'agent.manage': org('admin'),
  /** The agent's own calls (enrolment, credential, connection): authenticated by its join token or key. */
  'agent.link': { scope: 'public' },
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof policy;

export function isKnownAction(action: string): action is Action {
  return Object.hasOwn(policy, action);
}

export function roleRank(role: OrgRole): number {
  return ORG_ROLES.indexOf(role);
}

export function roleAtLeast(role: OrgRole, minimum: OrgRole): boolean {
  return roleRank(role) >= roleRank(minimum);
}

/** The lower of two roles: a token never grants more than its creator currently holds. */
export function lowerRole(a: OrgRole, b: OrgRole): OrgRole {
  return roleRank(a) <= roleRank(b) ? a : b;
}

/** The role platform admins act with in every org (ADR 0006); their actions are audited like anyone's. */
export const PLATFORM_ADMIN_ROLE: OrgRole = 'owner';

/**
 * A person's role in an org before any token narrows it: platform admins act as owners whatever
 * their membership; everyone else has their membership's role, or none.
 */
export function personOrgRole(
  membershipRole: OrgRole | undefined,
  isPlatformAdmin: boolean,
): OrgRole | undefined {
  return isPlatformAdmin ? PLATFORM_ADMIN_ROLE : membershipRole;
}

/** Whether a role may perform an org-scoped action (used by the portal to hide buttons too). */
export function roleAllows(role: OrgRole, action: Action): boolean {
  const rule: ActionRule = policy[action];
  return rule.scope !== 'org' || roleAtLeast(role, rule.minRole);
}
