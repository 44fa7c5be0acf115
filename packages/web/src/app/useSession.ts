// The signed-in state: GET /api/v1/session (null when signed out) and GET /api/v1/me (memberships, roles).
import { useQuery } from '@tanstack/react-query';
import { personOrgRole, roleAllows, roleAtLeast, type Action, type OrgRole } from '@csoc/common/access';
import { identityQueries } from '../api/identityQueries.ts';

export function useSession() {
  return useQuery({ ...identityQueries.session(), staleTime: 60_000 });
}

export function useMe(enabled = true) {
  return useQuery({ ...identityQueries.me(), enabled, staleTime: 30_000 });
}

/**
 * The user's role in an org by the API's own rule (`personOrgRole`: platform admins act as owners, see
 * ADR 0006), and whether it allows an action.
 */
export function useOrgRole(org: string | undefined) {
  const me = useMe();
  const membership = me.data?.memberships.find((item) => item.orgSlug === org);
  const role: OrgRole | undefined = personOrgRole(membership?.role, me.data?.user.isPlatformAdmin ?? false);
  // CSOC_APPROVER_MIN_ROLE as GET /api/v1/me reports it (read-only); the server's default until it says.
  const approverRole: OrgRole = me.data?.approverMinRole ?? 'admin';
  const can = (action: Action) => (role ? roleAllows(role, action) : false);
  return {
    role,
    can,
    /** The lowest role that may approve (runs, cluster actions, user.yaml saves) in this CSOC. */
    approverRole,
    /** Whether the role allows an approval action and meets CSOC_APPROVER_MIN_ROLE, as the server checks. */
    canApprove: (action: Action) => can(action) && !!role && roleAtLeast(role, approverRole),
  };
}
