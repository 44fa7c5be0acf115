// One commons: its status badges and a tab per concern — summary, monitoring, cluster, infrastructure,
// runs, deploys, revisions, state and settings — each in its own file beside this one; the tab is kept in
// ?tab=.
import { Badge, Group, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { Commons } from '../../api/apiShapes.ts';
import { commonsQueries } from '../../api/commonsQueries.ts';
import { FLEET_STATUS_COLORS, fleetStatusOf } from '../../app/commonsStatus.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ClusterTab } from './ClusterTab.tsx';
import { DeploysTab } from './DeploysTab.tsx';
import { InfrastructureTab } from './InfrastructureTab.tsx';
import { MonitoringTab } from './MonitoringTab.tsx';
import { RevisionsTab } from './RevisionsTab.tsx';
import { RunsTab } from './RunsTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import { StateTab } from './StateTab.tsx';
import { SummaryTab } from './SummaryTab.tsx';

/** The tabs in their order: the value kept in ?tab=, the label, and what the tab shows. */
const COMMONS_TABS: ReadonlyArray<{
  value: string;
  label: string;
  render: (org: string, commons: Commons) => ReactNode;
}> = [
  { value: 'summary', label: 'Summary', render: (_org, commons) => <SummaryTab commons={commons} /> },
  {
    value: 'monitoring',
    label: 'Monitoring',
    render: (org, commons) => <MonitoringTab org={org} name={commons.metadata.name} />,
  },
  {
    value: 'cluster',
    label: 'Cluster',
    render: (org, commons) => <ClusterTab org={org} commons={commons} />,
  },
  {
    value: 'infrastructure',
    label: 'Infrastructure',
    render: (org, commons) => <InfrastructureTab org={org} name={commons.metadata.name} />,
  },
  {
    value: 'runs',
    label: 'Runs',
    render: (org, commons) => <RunsTab org={org} name={commons.metadata.name} />,
  },
  {
    value: 'deploys',
    label: 'Deploys',
    render: (org, commons) => <DeploysTab org={org} commons={commons} />,
  },
  {
    value: 'revisions',
    label: 'Revisions',
    render: (org, commons) => <RevisionsTab org={org} commons={commons} />,
  },
  {
    value: 'state',
    label: 'State',
    render: (org, commons) => <StateTab org={org} name={commons.metadata.name} />,
  },
  {
    value: 'settings',
    label: 'Settings',
    render: (org, commons) => <SettingsTab org={org} commons={commons} />,
  },
];

export function CommonsPage() {
  const { org = '', name = '' } = useParams<{ org: string; name: string }>();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = searchParams.get('tab') ?? 'summary';
  const commons = useQuery({ ...commonsQueries.detail(org, name), refetchInterval: 10_000 });
  if (commons.error) return <ErrorAlert error={commons.error} title={`Could not load commons ${name}`} />;
  const data = commons.data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{name}</Title>
        {data && (
          <Group gap="xs">
            <Badge color={FLEET_STATUS_COLORS[fleetStatusOf(data)]}>{fleetStatusOf(data)}</Badge>
            <Badge variant="outline">{data.spec.environment}</Badge>
            {data.status.simulated && (
              <Badge color="grape" variant="outline">
                simulated
              </Badge>
            )}
          </Group>
        )}
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => setSearchParams({ tab: value ?? 'summary' })}
        keepMounted={false}
      >
        <Tabs.List>
          {COMMONS_TABS.map((item) => (
            <Tabs.Tab key={item.value} value={item.value}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {data &&
          COMMONS_TABS.map((item) => (
            <Tabs.Panel key={item.value} value={item.value} pt="md">
              {item.render(org, data)}
            </Tabs.Panel>
          ))}
      </Tabs>
    </Stack>
  );
}
