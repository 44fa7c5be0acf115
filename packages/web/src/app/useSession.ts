// The signed-in state: GET /api/v1/session (null when signed out) and GET /api/v1/me (memberships, roles).
import { useQuery } from '@tanstack/react-query';
import { personOrgRole, roleAllows, type Action, type OrgRole } from '@csoc/common/access';
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
  return {
    role,
    can: (action: Action) => (role ? roleAllows(role, action) : false),
  };
}
