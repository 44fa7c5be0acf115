// Fetch factories of the identity area: the session (null when signed out), the signed-in user, their
// sessions, an org's API tokens, the platform's users (page by page) and the single sign-on settings.
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from './apiClient.ts';
import { ApiError } from './ApiError.ts';
import { sessionKeys, tokenKeys, userKeys } from './queryKeys.ts';

export const identityQueries = {
  /** GET /api/v1/session; remembers its CSRF token for the changes that follow. */
  session: () =>
    queryOptions({
      queryKey: sessionKeys.session(),
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
    }),
  /** The user with their memberships and roles. */
  me: () =>
    queryOptions({
      queryKey: sessionKeys.me(),
      queryFn: () => unwrap(api.GET('/api/v1/me')),
    }),
  mySessions: () =>
    queryOptions({
      queryKey: sessionKeys.mySessions(),
      queryFn: () => unwrap(api.GET('/api/v1/me/sessions')),
    }),
  oidcConfig: () =>
    queryOptions({
      queryKey: sessionKeys.oidcConfig(),
      queryFn: () => unwrap(api.GET('/api/v1/session/oidc/config')),
    }),
  tokens: (org: string) =>
    queryOptions({
      queryKey: tokenKeys.list(org),
      queryFn: () =>
        unwrap(api.GET('/api/v1/orgs/{org}/tokens', { params: { path: { org }, query: { limit: 500 } } })),
    }),
  users: (pageSize: number) =>
    infiniteQueryOptions({
      queryKey: userKeys.all(),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor ?? undefined,
      queryFn: ({ pageParam }) =>
        unwrap(
          api.GET('/api/v1/users', {
            params: { query: { limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) } },
          }),
        ),
    }),
};
