// One commons: its status badges and a tab per concern — summary, infrastructure, runs, deploys,
// revisions, state and settings — each in its own file beside this one; the tab is kept in ?tab=.
import { Badge, Group, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { commonsQueries } from '../../api/commonsQueries.ts';
import { FLEET_STATUS_COLORS, fleetStatusOf } from '../../app/commonsStatus.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DeploysTab } from './DeploysTab.tsx';
import { InfrastructureTab } from './InfrastructureTab.tsx';
import { RevisionsTab } from './RevisionsTab.tsx';
import { RunsTab } from './RunsTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import { StateTab } from './StateTab.tsx';
import { SummaryTab } from './SummaryTab.tsx';

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
          <Tabs.Tab value="summary">Summary</Tabs.Tab>
          <Tabs.Tab value="infrastructure">Infrastructure</Tabs.Tab>
          <Tabs.Tab value="runs">Runs</Tabs.Tab>
          <Tabs.Tab value="deploys">Deploys</Tabs.Tab>
          <Tabs.Tab value="revisions">Revisions</Tabs.Tab>
          <Tabs.Tab value="state">State</Tabs.Tab>
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
        </Tabs.List>
        {data && (
          <>
            <Tabs.Panel value="summary" pt="md">
              <SummaryTab commons={data} />
            </Tabs.Panel>
            <Tabs.Panel value="infrastructure" pt="md">
              <InfrastructureTab org={org} name={name} />
            </Tabs.Panel>
            <Tabs.Panel value="runs" pt="md">
              <RunsTab org={org} name={name} />
            </Tabs.Panel>
            <Tabs.Panel value="deploys" pt="md">
              <DeploysTab org={org} commons={data} />
            </Tabs.Panel>
            <Tabs.Panel value="revisions" pt="md">
              <RevisionsTab org={org} commons={data} />
            </Tabs.Panel>
            <Tabs.Panel value="state" pt="md">
              <StateTab org={org} name={name} />
            </Tabs.Panel>
            <Tabs.Panel value="settings" pt="md">
              <SettingsTab org={org} commons={data} />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
    </Stack>
  );
}
