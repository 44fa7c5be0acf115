// The Infrastructure tab of a commons: the resources of the current Terraform state as a list and a
// graph (addresses and dependencies only: the state's values stay on the server, they hold secrets).
import { Alert, Anchor, Badge, Stack, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { commonsQueries } from '../../api/commonsQueries.ts';
import { stateQueries } from '../../api/stateQueries.ts';
import { shortId } from '../../app/shortId.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ResourceGraph } from '../../components/ResourceGraph.tsx';

export function InfrastructureTab({ org, name }: { org: string; name: string }) {
  const runs = useQuery({ ...commonsQueries.runs(org, name), refetchInterval: 5000 });
  const state = useQuery({ ...stateQueries.resources(org, name), refetchInterval: 15_000 });
  const waiting = runs.data?.items.find((run) => run.state === 'planned' && run.plan);
  const resources = state.data?.resources ?? [];
  return (
    <Stack>
      <ErrorAlert error={state.error ?? runs.error} />
      {waiting?.plan && (
        <Alert color="yellow" title="A plan waits for approval">
          <Text size="sm">
            Run{' '}
            <Anchor component={Link} to={`/orgs/${org}/runs/${waiting.id}`}>
              {shortId(waiting.id)}
            </Anchor>{' '}
            would add {waiting.plan.summary.add}, change {waiting.plan.summary.change} and destroy{' '}
            {waiting.plan.summary.destroy}; the resources below are what exists now.
          </Text>
        </Alert>
      )}
      {state.data && state.data.serial === null && (
        <Text c="dimmed">No infrastructure yet: plan, approve and apply to create it.</Text>
      )}
      {state.data && state.data.serial !== null && (
        <>
          <Text size="sm">
            {resources.length} resources in the Terraform state (serial {state.data.serial}, written{' '}
            {state.data.createdAt ? new Date(state.data.createdAt).toLocaleString() : '—'}).
          </Text>
          <Tabs defaultValue="list" variant="pills">
            <Tabs.List>
              <Tabs.Tab value="list">List</Tabs.Tab>
              <Tabs.Tab value="graph">Graph</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="list" pt="sm">
              <DataTable
                label="Resources"
                rows={resources}
                rowKey={(resource) => resource.address}
                columns={[
                  {
                    header: 'Resource',
                    cell: (resource) => (
                      <>
                        <code>{resource.address}</code>
                        {resource.mode === 'data' && (
                          <Badge size="xs" variant="outline" ml={6}>
                            data
                          </Badge>
                        )}
                      </>
                    ),
                  },
                  { header: 'Type', cell: (resource) => resource.type },
                  { header: 'Provider', cell: (resource) => resource.provider },
                  { header: 'Instances', cell: (resource) => resource.instances.length },
                  {
                    header: 'Depends on',
                    cell: (resource) =>
                      resource.dependsOn.length ? (
                        <Text size="xs" ff="monospace">
                          {resource.dependsOn.join(', ')}
                        </Text>
                      ) : (
                        '—'
                      ),
                  },
                ]}
              />
            </Tabs.Panel>
            <Tabs.Panel value="graph" pt="sm">
              <ResourceGraph resources={resources} title={`Infrastructure of ${name}`} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
      <Text size="sm" c="dimmed">
        The Terraform state versions behind these resources (history, download, restore) are on the{' '}
        <Anchor component={Link} to="?tab=state">
          State tab
        </Anchor>
        .
      </Text>
    </Stack>
  );
}
