// The delivery log: every attempt to send a notification (and every test-send), newest first — channel,
// attempt, outcome, the receiver's status and the error, which process sent it and how long it took.
import { Badge, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { alertQueries } from '../../api/alertQueries.ts';
import type { AlertDelivery } from '../../api/apiShapes.ts';
import { DataTable, NOWRAP } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

const OUTCOME_COLORS: Record<string, string> = { delivered: 'green', failed: 'red', suppressed: 'gray' };

export function DeliveriesPanel({ org }: { org: string }) {
  const deliveries = useQuery({ ...alertQueries.deliveries(org), refetchInterval: 10_000 });
  return (
    <>
      <ErrorAlert error={deliveries.error} title="Delivery log" />
      <DataTable<AlertDelivery>
        label="Delivery log"
        rows={deliveries.data?.items ?? []}
        rowKey={(delivery) => delivery.id}
        rowProps={(delivery) => ({ 'data-testid': 'delivery-row', 'data-outcome': delivery.outcome })}
        empty={<Text size="sm">Nothing sent yet.</Text>}
        columns={[
          { header: 'When', cell: (delivery) => new Date(delivery.startedAt).toLocaleString() },
          { header: 'Channel', cellProps: NOWRAP, cell: (delivery) => delivery.channel },
          { header: 'Attempt', cell: (delivery) => delivery.attempt },
          {
            header: 'Outcome',
            cellProps: NOWRAP,
            cell: (delivery) => (
              <Badge miw="max-content" variant="light" color={OUTCOME_COLORS[delivery.outcome] ?? 'gray'}>
                {delivery.outcome}
              </Badge>
            ),
          },
          { header: 'Status', cell: (delivery) => delivery.statusCode ?? '—' },
          { header: 'Error', cell: (delivery) => delivery.error ?? '—' },
          { header: 'Alerts', cell: (delivery) => delivery.alertIds.length },
          { header: 'By', cell: (delivery) => delivery.deliveredBy },
          { header: 'Took', cell: (delivery) => `${delivery.durationMs} ms` },
        ]}
      />
    </>
  );
}
