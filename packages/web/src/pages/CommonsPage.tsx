// One commons: summary, infrastructure (list and graph), runs, deploys, revisions (history, diff of any
// two, restore), state (CommonsStateTab) and settings (the declarative document, saved as a new revision;
// the danger zone to delete the commons).
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/apiClient.ts';
import type { Commons } from '../api/apiShapes.ts';
import { FLEET_STATUS_COLORS, fleetStatusOf } from '../app/commonsStatus.ts';
import { useOrgRole } from '../app/useSession.ts';
import { CommonsStateTab } from './CommonsStateTab.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PlanSummary } from '../components/PlanSummary.tsx';
import { ResourceGraph } from '../components/ResourceGraph.tsx';
import { RunStateBadge } from '../components/RunStateBadge.tsx';
import { CommonsDeploysTab } from './CommonsDeploysTab.tsx';
import { DeleteCommonsCard } from './DeleteCommonsCard.tsx';
import { shortId } from '../app/shortId.ts';

const etagOf = (version: number) => `"v${version}"`;

export function CommonsPage() {
  const { org = '', name = '' } = useParams<{ org: string; name: string }>();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = searchParams.get('tab') ?? 'summary';
  const commons = useQuery({
    queryKey: ['commons', org, name],
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}', { params: { path: { org, commons: name } } })),
    refetchInterval: 10_000,
  });
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
              <CommonsDeploysTab org={org} commons={data} />
            </Tabs.Panel>
            <Tabs.Panel value="revisions" pt="md">
              <RevisionsTab org={org} commons={data} />
            </Tabs.Panel>
            <Tabs.Panel value="state" pt="md">
              <CommonsStateTab org={org} name={name} />
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

function SummaryTab({ commons }: { commons: Commons }) {
  const run = commons.status.lastRun;
  const outputs = Object.entries(commons.status.outputs);
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Plugin
          </Text>
          <Text fw={600}>
            {commons.spec.plugin.name}@{commons.spec.plugin.version}
          </Text>
          <Text size="xs" c="dimmed" mt="xs">
            Cloud account
          </Text>
          <Text fw={600}>{commons.spec.account}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Infrastructure
          </Text>
          <Text fw={600}>{commons.status.infrastructure}</Text>
          <Text size="xs" c="dimmed" mt="xs">
            Revision
          </Text>
          <Text fw={600}>{commons.status.revision}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Gen3 release
          </Text>
          <Text fw={600}>{commons.spec.gen3?.release ?? 'not configured'}</Text>
          <Text size="xs" c="dimmed" mt="xs">
            Last run
          </Text>
          {run ? (
            <Group gap="xs">
              <Anchor component={Link} to={`/orgs/${commons.metadata.org}/runs/${run.id}`}>
                {run.kind}
              </Anchor>
              <RunStateBadge state={run.state} />
            </Group>
          ) : (
            <Text>never</Text>
          )}
        </Card>
      </SimpleGrid>
      {outputs.length > 0 && (
        <Table withTableBorder striped aria-label="Infrastructure outputs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Output</Table.Th>
              <Table.Th>Value</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {outputs.map(([key, value]) => (
              <Table.Tr key={key}>
                <Table.Td>{key}</Table.Td>
                <Table.Td>
                  <Code>{typeof value === 'string' ? value : JSON.stringify(value)}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function useCommonsRuns(org: string, name: string) {
  return useQuery({
    queryKey: ['commons-runs', org, name],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{org}/commons/{commons}/runs', {
          params: { path: { org, commons: name }, query: { limit: 100 } },
        }),
      ),
    refetchInterval: 5000,
  });
}

function InfrastructureTab({ org, name }: { org: string; name: string }) {
  const runs = useCommonsRuns(org, name);
  // The resources of the current Terraform state: addresses and dependencies only (the state's values
  // stay on the server, they hold secrets).
  const state = useQuery({
    queryKey: ['state-resources', org, name],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{org}/commons/{commons}/state/resources', {
          params: { path: { org, commons: name } },
        }),
      ),
    refetchInterval: 15_000,
  });
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
              <Table withTableBorder striped aria-label="Resources">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Resource</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>Provider</Table.Th>
                    <Table.Th>Instances</Table.Th>
                    <Table.Th>Depends on</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {resources.map((resource) => (
                    <Table.Tr key={resource.address}>
                      <Table.Td>
                        <code>{resource.address}</code>
                        {resource.mode === 'data' && (
                          <Badge size="xs" variant="outline" ml={6}>
                            data
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{resource.type}</Table.Td>
                      <Table.Td>{resource.provider}</Table.Td>
                      <Table.Td>{resource.instances.length}</Table.Td>
                      <Table.Td>
                        {resource.dependsOn.length ? (
                          <Text size="xs" ff="monospace">
                            {resource.dependsOn.join(', ')}
                          </Text>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
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

function RunsTab({ org, name }: { org: string; name: string }) {
  const runs = useCommonsRuns(org, name);
  const { can } = useOrgRole(org);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: (kind: 'plan' | 'drift' | 'destroy') =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/commons/{commons}/runs', {
          params: { path: { org, commons: name } },
          body: { kind },
        }),
      ),
    onSuccess: async (run) => {
      await queryClient.invalidateQueries({ queryKey: ['commons-runs', org, name] });
      await navigate(`/orgs/${org}/runs/${run.id}`);
    },
  });
  const latestPlanned = runs.data?.items.find((run) => run.state === 'planned');
  return (
    <Stack>
      {can('run.plan') && (
        <Group>
          <Button onClick={() => start.mutate('plan')} loading={start.isPending}>
            Plan
          </Button>
          <Button variant="default" onClick={() => start.mutate('drift')}>
            Check drift
          </Button>
          <Button variant="outline" color="red" onClick={() => start.mutate('destroy')}>
            Plan destroy
          </Button>
        </Group>
      )}
      <ErrorAlert error={start.error ?? runs.error} title="Runs" />
      {latestPlanned?.plan && (
        <Card withBorder>
          <Text fw={600} mb="xs">
            Waiting for approval:{' '}
            <Anchor component={Link} to={`/orgs/${org}/runs/${latestPlanned.id}`}>
              open the run
            </Anchor>
          </Text>
          <PlanSummary plan={latestPlanned.plan} />
        </Card>
      )}
      <Table withTableBorder striped aria-label="Runs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Run</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Plan</Table.Th>
            <Table.Th>Requested by</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(runs.data?.items ?? []).map((run) => (
            <Table.Tr key={run.id}>
              <Table.Td>
                <Anchor component={Link} to={`/orgs/${org}/runs/${run.id}`}>
                  {shortId(run.id)}
                </Anchor>
              </Table.Td>
              <Table.Td>{run.kind}</Table.Td>
              <Table.Td>
                <RunStateBadge state={run.state} />
              </Table.Td>
              <Table.Td>
                {run.plan
                  ? `+${run.plan.summary.add} ~${run.plan.summary.change} -${run.plan.summary.destroy}`
                  : '—'}
              </Table.Td>
              <Table.Td>{run.requestedBy}</Table.Td>
              <Table.Td>{new Date(run.createdAt).toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function RevisionsTab({ org, commons }: { org: string; commons: Commons }) {
  const name = commons.metadata.name;
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const revisions = useQuery({
    queryKey: ['revisions', org, name, commons.status.revision],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{org}/commons/{commons}/revisions', {
          params: { path: { org, commons: name } },
        }),
      ),
  });
  const numbers = (revisions.data?.items ?? []).map((revision) => String(revision.number));
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const diff = useQuery({
    queryKey: ['diff', org, name, from, to],
    enabled: !!from && !!to,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{org}/commons/{commons}/diff', {
          params: { path: { org, commons: name }, query: { from: Number(from), to: Number(to) } },
        }),
      ),
  });
  const restore = useMutation({
    mutationFn: (revision: number) =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/commons/{commons}/revisions/{revision}/restore', {
          params: { path: { org, commons: name, revision } },
          headers: { 'if-match': etagOf(commons.version) },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(['commons', org, name], updated);
      notifications.show({ message: `Restored as revision ${updated.status.revision}.` });
    },
  });
  return (
    <Stack>
      <ErrorAlert error={revisions.error ?? restore.error} title="Revisions" />
      <Group align="flex-end">
        <Select label="Compare revision" data={numbers} value={from} onChange={setFrom} w={160} />
        <Select label="with revision" data={numbers} value={to} onChange={setTo} w={160} />
      </Group>
      <ErrorAlert error={diff.error} title="Could not compare" />
      {diff.data && (
        <Card withBorder aria-label="Differences">
          {diff.data.changes.length === 0 && <Text size="sm">The two revisions are the same.</Text>}
          {diff.data.changes.map((change) => (
            <Text key={change.path} size="sm" ff="monospace">
              {change.op} <strong>{change.path}</strong>:{' '}
              <span className="diff-remove">{JSON.stringify(change.from)}</span> →{' '}
              <span className="diff-add">{JSON.stringify(change.to)}</span>
            </Text>
          ))}
        </Card>
      )}
      <Table withTableBorder striped aria-label="Revision history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Author</Table.Th>
            <Table.Th>Message</Table.Th>
            <Table.Th>Changes</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(revisions.data?.items ?? []).map((revision) => (
            <Table.Tr key={revision.number}>
              <Table.Td>{revision.number}</Table.Td>
              <Table.Td>{revision.author}</Table.Td>
              <Table.Td>{revision.message}</Table.Td>
              <Table.Td>{revision.changes.map((change) => change.path).join(', ') || '—'}</Table.Td>
              <Table.Td>{new Date(revision.createdAt).toLocaleString()}</Table.Td>
              <Table.Td>
                {can('commons.write') && revision.number !== commons.status.revision && (
                  <Button size="xs" variant="default" onClick={() => restore.mutate(revision.number)}>
                    Restore
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function SettingsTab({ org, commons }: { org: string; commons: Commons }) {
  const name = commons.metadata.name;
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const initial = JSON.stringify(
    {
      apiVersion: commons.apiVersion,
      kind: commons.kind,
      metadata: { name, ...(commons.metadata.labels ? { labels: commons.metadata.labels } : {}) },
      spec: commons.spec,
    },
    null,
    2,
  );
  const [text, setText] = useState(initial);
  const [parseError, setParseError] = useState<string>();
  const save = useMutation({
    mutationFn: (document: never) =>
      unwrap(
        api.PUT('/api/v1/orgs/{org}/commons/{commons}', {
          params: { path: { org, commons: name } },
          body: document,
          headers: { 'if-match': etagOf(commons.version) },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(['commons', org, name], updated);
      notifications.show({ message: `Saved as revision ${updated.status.revision}. Plan to apply it.` });
    },
  });
  return (
    <Stack>
      <Text size="sm">
        The declarative document of this commons. Saving makes a new revision; a plan run applies it.
      </Text>
      <Textarea
        label="Commons document (JSON)"
        autosize
        minRows={14}
        ff="monospace"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        readOnly={!can('commons.write')}
      />
      {parseError && <ErrorAlert error={new Error(parseError)} title="Not valid JSON" />}
      <ErrorAlert error={save.error} title="Could not save" />
      {can('commons.write') && (
        <Group>
          <Button
            onClick={() => {
              try {
                const document = JSON.parse(text) as never;
                setParseError(undefined);
                save.mutate(document);
              } catch (error) {
                setParseError(error instanceof Error ? error.message : String(error));
              }
            }}
            loading={save.isPending}
          >
            Save as new revision
          </Button>
        </Group>
      )}
      {can('commons.delete') && <DeleteCommonsCard org={org} commons={commons} />}
    </Stack>
  );
}
