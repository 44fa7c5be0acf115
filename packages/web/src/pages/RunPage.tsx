// One run: state, the live log (SSE), a progress bar from the plugin's progress events, the plan
// summary with its resources, and approve/discard/cancel for those whose role allows it.
import { Anchor, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../api/apiClient.ts';
import { useRunStream } from '../app/useRunStream.ts';
import { useOrgRole } from '../app/useSession.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PlanSummary } from '../components/PlanSummary.tsx';
import { RunStateBadge } from '../components/RunStateBadge.tsx';
import { fleetKeys, runKeys } from '../api/queryKeys.ts';
import { runQueries } from '../api/runQueries.ts';

const ACTIVE = ['queued', 'running', 'applying'];

export function RunPage() {
  const { org = '', runId = '' } = useParams<{ org: string; runId: string }>();
  const queryClient = useQueryClient();
  const { can, canApprove } = useOrgRole(org);
  const run = useQuery({
    ...runQueries.detail(org, runId),
    refetchInterval: (query) => (query.state.data && ACTIVE.includes(query.state.data.state) ? 3000 : false),
  });
  const stream = useRunStream(
    org,
    runId,
    () => void queryClient.invalidateQueries({ queryKey: runKeys.detail(org, runId) }),
  );
  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [stream.log]);

  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'discard' | 'cancel') =>
      decision === 'approve'
        ? unwrap(api.POST('/api/v1/orgs/{org}/runs/{runId}/approve', { params: { path: { org, runId } } }))
        : decision === 'discard'
          ? unwrap(api.POST('/api/v1/orgs/{org}/runs/{runId}/discard', { params: { path: { org, runId } } }))
          : unwrap(api.POST('/api/v1/orgs/{org}/runs/{runId}/cancel', { params: { path: { org, runId } } })),
    onSuccess: (updated, decision) => {
      queryClient.setQueryData(runKeys.detail(org, runId), updated);
      void queryClient.invalidateQueries({ queryKey: fleetKeys.list(org) });
      notifications.show({
        message: `Run ${decision === 'approve' ? 'approved: applying the saved plan' : decision === 'discard' ? 'discarded' : 'cancelled'}.`,
      });
    },
  });

  if (run.error) return <ErrorAlert error={run.error} title="Could not load the run" />;
  const data = run.data;
  const progress = stream.progress;
  const percent =
    progress && progress.total > 0
      ? Math.min(100, Math.round((progress.step / progress.total) * 100))
      : data && !ACTIVE.includes(data.state)
        ? 100
        : 0;

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2}>
            Run of{' '}
            <Anchor component={Link} to={`/orgs/${org}/commons/${data?.commons ?? ''}?tab=runs`}>
              {data?.commons ?? '…'}
            </Anchor>
          </Title>
          <Text size="sm" c="dimmed">
            {data
              ? `${data.kind} · revision ${data.commonsRevision} · ${data.plugin.name}@${data.plugin.version} · requested by ${data.requestedBy}${data.simulated ? ' · SIMULATED' : ''}`
              : runId}
          </Text>
        </div>
        {data && <RunStateBadge state={data.state} />}
      </Group>
      {data?.message && <Text size="sm">{data.message}</Text>}
      <div>
        <Text size="sm" id="run-progress-label">
          Progress{' '}
          {progress
            ? `${progress.step}/${progress.total}${progress.message ? ` — ${progress.message}` : ''}`
            : ''}
        </Text>
        {/* The progressbar role sits on the section, so that is what the label must name. */}
        <Progress.Root data-testid="run-progress">
          <Progress.Section
            value={percent}
            aria-labelledby="run-progress-label"
            animated={!!data && ACTIVE.includes(data.state)}
          />
        </Progress.Root>
      </div>
      {data?.plan && (
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">
            Plan
          </Title>
          <PlanSummary plan={data.plan} />
          {data.state === 'planned' && (
            <Group mt="md">
              {canApprove('run.approve') ? (
                <>
                  <Button color="green" onClick={() => decide.mutate('approve')} loading={decide.isPending}>
                    Approve and apply
                  </Button>
                  <Button
                    variant="default"
                    onClick={() => decide.mutate('discard')}
                    loading={decide.isPending}
                  >
                    Discard
                  </Button>
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  Waiting for approval by an admin or owner.
                </Text>
              )}
            </Group>
          )}
        </Card>
      )}
      {data && ACTIVE.includes(data.state) && can('run.cancel') && (
        <Group>
          <Button variant="default" color="red" onClick={() => decide.mutate('cancel')}>
            Cancel run
          </Button>
        </Group>
      )}
      <ErrorAlert error={decide.error} title="The run could not be changed" />
      <div>
        <Group justify="space-between">
          <Title order={3} size="h4">
            Output
          </Title>
          <Text size="xs" c="dimmed" aria-live="polite">
            {stream.ended ? 'finished' : stream.connected ? 'live' : 'connecting…'}
          </Text>
        </Group>
        <pre className="run-log" ref={logRef} data-testid="run-log" tabIndex={0} aria-label="Run output">
          {stream.log || 'Waiting for output…'}
        </pre>
      </div>
    </Stack>
  );
}
