// Gen3 operations on the commons' cluster, for roles that may act (cluster.act: operators and above):
// restart a Deployment, run usersync, ETL or the database migration now, or run one of the chart's CronJobs.
// Each asks for the commons' name typed out (the server checks it again), then shows the action's live
// output and final state; a prod commons may answer "pending approval" (a second person approves).
import type { Workload } from '@csoc/common/agent-protocol';
import { Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  approveClusterAction,
  clusterKeys,
  clusterQueries,
  startClusterAction,
  type ClusterActionKind,
} from '../../../api/clusterQueries.ts';
import { useActionStream } from '../../../app/useActionStream.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { DataTable, NOWRAP } from '../../../components/DataTable.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';

const ACTIONS: ReadonlyArray<{ value: ClusterActionKind; label: string; what: string }> = [
  { value: 'restart', label: 'Restart a service', what: 'rolls the Deployment to new pods' },
  {
    value: 'usersync',
    label: 'Run usersync now',
    what: "syncs users and access from the commons' user.yaml",
  },
  { value: 'etl', label: 'Run ETL (Guppy index)', what: 'rebuilds the Elasticsearch indices Guppy serves' },
  { value: 'db-migrate', label: 'Run database migrations', what: "runs fence's database migration job" },
  {
    value: 'cronjob',
    label: 'Run a CronJob now',
    what: 'creates a Job from the CronJob, as kubectl create job --from does',
  },
];

const STATE_COLORS: Record<string, string> = {
  'pending-approval': 'yellow',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
};

export function ClusterActionsPanel({
  org,
  commons,
  workloads,
  mayApprove,
  approverRole,
}: {
  org: string;
  commons: string;
  workloads: readonly Workload[];
  /**
   * cluster.approve and a role at or above CSOC_APPROVER_MIN_ROLE: a second person may approve another's
   * pending action (the server refuses one's own).
   */
  mayApprove: boolean;
  /** CSOC_APPROVER_MIN_ROLE, named to those who may not approve. */
  approverRole: string;
}) {
  const queryClient = useQueryClient();
  const [action, setAction] = useState<ClusterActionKind>('restart');
  const [target, setTarget] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [current, setCurrent] = useState<string>();
  const actions = useQuery({ ...clusterQueries.actions(org, commons), refetchInterval: 5000 });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: clusterKeys.all(org, commons) });
  const stream = useActionStream(org, commons, current, refresh);
  const targets = workloads
    .filter((workload) =>
      action === 'restart' ? workload.kind === 'Deployment' : workload.kind === 'CronJob',
    )
    .map((workload) => workload.name);
  const needsTarget = action === 'restart' || action === 'cronjob';
  const start = useMutation({
    mutationFn: () =>
      startClusterAction(org, commons, {
        action,
        ...(needsTarget && target ? { target } : {}),
        confirm: typed,
      }),
    onSuccess: (started) => {
      setConfirming(false);
      setTyped('');
      setCurrent(started.id);
      refresh();
    },
  });
  const approve = useMutation({
    mutationFn: (id: string) => approveClusterAction(org, commons, id),
    onSuccess: (approved) => {
      setCurrent(approved.id);
      refresh();
    },
  });
  const chosen = ACTIONS.find((item) => item.value === action)!;
  return (
    <Card withBorder data-testid="cluster-actions">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Actions
        </Title>
        <Group align="end">
          <Select
            label="Action"
            data={ACTIONS.map((item) => ({ value: item.value, label: item.label }))}
            value={action}
            allowDeselect={false}
            onChange={(value) => {
              setAction((value as ClusterActionKind) ?? 'restart');
              setTarget(null);
            }}
          />
          {needsTarget && (
            <Select
              label={action === 'restart' ? 'Deployment' : 'CronJob'}
              placeholder="choose one"
              data={targets}
              value={target}
              searchable
              onChange={setTarget}
            />
          )}
          <Button onClick={() => setConfirming(true)} disabled={needsTarget && !target}>
            Run…
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {chosen.label}: {chosen.what}. Every action is audited with who ran it and how it ended.
        </Text>
        {current && (
          <Stack gap={4} data-testid="action-output">
            <Group gap="xs">
              <Text size="sm" fw={600}>
                Live output
              </Text>
              {stream.state && (
                <Badge
                  variant="light"
                  color={STATE_COLORS[stream.state] ?? 'gray'}
                  data-testid="action-state"
                >
                  {stream.state}
                </Badge>
              )}
            </Group>
            <pre className="run-log" tabIndex={0} aria-label="Action output">
              {stream.trimmed ? '[older output is no longer kept]\n' : ''}
              {stream.output || (stream.ended ? '' : 'Waiting for output…')}
            </pre>
            {stream.ended && (
              <Text size="sm" data-testid="action-result">
                {stream.state === 'succeeded'
                  ? 'Succeeded'
                  : stream.state === 'failed'
                    ? 'Failed'
                    : stream.state}
                {stream.result ? `: ${stream.result}` : ''}
              </Text>
            )}
            {stream.state === 'pending-approval' && (
              <Text size="sm">
                This commons needs a second person ({approverRole} or above) to approve the action before it
                runs.
              </Text>
            )}
          </Stack>
        )}
        <ErrorAlert error={approve.error} title="CSOC refused the approval" />
        <DataTable
          label="Recent actions"
          rows={actions.data?.actions ?? []}
          rowKey={(item) => item.id}
          empty={<Text size="sm">No action has run on this commons yet.</Text>}
          columns={[
            {
              header: 'Action',
              cell: (item) => (item.target ? `${item.action} ${item.target}` : item.action),
            },
            {
              header: 'State',
              cell: (item) => (
                <Badge variant="light" color={STATE_COLORS[item.state] ?? 'gray'}>
                  {item.state}
                </Badge>
              ),
            },
            { header: 'By', cell: (item) => item.requestedBy },
            { header: 'Result', cell: (item) => item.result ?? '—' },
            {
              header: 'Started',
              cell: (item) => new Date(item.createdAt).toLocaleString(),
              cellProps: NOWRAP,
            },
            {
              header: 'Output',
              cell: (item) => (
                <Group gap={4} wrap="nowrap">
                  <Button size="compact-xs" variant="subtle" onClick={() => setCurrent(item.id)}>
                    Show
                  </Button>
                  {item.state === 'pending-approval' && !mayApprove && (
                    <Text size="xs" c="dimmed" data-testid="awaiting-approver">
                      waiting for an approver ({approverRole} or above)
                    </Text>
                  )}
                  {item.state === 'pending-approval' && mayApprove && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      loading={approve.isPending && approve.variables === item.id}
                      onClick={() => approve.mutate(item.id)}
                      aria-label={`Approve ${item.action} requested by ${item.requestedBy}`}
                    >
                      Approve
                    </Button>
                  )}
                </Group>
              ),
            },
          ]}
        />
      </Stack>
      {confirming && (
        <ConfirmDialog
          title={`${chosen.label} on ${commons}?`}
          confirmLabel={chosen.label}
          confirmColor="orange"
          confirmDisabled={typed !== commons}
          pending={start.isPending}
          asForm
          onClose={() => {
            setConfirming(false);
            setTyped('');
            start.reset();
          }}
          onConfirm={() => start.mutate()}
          error={start.error}
          errorTitle="CSOC refused the action"
        >
          <Text size="sm">
            {needsTarget && target ? `${target}: ` : ''}
            {chosen.what}. It runs in the commons&apos; cluster through its agent.
          </Text>
          <TextInput
            label={`Type ${commons} to confirm`}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            data-autofocus
          />
        </ConfirmDialog>
      )}
    </Card>
  );
}
