// The signed-in frame: header (org switcher, colour scheme, profile, sign out) and the navigation.
import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  Loader,
  NavLink,
  Select,
  Text,
  Title,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { api, setCsrfToken } from '../api/apiClient.ts';
import { useMe, useOrgRole } from './useSession.ts';
import { sessionKeys } from '../api/queryKeys.ts';

const NAV = [
  { to: 'fleet', label: 'Fleet' },
  { to: 'health', label: 'Health overview' },
  { to: 'alerts', label: 'Alerts' },
  { to: 'telemetry-forwarding', label: 'Telemetry forwarding' },
  { to: 'waves', label: 'Release waves' },
  { to: 'commons/new', label: 'Create commons', action: 'commons.write' as const },
  { to: 'accounts', label: 'Cloud accounts' },
  { to: 'plugins', label: 'Plugins' },
  { to: 'releases', label: 'Gen3 releases' },
  { to: 'members', label: 'Members' },
  { to: 'gitops', label: 'GitOps access', action: 'gitops.token' as const },
  { to: 'audit', label: 'Audit log', action: 'audit.read' as const },
  { to: 'profile', label: 'Profile & tokens' },
  { to: 'platform/users', label: 'Platform users', platformAdmin: true },
];

export function PortalShell() {
  const { org } = useParams<{ org: string }>();
  const me = useMe();
  const { role, can } = useOrgRole(org);
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [opened, { toggle }] = useDisclosure();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');

  const orgOptions = (me.data?.memberships ?? []).map((item) => ({
    value: item.orgSlug,
    label: `${item.orgName} (${item.role})`,
  }));
  if (org && !orgOptions.some((option) => option.value === org)) orgOptions.push({ value: org, label: org });

  async function signOut() {
    await api.DELETE('/api/v1/session');
    setCsrfToken(undefined);
    queryClient.clear();
    await navigate('/login');
    await queryClient.invalidateQueries({ queryKey: sessionKeys.session() });
  }

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={1} size="h4">
              CSOC
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="md">
              Gen3 Commons Services Operations Center
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Select
              aria-label="Organization"
              data={orgOptions}
              value={org ?? null}
              allowDeselect={false}
              w={240}
              size="xs"
              onChange={(value) => {
                if (value) void navigate(`/orgs/${value}/fleet`);
              }}
            />
            {role && (
              <Badge variant="light" aria-label={`Your role: ${role}`}>
                {role}
              </Badge>
            )}
            <Tooltip label={scheme === 'dark' ? 'Light mode' : 'Dark mode'}>
              <ActionIcon
                variant="default"
                aria-label={scheme === 'dark' ? 'Switch to light mode' : 'Switch to dark mode'}
                onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
              >
                {scheme === 'dark' ? '☀' : '☾'}
              </ActionIcon>
            </Tooltip>
            <Text size="sm" visibleFrom="lg">
              {me.data?.user.email}
            </Text>
            <ActionIcon
              variant="default"
              w="auto"
              px="xs"
              onClick={() => void signOut()}
              aria-label="Sign out"
            >
              Sign out
            </ActionIcon>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {NAV.filter(
          (item) =>
            (!item.action || can(item.action)) && (!item.platformAdmin || me.data?.user.isPlatformAdmin),
        ).map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={`/orgs/${org}/${item.to}`}
            label={item.label}
            active={location.pathname.startsWith(`/orgs/${org}/${item.to}`)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loader role="status" aria-label="Loading" />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
