// The commons' pods: phase, ready, restarts, the last termination reason (why the last container died:
// OOMKilled, Error, …), node, CPU and memory when the cluster has a metrics API, and a button to its log.
// A namespace with more pods than a page shows the first page and a button for the next (ADR 0081).
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import type {
  ClusterPod as PodSummary,
  PodMetricsList as MetricsPodsResult,
} from '../../../api/clusterQueries.ts';
import { DataTable, NOWRAP } from '../../../components/DataTable.tsx';

const PHASE_COLORS: Record<string, string> = {
  Running: 'green',
  Succeeded: 'blue',
  Pending: 'yellow',
  Failed: 'red',
};

const lastTermination = (pod: PodSummary) =>
  pod.containers.map((container) => container.lastTerminationReason).find(Boolean);

const mebibytes = (bytes: number) => `${Math.round(bytes / 1_048_576)} MiB`;

export function PodsTable({
  pods,
  metrics,
  onShowLog,
  more,
}: {
  pods: readonly PodSummary[];
  metrics: MetricsPodsResult | undefined;
  onShowLog: (pod: PodSummary) => void;
  /** Present while the namespace has pods beyond those shown. */
  more?: { load: () => void; loading: boolean };
}) {
  const usage = new Map((metrics?.pods ?? []).map((entry) => [entry.name, entry]));
  return (
    <Stack gap="xs">
      <DataTable
        label="Pods"
        rows={pods}
        rowKey={(pod) => pod.name}
        rowProps={(pod) => ({ 'data-testid': `pod-${pod.name}` })}
        empty={<Text size="sm">No pods.</Text>}
        columns={[
          {
            header: 'Pod',
            cell: (pod) => (
              <Text size="sm" ff="monospace">
                {pod.name}
              </Text>
            ),
          },
          {
            header: 'Phase',
            cell: (pod) => (
              <Badge variant="light" color={PHASE_COLORS[pod.phase] ?? 'gray'}>
                {pod.phase}
                {pod.phase === 'Running' && !pod.ready ? ' (not ready)' : ''}
              </Badge>
            ),
            cellProps: NOWRAP,
          },
          { header: 'Restarts', cell: (pod) => pod.restarts },
          {
            header: 'Last termination',
            cell: (pod) => {
              const reason = lastTermination(pod);
              return reason ? (
                <Text size="sm" c="red">
                  {reason}
                </Text>
              ) : (
                '—'
              );
            },
          },
          ...(metrics?.available
            ? [
                {
                  header: 'CPU',
                  cell: (pod: PodSummary) => {
                    const entry = usage.get(pod.name);
                    return entry ? `${Math.round(entry.cpuMillicores)}m` : '—';
                  },
                  cellProps: NOWRAP,
                },
                {
                  header: 'Memory',
                  cell: (pod: PodSummary) => {
                    const entry = usage.get(pod.name);
                    return entry ? mebibytes(entry.memoryBytes) : '—';
                  },
                  cellProps: NOWRAP,
                },
              ]
            : []),
          {
            header: 'Log',
            cell: (pod) => (
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => onShowLog(pod)}
                aria-label={`Log of ${pod.name}`}
              >
                Log
              </Button>
            ),
          },
        ]}
      />
      {more && (
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={more.load} loading={more.loading}>
            Load more pods
          </Button>
          <Text size="xs" c="dimmed" data-testid="pods-shown">
            {pods.length} pods shown; the namespace has more.
          </Text>
        </Group>
      )}
    </Stack>
  );
}
