// The alerts of the org by state — firing, pending (waiting out the rule's "for"), resolved — newest
// first, each with its commons, summary and whether it is acknowledged or silenced; operators acknowledge
// one (someone is on it) or silence it and its repeats.
import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { alertQueries, type AlertListState } from '../../api/alertQueries.ts';
import { api, unwrap } from '../../api/apiClient.ts';
import type { Alert } from '../../api/apiShapes.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { DataTable, NOWRAP } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { matchersForAlert } from './alertForms.ts';
import { SilenceDialog } from './SilenceDialog.tsx';
import { useAlertsChanged } from './useAlertsChanged.ts';

export const SEVERITY_COLORS: Record<string, string> = { critical: 'red', warning: 'orange', info: 'blue' };
const STATES: AlertListState[] = ['firing', 'pending', 'resolved'];
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export function AlertListPanel({ org }: { org: string }) {
  const { can } = useOrgRole(org);
  const changed = useAlertsChanged(org);
  const [state, setState] = useState<AlertListState>('firing');
  const lists = {
    firing: useQuery({ ...alertQueries.list(org, 'firing'), refetchInterval: 5000 }),
    pending: useQuery({ ...alertQueries.list(org, 'pending'), refetchInterval: 5000 }),
    resolved: useQuery({ ...alertQueries.list(org, 'resolved'), refetchInterval: 15_000 }),
  };
  const shown = lists[state];
  const [silencing, setSilencing] = useState<Alert>();
  const acknowledge = useMutation({
    mutationFn: (alert: Alert) =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/alerts/{alert}/ack', {
          params: { path: { org, alert: alert.id } },
          body: {},
        }),
      ),
    onSuccess: async (alert) => {
      notifications.show({
        message: `Acknowledged ${alert.rule}${alert.commons ? ` on ${alert.commons}` : ''}.`,
      });
      await changed();
    },
  });
  const count = (item: AlertListState) => {
    const items = lists[item].data?.items;
    if (!items) return '';
    return ` ${items.length}${lists[item].data?.nextCursor ? '+' : ''}`;
  };
  return (
    <Stack>
      <SegmentedControl
        aria-label="Alert state"
        w="fit-content"
        value={state}
        onChange={(value) => setState(value as AlertListState)}
        data={STATES.map((item) => ({ value: item, label: `${item}${count(item)}` }))}
      />
      <ErrorAlert error={shown.error ?? acknowledge.error} title="Alerts" />
      <DataTable<Alert>
        label={`${state} alerts`}
        rows={shown.data?.items ?? []}
        rowKey={(alert) => alert.id}
        rowProps={(alert) => ({ 'data-testid': 'alert-row', 'data-rule': alert.rule })}
        empty={<Text size="sm">No {state} alert.</Text>}
        columns={[
          {
            header: 'Severity',
            cellProps: NOWRAP,
            cell: (alert) => (
              <Badge miw="max-content" color={SEVERITY_COLORS[alert.severity] ?? 'gray'} variant="light">
                {alert.severity}
              </Badge>
            ),
          },
          { header: 'Rule', cellProps: NOWRAP, cell: (alert) => alert.rule },
          {
            header: 'Commons',
            cellProps: NOWRAP,
            cell: (alert) =>
              alert.commons ? (
                <Anchor component={Link} to={`/orgs/${org}/commons/${alert.commons}?tab=monitoring`}>
                  {alert.commons}
                </Anchor>
              ) : (
                '—'
              ),
          },
          { header: 'Summary', cell: (alert) => alert.summary },
          {
            header: state === 'resolved' ? 'Resolved' : state === 'firing' ? 'Firing since' : 'Pending since',
            cell: (alert) =>
              when(
                state === 'resolved'
                  ? alert.resolvedAt
                  : state === 'firing'
                    ? alert.firedAt
                    : alert.activeSince,
              ),
          },
          {
            header: 'Status',
            cellProps: NOWRAP,
            cell: (alert) => (
              <Group gap={4}>
                {alert.acknowledgedAt && (
                  <Badge
                    miw="max-content"
                    variant="outline"
                    color="teal"
                    title={`by ${alert.acknowledgedBy}`}
                  >
                    acknowledged
                  </Badge>
                )}
                {alert.silenced && (
                  <Badge miw="max-content" variant="outline" color="gray">
                    silenced
                  </Badge>
                )}
              </Group>
            ),
          },
          ...(state !== 'resolved' && (can('alert.ack') || can('alert.manage'))
            ? [
                {
                  header: 'Actions',
                  cell: (alert: Alert) => (
                    <Group gap={4} wrap="nowrap">
                      {can('alert.ack') && !alert.acknowledgedAt && (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={`Acknowledge ${alert.rule}${alert.commons ? ` on ${alert.commons}` : ''}`}
                          loading={acknowledge.isPending && acknowledge.variables?.id === alert.id}
                          onClick={() => acknowledge.mutate(alert)}
                        >
                          Acknowledge
                        </Button>
                      )}
                      {can('alert.manage') && !alert.silenced && (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={`Silence ${alert.rule}${alert.commons ? ` on ${alert.commons}` : ''}`}
                          onClick={() => setSilencing(alert)}
                        >
                          Silence
                        </Button>
                      )}
                    </Group>
                  ),
                },
              ]
            : []),
        ]}
      />
      {silencing && (
        <SilenceDialog
          org={org}
          title={`Silence ${silencing.rule}${silencing.commons ? ` on ${silencing.commons}` : ''}`}
          initialMatchers={matchersForAlert(silencing)}
          onClose={() => setSilencing(undefined)}
        />
      )}
    </Stack>
  );
}
