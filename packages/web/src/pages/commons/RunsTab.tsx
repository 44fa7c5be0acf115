// The Runs tab of a commons: start a plan, a drift check or a destroy plan; the plan waiting for approval;
// the latest runs.
import { Anchor, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/apiClient.ts';
import { commonsQueries } from '../../api/commonsQueries.ts';
import { commonsKeys } from '../../api/queryKeys.ts';
import { shortId } from '../../app/shortId.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PlanSummary } from '../../components/PlanSummary.tsx';
import { RunStateBadge } from '../../components/RunStateBadge.tsx';

export function RunsTab({ org, name }: { org: string; name: string }) {
  const runs = useQuery({ ...commonsQueries.runs(org, name), refetchInterval: 5000 });
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
      await queryClient.invalidateQueries({ queryKey: commonsKeys.runs(org, name) });
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
      <DataTable
        label="Runs"
        rows={runs.data?.items ?? []}
        rowKey={(run) => run.id}
        columns={[
          {
            header: 'Run',
            cell: (run) => (
              <Anchor component={Link} to={`/orgs/${org}/runs/${run.id}`}>
                {shortId(run.id)}
              </Anchor>
            ),
          },
          { header: 'Kind', cell: (run) => run.kind },
          { header: 'State', cell: (run) => <RunStateBadge state={run.state} /> },
          {
            header: 'Plan',
            cell: (run) =>
              run.plan
                ? `+${run.plan.summary.add} ~${run.plan.summary.change} -${run.plan.summary.destroy}`
                : '—',
          },
          { header: 'Requested by', cell: (run) => run.requestedBy },
          { header: 'Created', cell: (run) => new Date(run.createdAt).toLocaleString() },
        ]}
      />
    </Stack>
  );
}
