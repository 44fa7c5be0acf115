// The namespace's events, newest first: type (Warnings stand out), reason, the object, the message, how
// many times and when last.
import { Badge, Stack, Text } from '@mantine/core';
import type { ClusterEvent } from '../../../api/clusterQueries.ts';
import { DataTable, NOWRAP } from '../../../components/DataTable.tsx';

export function EventsTable({ events, total }: { events: readonly ClusterEvent[]; total?: number }) {
  const newestFirst = [...events].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen)).slice(0, 100);
  const hidden = Math.max(total ?? events.length, events.length) - newestFirst.length;
  return (
    <Stack gap="xs">
      {hidden > 0 && (
        <Text size="xs" c="dimmed" data-testid="events-shown">
          The newest {newestFirst.length} of {total ?? events.length} events.
        </Text>
      )}
      <DataTable
        label="Events"
        rows={newestFirst}
        rowKey={(event) =>
          `${event.object.kind}/${event.object.name}/${event.reason}/${event.lastSeen}/${event.message}`
        }
        empty={<Text size="sm">No events.</Text>}
        columns={[
          {
            header: 'Type',
            cell: (event) => (
              <Badge variant="light" color={event.type === 'Warning' ? 'orange' : 'gray'}>
                {event.type}
              </Badge>
            ),
          },
          { header: 'Reason', cell: (event) => event.reason },
          {
            header: 'Object',
            cell: (event) => `${event.object.kind}/${event.object.name}`,
            cellProps: NOWRAP,
          },
          { header: 'Message', cell: (event) => event.message },
          { header: 'Count', cell: (event) => event.count },
          {
            header: 'Last seen',
            cell: (event) => new Date(event.lastSeen).toLocaleTimeString(),
            cellProps: NOWRAP,
          },
        ]}
      />
    </Stack>
  );
}
