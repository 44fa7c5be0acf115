// The portal's routes: sign-in outside, everything else inside the signed-in shell under /orgs/:org.
import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { AccountsPage } from '../pages/AccountsPage.tsx';
import { AuditPage } from '../pages/AuditPage.tsx';
import { CommonsPage } from '../pages/CommonsPage.tsx';
import { CreateCommonsWizard } from '../pages/CreateCommonsWizard.tsx';
import { FleetPage } from '../pages/FleetPage.tsx';
import { LoginPage } from '../pages/LoginPage.tsx';
import { MembersPage } from '../pages/MembersPage.tsx';
import { NoOrgPage } from '../pages/NoOrgPage.tsx';
import { PluginsPage } from '../pages/PluginsPage.tsx';
import { ProfilePage } from '../pages/ProfilePage.tsx';
import { ReleasesPage } from '../pages/ReleasesPage.tsx';
import { RunPage } from '../pages/RunPage.tsx';
import { PortalShell } from './PortalShell.tsx';
import { useMe, useSession } from './useSession.ts';

export function PortalRoutes() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending)
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (session.error) return <ErrorAlert error={session.error} title="Could not reach CSOC" />;
  if (!session.data)
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to={`/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />} />
      </Routes>
    );
  return (
    <Routes>
      <Route path="/login" element={<Navigate to="/" replace />} />
      <Route path="/" element={<HomeRedirect />} />
      <Route path="/orgs/:org" element={<PortalShell />}>
        <Route index element={<Navigate to="fleet" replace />} />
        <Route path="fleet" element={<FleetPage />} />
        <Route path="commons/new" element={<CreateCommonsWizard />} />
        <Route path="commons/:name" element={<CommonsPage />} />
        <Route path="runs/:runId" element={<RunPage />} />
        <Route path="accounts" element={<AccountsPage />} />
        <Route path="plugins" element={<PluginsPage />} />
        <Route path="members" element={<MembersPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="releases" element={<ReleasesPage />} />
        <Route path="profile" element={<ProfilePage />} />
      </Route>
      <Route path="*" element={<HomeRedirect />} />
    </Routes>
  );
}

/** Sends the user to their first org's fleet (or the page explaining they have none yet). */
function HomeRedirect() {
  const me = useMe();
  if (me.isPending) return <Loader aria-label="Loading" />;
  if (me.error) return <ErrorAlert error={me.error} />;
  const first = me.data.memberships[0];
  return first ? <Navigate to={`/orgs/${first.orgSlug}/fleet`} replace /> : <NoOrgPage />;
}
