// What the first screen needs, asked for as soon as the portal's script runs, before React renders: the
// fleet page otherwise waited for the session to answer before it even requested its list (a waterfall of
// two round trips through a busy server). Every fetch goes into the query cache the pages read, so the page
// that mounts finds its data there or in flight; a signed-out visitor gets 401s that nothing shows (the
// login page never reads these queries, and a page mounted later fetches again).
import type { QueryClient } from '@tanstack/react-query';
import { fleetQueries } from '../api/commonsQueries.ts';
import { identityQueries } from '../api/identityQueries.ts';

export interface FirstScreen {
  /** The fleet list of this org (with this label selector) is what the URL opens on. */
  fleet?: { org: string; labelSelector: string };
}

/** Which data the page at this address shows first; only pages worth a head start are named. */
export function firstScreenOf(pathname: string, search: string): FirstScreen {
  const fleet = /^\/orgs\/([^/]+)(?:\/fleet)?\/?$/.exec(pathname);
  if (!fleet) return {};
  return {
    fleet: {
      org: decodeURIComponent(fleet[1]!),
      // As FleetPage reads it, so both ask for the same query.
      labelSelector: new URLSearchParams(search).get('labels') ?? '',
    },
  };
}

/** Starts the session and the first screen's queries; never throws (a page shows its own errors). */
export function prefetchFirstScreen(
  queryClient: QueryClient,
  location: Pick<Location, 'pathname' | 'search'>,
) {
  void queryClient.prefetchQuery({ ...identityQueries.session(), staleTime: 60_000 });
  const screen = firstScreenOf(location.pathname, location.search);
  if (screen.fleet)
    void queryClient.prefetchInfiniteQuery(fleetQueries.list(screen.fleet.org, screen.fleet.labelSelector));
}
