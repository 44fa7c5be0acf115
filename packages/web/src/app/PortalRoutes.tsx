// The portal's routes: sign-in outside, everything else inside the signed-in shell under /orgs/:org.
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { FleetPage } from '../pages/FleetPage.tsx';
import { LoginPage } from '../pages/sign-in/LoginPage.tsx';
import { NoOrgPage } from '../pages/sign-in/NoOrgPage.tsx';
import { PortalShell } from './PortalShell.tsx';
import { useMe, useSession } from './useSession.ts';

// The fleet and sign-in ship in the first bundle; other screens (and the form generator they pull in)
// load on first visit, so the most used page becomes interactive sooner.
const AccountsPage = lazy(() =>
  import('../pages/org/AccountsPage.tsx').then((module) => ({ default: module.AccountsPage })),
);
const AcceptInvitationPage = lazy(() =>
  import('../pages/sign-in/AcceptInvitationPage.tsx').then((module) => ({
    default: module.AcceptInvitationPage,
  })),
);
const AuditPage = lazy(() =>
  import('../pages/org/AuditPage.tsx').then((module) => ({ default: module.AuditPage })),
);
const CommonsPage = lazy(() =>
  import('../pages/commons/CommonsPage.tsx').then((module) => ({ default: module.CommonsPage })),
);
const CreateCommonsWizard = lazy(() =>
  import('../pages/commons/CreateCommonsWizard.tsx').then((module) => ({
    default: module.CreateCommonsWizard,
  })),
);
const AlertsPage = lazy(() =>
  import('../pages/alerts/AlertsPage.tsx').then((module) => ({ default: module.AlertsPage })),
);
const FleetHealthPage = lazy(() =>
  import('../pages/FleetHealthPage.tsx').then((module) => ({ default: module.FleetHealthPage })),
);
const GitOpsPage = lazy(() =>
  import('../pages/org/GitOpsPage.tsx').then((module) => ({ default: module.GitOpsPage })),
);
const MembersPage = lazy(() =>
  import('../pages/org/MembersPage.tsx').then((module) => ({ default: module.MembersPage })),
);
const PluginsPage = lazy(() =>
  import('../pages/platform/PluginsPage.tsx').then((module) => ({ default: module.PluginsPage })),
);
const ProfilePage = lazy(() =>
  import('../pages/ProfilePage.tsx').then((module) => ({ default: module.ProfilePage })),
);
const ReleasesPage = lazy(() =>
  import('../pages/ReleasesPage.tsx').then((module) => ({ default: module.ReleasesPage })),
);
const UsersPage = lazy(() =>
  import('../pages/platform/UsersPage.tsx').then((module) => ({ default: module.UsersPage })),
);
const BulkActionPage = lazy(() =>
  import('../pages/bulk/BulkActionPage.tsx').then((module) => ({ default: module.BulkActionPage })),
);
const WavesPage = lazy(() =>
  import('../pages/waves/WavesPage.tsx').then((module) => ({ default: module.WavesPage })),
);
const WavePage = lazy(() =>
  import('../pages/waves/WavePage.tsx').then((module) => ({ default: module.WavePage })),
);
const TelemetryForwardingPage = lazy(() =>
  import('../pages/org/TelemetryForwardingPage.tsx').then((module) => ({
    default: module.TelemetryForwardingPage,
  })),
);
const RunPage = lazy(() => import('../pages/RunPage.tsx').then((module) => ({ default: module.RunPage })));

export function PortalRoutes() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending)
    return (
      <Center h="100vh">
        <Loader role="status" aria-label="Loading" />
      </Center>
    );
  if (session.error) return <ErrorAlert error={session.error} title="Could not reach CSOC" />;
  if (!session.data)
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/invitations/accept" element={<AcceptInvitationRoute />} />
        <Route
          path="*"
          element={
            <Navigate
              to={`/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`}
              replace
            />
          }
        />
      </Routes>
    );
  return (
    <Routes>
      <Route path="/login" element={<Navigate to="/" replace />} />
      <Route path="/" element={<HomeRedirect />} />
      <Route path="/invitations/accept" element={<AcceptInvitationRoute />} />
      <Route path="/orgs/:org" element={<PortalShell />}>
        <Route index element={<Navigate to="fleet" replace />} />
        <Route path="fleet" element={<FleetPage />} />
        <Route path="health" element={<FleetHealthPage />} />
        <Route path="alerts" element={<AlertsPage />} />
        <Route path="telemetry-forwarding" element={<TelemetryForwardingPage />} />
        <Route path="commons/new" element={<CreateCommonsWizard />} />
        <Route path="commons/:name" element={<CommonsPage />} />
        <Route path="runs/:runId" element={<RunPage />} />
        <Route path="bulk" element={<BulkActionPage />} />
        <Route path="waves" element={<WavesPage />} />
        <Route path="waves/:wave" element={<WavePage />} />
        <Route path="accounts" element={<AccountsPage />} />
        <Route path="plugins" element={<PluginsPage />} />
        <Route path="members" element={<MembersPage />} />
        <Route path="gitops" element={<GitOpsPage />} />
        <Route path="platform/users" element={<UsersPage />} />
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
  if (me.isPending) return <Loader role="status" aria-label="Loading" />;
  if (me.error) return <ErrorAlert error={me.error} />;
  const first = me.data.memberships[0];
  return first ? <Navigate to={`/orgs/${first.orgSlug}/fleet`} replace /> : <NoOrgPage />;
}

/** The accept page lives outside the shell (signed in or not), so it brings its own Suspense. */
function AcceptInvitationRoute() {
  return (
    <Suspense fallback={<Loader role="status" aria-label="Loading" />}>
      <AcceptInvitationPage />
    </Suspense>
  );
}
