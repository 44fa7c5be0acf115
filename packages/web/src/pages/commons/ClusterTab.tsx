// The Cluster tab of a commons: what its csoc-agent sees inside the cluster (ADR 0065) — workloads with
// ready counts and whether their images are the release's, pods with phase, restarts and the last
// termination reason (CPU and memory when the cluster has a metrics API), events, a pod's log, and the
// Gen3 actions for roles that may act. Without a connected agent it says so and how to enable one.
import { Alert, Code, List, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Commons } from '../../api/apiShapes.ts';
import { clusterQueries, type ClusterPod } from '../../api/clusterQueries.ts';
import { releaseTagsByRepository, type ReleaseImages } from '../../app/imageReleaseMatch.ts';
import { useRelease } from '../../app/useReleases.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ClusterActionsPanel } from './cluster/ClusterActionsPanel.tsx';
import { EventsTable } from './cluster/EventsTable.tsx';
import { JoinTokenCard } from './cluster/JoinTokenCard.tsx';
import { PodLogViewer } from './cluster/PodLogViewer.tsx';
import { PodsTable } from './cluster/PodsTable.tsx';
import { UserYamlPanel } from './cluster/UserYamlPanel.tsx';
import { WorkloadsTable } from './cluster/WorkloadsTable.tsx';

/** The label that renders csoc-agent into a commons' GitOps files (toRenderInput.ts). */
const AGENT_LABEL = 'csoc.gen3.org/agent';

function NoAgent({
  org,
  commons,
  enrolled,
  labelled,
  mayManage,
}: {
  org: string;
  commons: string;
  enrolled: boolean;
  labelled: boolean;
  mayManage: boolean;
}) {
  return (
    <Alert color="gray" title="No agent connected" data-testid="no-agent">
      <Stack gap="xs">
        <Text size="sm">
          {enrolled
            ? "This commons' csoc-agent enrolled but is not connected to this CSOC now: the live view and actions come back when it reconnects (it retries on its own, with backoff)."
            : 'CSOC sees inside a commons only through its csoc-agent, which dials out from the cluster (no inbound port).'}
        </Text>
        {!enrolled && (
          <List size="sm" type="ordered">
            <List.Item>
              {labelled ? 'The commons has the label ' : 'Label the commons '}
              <Code>{AGENT_LABEL}: enabled</Code>
              {labelled
                ? '.'
                : ' (Settings) and deploy it: the deploy renders the agent with a namespaced Role.'}
            </List.Item>
            <List.Item>
              An org admin creates a one-time join token:{' '}
              <Code>POST …/commons/{commons}/agent/join-token</Code>.
            </List.Item>
            <List.Item>
              Put it in the secret manager entry{' '}
              <Code>&lt;environment&gt;-&lt;namespace&gt;-csoc-agent-join-token</Code> (property{' '}
              <Code>token</Code>); the agent enrols with it and connects.
            </List.Item>
          </List>
        )}
        {mayManage && <JoinTokenCard org={org} commons={commons} />}
      </Stack>
    </Alert>
  );
}

export function ClusterTab({ org, commons }: { org: string; commons: Commons }) {
  const name = commons.metadata.name;
  const { can, canApprove, approverRole } = useOrgRole(org);
  const agent = useQuery({ ...clusterQueries.agent(org, name), refetchInterval: 5000 });
  const connected = agent.data?.connected === true;
  // Paged (ADR 0081): each refresh re-reads the pages loaded so far, "Load more" adds the next.
  const workloads = useInfiniteQuery({
    ...clusterQueries.workloads(org, name, connected),
    refetchInterval: 5000,
  });
  const pods = useInfiniteQuery({ ...clusterQueries.pods(org, name, connected), refetchInterval: 5000 });
  const workloadList = useMemo(
    () => workloads.data?.pages.flatMap((page) => page.workloads),
    [workloads.data],
  );
  const podList = useMemo(() => pods.data?.pages.flatMap((page) => page.pods), [pods.data]);
  const events = useQuery({ ...clusterQueries.events(org, name, connected), refetchInterval: 10_000 });
  const metrics = useQuery({ ...clusterQueries.metrics(org, name, connected), refetchInterval: 15_000 });
  const releaseVersion = commons.spec.gen3?.release;
  const release = useRelease(releaseVersion);
  const releaseTags = useMemo(
    () => releaseTagsByRepository((release.data as { images?: ReleaseImages } | undefined)?.images),
    [release.data],
  );
  const [logPod, setLogPod] = useState<ClusterPod>();

  if (agent.error) return <ErrorAlert error={agent.error} title="Could not read the commons' agent" />;
  if (!agent.data) return <Text size="sm">Reading the agent…</Text>;
  if (!connected)
    return (
      <NoAgent
        org={org}
        mayManage={can('agent.manage')}
        commons={name}
        enrolled={agent.data.enrolled}
        labelled={commons.metadata.labels?.[AGENT_LABEL] === 'enabled'}
      />
    );
  return (
    <Stack>
      <Text size="sm" c="dimmed" data-testid="agent-connected">
        Live through csoc-agent {agent.data.version ?? ''} (connected
        {agent.data.lastSeenAt ? `, last seen ${new Date(agent.data.lastSeenAt).toLocaleTimeString()}` : ''}).
      </Text>
      {can('cluster.act') && (
        <ClusterActionsPanel
          org={org}
          commons={name}
          workloads={workloadList ?? []}
          mayApprove={canApprove('cluster.approve')}
          approverRole={approverRole}
        />
      )}
      <UserYamlPanel
        org={org}
        commons={name}
        mayEdit={can('cluster.act')}
        mayApprove={canApprove('cluster.approve')}
        approverRole={approverRole}
      />
      <Title order={3} size="h4">
        Workloads
      </Title>
      <ErrorAlert error={workloads.error} title="Could not read the workloads" />
      {workloadList && (
        <WorkloadsTable
          workloads={workloadList}
          releaseTags={releaseTags}
          release={releaseVersion}
          more={
            workloads.hasNextPage
              ? { load: () => void workloads.fetchNextPage(), loading: workloads.isFetchingNextPage }
              : undefined
          }
        />
      )}
      {logPod && (
        <PodLogViewer
          key={logPod.name}
          org={org}
          commons={name}
          pod={logPod.name}
          containers={logPod.containers.map((container) => container.name)}
          onClose={() => setLogPod(undefined)}
        />
      )}
      <Title order={3} size="h4">
        Pods
      </Title>
      <ErrorAlert error={pods.error} title="Could not read the pods" />
      {metrics.data && !metrics.data.available && (
        <Text size="xs" c="dimmed">
          The cluster has no metrics API (metrics-server): CPU and memory are not shown.
        </Text>
      )}
      {podList && (
        <PodsTable
          pods={podList}
          metrics={metrics.data}
          onShowLog={setLogPod}
          more={
            pods.hasNextPage
              ? { load: () => void pods.fetchNextPage(), loading: pods.isFetchingNextPage }
              : undefined
          }
        />
      )}
      <Title order={3} size="h4">
        Events
      </Title>
      <ErrorAlert error={events.error} title="Could not read the events" />
      {events.data && <EventsTable events={events.data.events} total={events.data.total} />}
    </Stack>
  );
}
