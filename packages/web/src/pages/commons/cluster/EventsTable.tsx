// The namespace's events, newest first: type (Warnings stand out), reason, the object, the message, how
// many times and when last.
import type { ClusterEvent } from '@csoc/common/agent-protocol';
import { Badge, Text } from '@mantine/core';
import { DataTable, NOWRAP } from '../../../components/DataTable.tsx';

export function EventsTable({ events }: { events: readonly ClusterEvent[] }) {
  const newestFirst = [...events].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen)).slice(0, 100);
  return (
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
        { header: 'Object', cell: (event) => `${event.object.kind}/${event.object.name}`, cellProps: NOWRAP },
        { header: 'Message', cell: (event) => event.message },
        { header: 'Count', cell: (event) => event.count },
        {
          header: 'Last seen',
          cell: (event) => new Date(event.lastSeen).toLocaleTimeString(),
          cellProps: NOWRAP,
        },
      ]}
    />
  );
}
