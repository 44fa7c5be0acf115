// One bulk action: the plan or drift check of every selected commons, what the plans would change in all,
// and one approval that lists every plan it approves (each approved and audited on its own, ADR 0046).
// The runs are the action: their ids are in the URL, so the page can be shared and reloaded.
import { Alert, Anchor, Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import {
  approveBulkRuns,
  bulkKeys,
  bulkQueries,
  type BulkRunItem,
  type BulkRuns,
} from '../../api/bulkQueries.ts';
import { fleetKeys } from '../../api/queryKeys.ts';
import { shortId } from '../../app/shortId.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DataTable, NOWRAP } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { RunStateBadge } from '../../components/RunStateBadge.tsx';

const STILL_GOING = ['queued', 'running', 'applying'];

/** What the fleet page hands over: the commons that got no run, with the reason. */
export interface BulkStartNotes {
  notStarted: { commons: string; message: string }[];
}

const planText = (item: BulkRunItem) =>
  item.run?.plan
    ? `+${item.run.plan.summary.add} ~${item.run.plan.summary.change} -${item.run.plan.summary.destroy}`
    : '—';

function driftText(item: BulkRunItem): string {
  if (item.run?.kind !== 'drift') return '—';
  if (item.run.driftDetected === null) return item.run.state === 'succeeded' ? '—' : 'checking';
  return item.run.driftDetected ? 'drift found' : 'no drift';
}

function SummaryLine({ bulk }: { bulk: BulkRuns }) {
  const { summary } = bulk;
  return (
    <Group gap="xs" aria-label="What this bulk action would change" role="group" data-testid="bulk-summary">
      <Badge color="green" variant="light">
        +{summary.add} to add
      </Badge>
      <Badge color="orange" variant="light">
        ~{summary.change} to change
      </Badge>
      <Badge color="red" variant="light">
        -{summary.destroy} to destroy
      </Badge>
      <Text size="sm" c="dimmed">
        {summary.commons} commons: {summary.planned} waiting for approval, {summary.inProgress} in progress,{' '}
        {summary.succeeded} succeeded, {summary.failed} failed
        {summary.driftDetected ? `, ${summary.driftDetected} with drift` : ''}
      </Text>
    </Group>
  );
}

export function BulkActionPage() {
  const { org = '' } = useParams<{ org: string }>();
  const [params] = useSearchParams();
  const location = useLocation();
  const notes = (location.state as BulkStartNotes | null)?.notStarted ?? [];
  const runIds = useMemo(() => (params.get('runs') ?? '').split(',').filter(Boolean), [params]);
  const { canApprove } = useOrgRole(org);
  const queryClient = useQueryClient();
  const bulk = useQuery({
    ...bulkQueries.runs(org, runIds),
    // Poll while a run is on its way; stop once every plan waits for approval or every run ended.
    refetchInterval: (query) =>
      query.state.data?.items.some((item) => item.run && STILL_GOING.includes(item.run.state)) ? 2000 : false,
  });
  const [confirming, setConfirming] = useState(false);
  const [refusals, setRefusals] = useState<BulkRunItem[]>([]);
  const planned = (bulk.data?.items ?? []).filter((item) => item.run?.state === 'planned');

  const approveAll = useMutation({
    // Each plan at the version on screen: one that moved since is left alone and listed with the reason.
    mutationFn: () =>
      approveBulkRuns(
        org,
        planned.map((item) => ({ id: item.run!.id, version: item.run!.version })),
      ),
    onSuccess: (answer) => {
      setConfirming(false);
      const refused = answer.items.filter((item) => item.error);
      setRefusals(refused);
      notifications.show({
        message: `${answer.items.length - refused.length} of ${answer.items.length} plans approved: applying the saved plans.`,
      });
      void queryClient.invalidateQueries({ queryKey: bulkKeys.runs(org, runIds) });
      void queryClient.invalidateQueries({ queryKey: fleetKeys.list(org) });
    },
  });

  const kind = bulk.data?.items[0]?.run?.kind ?? params.get('kind') ?? 'plan';
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{kind === 'drift' ? 'Bulk drift check' : 'Bulk plan'}</Title>
        <Anchor component={Link} to={`/orgs/${org}/fleet`}>
          Back to the fleet
        </Anchor>
      </Group>
      {runIds.length === 0 && (
        <Alert color="yellow" title="No runs in this bulk action">
          Select commons on the fleet page and choose Plan or Check drift.
        </Alert>
      )}
      {notes.length > 0 && (
        <Alert color="yellow" title={`${notes.length} commons got no run`} data-testid="bulk-not-started">
          <List size="sm">
            {notes.map((note) => (
              <List.Item key={note.commons}>
                {note.commons}: {note.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <ErrorAlert error={bulk.error} title="Could not read the bulk action" />
      {bulk.data && (
        <>
          <SummaryLine bulk={bulk.data} />
          {canApprove('run.approve') && kind === 'plan' && (
            <Group>
              <Button disabled={planned.length === 0} onClick={() => setConfirming(true)}>
                Approve all {planned.length} plans
              </Button>
              {planned.length === 0 && (
                <Text size="sm" c="dimmed">
                  {bulk.data.summary.inProgress > 0
                    ? 'Plans are still being made…'
                    : 'No plan waits for approval.'}
                </Text>
              )}
            </Group>
          )}
          {refusals.length > 0 && (
            <Alert
              color="red"
              title={`${refusals.length} plans were not approved`}
              data-testid="bulk-refusals"
            >
              <List size="sm">
                {refusals.map((item) => (
                  <List.Item key={item.commons}>
                    {item.commons}: {item.error?.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <DataTable
            label="Runs of this bulk action"
            rows={bulk.data.items}
            rowKey={(item) => item.run?.id ?? item.commons}
            rowProps={(item) => ({ 'data-testid': 'bulk-row', 'data-commons': item.commons })}
            columns={[
              {
                header: 'Commons',
                cell: (item) => <Link to={`/orgs/${org}/commons/${item.commons}`}>{item.commons}</Link>,
                cellProps: NOWRAP,
              },
              {
                header: 'Run',
                cell: (item) =>
                  item.run ? (
                    <Link to={`/orgs/${org}/runs/${item.run.id}`}>{shortId(item.run.id)}</Link>
                  ) : (
                    '—'
                  ),
              },
              {
                header: 'State',
                cell: (item) => (item.run ? <RunStateBadge state={item.run.state} /> : 'not started'),
                cellProps: NOWRAP,
              },
              { header: 'Plan (+add ~change -destroy)', cell: planText, cellProps: NOWRAP },
              { header: 'Drift', cell: driftText },
              { header: 'Message', cell: (item) => item.error?.message ?? item.run?.message ?? '' },
            ]}
          />
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Approve ${planned.length} plans?`}
          confirmLabel={`Approve ${planned.length} plans`}
          onConfirm={() => approveAll.mutate()}
          onClose={() => setConfirming(false)}
          pending={approveAll.isPending}
          error={approveAll.error}
          errorTitle="Could not approve the plans"
        >
          <Text size="sm">
            Each saved plan below is applied exactly as shown. A plan that changed since this page read it is
            not approved.
          </Text>
          <DataTable
            label="Plans to approve"
            rows={planned}
            rowKey={(item) => item.run!.id}
            columns={[
              { header: 'Commons', cell: (item) => item.commons },
              { header: 'Plan', cell: planText, cellProps: NOWRAP },
            ]}
          />
        </ConfirmDialog>
      )}
    </Stack>
  );
}
