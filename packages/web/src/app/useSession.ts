// The signed-in state: GET /api/v1/session (null when signed out) and GET /api/v1/me (memberships, roles).
import { useQuery } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from '../api/apiClient.ts';
import { ApiError } from '../api/ApiError.ts';
import { roleAllows, type Action, type OrgRole } from '@csoc/common/access';

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const session = await unwrap(api.GET('/api/v1/session'));
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useMe(enabled = true) {
  return useQuery({
    queryKey: ['me'],
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    enabled,
    staleTime: 30_000,
  });
}

/** The user's role in an org (platform admins act as owners), and whether it allows an action. */
export function useOrgRole(org: string | undefined) {
  const me = useMe();
  const membership = me.data?.memberships.find((item) => item.orgSlug === org);
  const role: OrgRole | undefined = membership?.role ?? (me.data?.user.isPlatformAdmin ? 'owner' : undefined);
  return {
    role,
    can: (action: Action) => (role ? roleAllows(role, action) : false),
  };
}
